"""System checks for the search configuration."""

import os
from pathlib import Path

from django.conf import settings
from django.core.checks import Error, register


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
