"""``/healthz``: is this server fit to serve? JSON, 200 when every check passes, else 503.

Checks: each database (the primary, and a replica with its replay lag) answers a
query; the search backend answers a search; the index holds as many entries as the
published documents have sections and notes (a cheap count, not ``check_index``).
"""

from __future__ import annotations

import time

from django.db import connections
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from search.backends import search_backends
from search.query import parse

from .models import Document, Footnote, Section

PROBE_QUERY = "lectern health probe"
RECHECK_SECONDS = 0.5


@never_cache
@require_safe
def healthz(request):
    checks = {
        **{f"database:{alias}": _timed(_database, alias) for alias in connections},
        "search": _timed(_search),
        "index": _timed(_index_settled),
    }
    healthy = all(check["ok"] for check in checks.values())
    return JsonResponse({"ok": healthy, "checks": checks}, status=200 if healthy else 503)


def _timed(check, *args) -> dict:
    started = time.perf_counter()
    try:
        result = {"ok": True, **check(*args)}
    except Exception as exc:  # a failing check is the answer, never a 500
        result = {"ok": False, "error": f"{type(exc).__name__}: {exc}"}
    result["ms"] = round((time.perf_counter() - started) * 1000, 1)
    return result


def _database(alias: str) -> dict:
    connection = connections[alias]
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
        if alias == "default" or connection.vendor != "postgresql":
            return {"vendor": connection.vendor}
        cursor.execute(
            "SELECT pg_is_in_recovery(), "
            "extract(epoch FROM now() - pg_last_xact_replay_timestamp())::float8"
        )
        standby, lag = cursor.fetchone()
    return {"vendor": connection.vendor, "standby": standby, "lag_seconds": lag}


def _search() -> dict:
    backend = search_backends["default"]
    backend.search(parse(PROBE_QUERY), page_size=1)
    return {"backend": type(backend).__name__}


def _index() -> dict:
    published = Document.objects.published()
    expected = Section.objects.filter(document__in=published).count()
    expected += Footnote.objects.filter(document__in=published).count()
    indexed = _indexed(search_backends["default"])
    if indexed != expected:
        raise RuntimeError(f"{indexed} entries indexed, {expected} expected")
    return {"entries": indexed}


def _index_settled() -> dict:
    # The counts are separate queries: a document committed between them is no drift.
    try:
        return _index()
    except RuntimeError:
        time.sleep(RECHECK_SECONDS)
        return _index()


def _indexed(backend) -> int:
    if hasattr(backend, "entry_count"):
        return backend.entry_count()
    searcher, _facets = backend.searcher()  # Whoosh: the live index's documents
    return searcher.doc_count()
