"""System checks for the search configuration: each backend reports on its own setup."""

from django.core.checks import Error, register

from .backends import search_backends
from .exceptions import InvalidSearchBackend


@register()
def check_backends(app_configs, **kwargs):
    """Collect every configured backend's ``check()`` (search.E001: Whoosh path not writable)."""
    errors = []
    for alias in search_backends.settings:
        try:
            backend = search_backends[alias]
        except InvalidSearchBackend as exc:
            errors.append(Error(str(exc), id="search.E003"))
            continue
        errors += backend.check(**kwargs)
    return errors
