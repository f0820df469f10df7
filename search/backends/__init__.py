"""Search backends, configured like ``TASKS``: a dict of aliases in ``SEARCH_BACKENDS``.

from search.backends import default_search_backend, search_backends
results = default_search_backend.search(parse("ethnic cleansing"))
search_backends["default"].rebuild()
"""

from asgiref.local import Local
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.utils.connection import BaseConnectionHandler, ConnectionProxy
from django.utils.module_loading import import_string

from ..exceptions import InvalidSearchBackend

DEFAULT_SEARCH_BACKEND_ALIAS = "default"

__all__ = [
    "DEFAULT_SEARCH_BACKEND_ALIAS",
    "InvalidSearchBackend",
    "SearchBackendHandler",
    "default_search_backend",
    "search_backends",
]


class SearchBackendHandler(BaseConnectionHandler):
    settings_name = "SEARCH_BACKENDS"
    exception_class = InvalidSearchBackend

    def create_connection(self, alias):
        params = self.settings[alias]
        backend = params["BACKEND"]
        try:
            backend_cls = import_string(backend)
        except ImportError as e:
            raise InvalidSearchBackend(f"Could not find search backend '{backend}': {e}") from e
        return backend_cls(alias=alias, params=params)

    def reset(self) -> None:
        """Forget configured backends (settings changed, or a test wants a fresh index)."""
        for backend in self.all(initialized_only=True):
            backend.close()
        # The cached ``settings`` property also keeps what it read in ``_settings``.
        self._settings = None
        self.__dict__.pop("settings", None)
        self._connections = Local(self.thread_critical)


search_backends = SearchBackendHandler()

default_search_backend = ConnectionProxy(search_backends, DEFAULT_SEARCH_BACKEND_ALIAS)


@receiver(setting_changed)
def _reset_backends(*, setting, **kwargs):
    if setting in ("SEARCH_BACKENDS", "SEARCH_INDEX_DIR"):
        search_backends.reset()
