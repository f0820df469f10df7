"""search.W002: a per-server Whoosh index beside a database that several servers can share.

Registered on import by ``search.models`` (the app's models load before checks run).
"""

from django.conf import settings
from django.core.checks import Warning, register

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
