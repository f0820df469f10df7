"""System checks for the search configuration."""

import os
from pathlib import Path

from django.conf import settings
from django.core.checks import Error, Warning, register


@register()
def check_index_path(app_configs, **kwargs):
    """search.E001: a Whoosh index directory the process cannot write."""
    errors = []
    for alias, params in getattr(settings, "SEARCH_BACKENDS", {}).items():
        if not params.get("BACKEND", "").endswith("WhooshSearchBackend"):
            continue
        path = Path(params.get("OPTIONS", {}).get("PATH", ""))
        existing = next((p for p in (path, *path.parents) if p.exists()), None)
        if existing is None or not os.access(existing, os.W_OK):
            errors.append(
                Error(
                    f"The search index directory {path} is not writable.",
                    hint=f"Set SEARCH_INDEX_DIR or SEARCH_BACKENDS['{alias}'] to a writable path.",
                    id="search.E001",
                )
            )
    return errors


SHARED_DATABASES = ("postgresql", "mysql")


@register()
def check_index_shared(app_configs, **kwargs):
    """search.W002: a per-server Whoosh index beside a database that several servers share."""
    engine = settings.DATABASES["default"]["ENGINE"]
    shared = next((name for name in SHARED_DATABASES if name in engine), None)
    uses_whoosh = any(
        params.get("BACKEND", "").endswith("WhooshSearchBackend")
        for params in getattr(settings, "SEARCH_BACKENDS", {}).values()
    )
    if not (shared and uses_whoosh):
        return []
    return [
        Warning(
            f"The Whoosh index lives in this server's directory, but the {shared} database "
            "can be shared: a second server would search its own, different index.",
            hint="Unset SEARCH_BACKEND (PostgreSQL then searches itself) or use one server.",
            id="search.W002",
        )
    ]
