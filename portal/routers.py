"""Reads from a streaming standby, without a reader ever seeing lag.

With ``DATABASE_REPLICA_URL`` set, settings add a "replica" database, this router and
``ReplicaMiddleware``. A request reads from the standby only when it is a GET or HEAD
outside the admin from a client that has not written lately; everything else, and
every write, goes to the primary. Lag after a publish is covered twice:

- a client that wrote (any POST, PUT, PATCH or DELETE) gets a short-lived cookie and
  reads from the primary for ``REPLICA_PIN_SECONDS``, so the publisher sees the
  published page, and never the draft, at once;
- a reader page that answers 404 from the standby is answered again from the primary,
  so a link to a just-published document never gives a stale 404 to anyone.

Index rows are written in the document's transaction, so the standby's search results
and pages always agree with each other (one snapshot stream).
"""

from __future__ import annotations

from contextvars import ContextVar

from django.conf import settings

REPLICA = "replica"
PRIMARY = "default"
PIN_COOKIE = "lectern_primary"
SAFE_METHODS = ("GET", "HEAD")
PRIMARY_PATHS = ("/admin/", "/healthz")

_read_from: ContextVar[str] = ContextVar("lectern_read_database", default=PRIMARY)


class ReplicaRouter:
    """Reads where the current request was sent; writes and migrations on the primary."""

    def db_for_read(self, model, **hints):
        return _read_from.get()

    def db_for_write(self, model, **hints):
        return PRIMARY

    def allow_relation(self, obj1, obj2, **hints):
        return True  # one database, two connections to it

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db == PRIMARY


def reads_from_replica(request) -> bool:
    return (
        request.method in SAFE_METHODS
        and not request.path.startswith(PRIMARY_PATHS)
        and PIN_COOKIE not in request.COOKIES
    )


class ReplicaMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        database = REPLICA if reads_from_replica(request) else PRIMARY
        response = self._respond(request, database)
        if database == REPLICA and response.status_code == 404:
            # Perhaps published a moment ago and not replayed yet: ask the primary.
            response = self._respond(request, PRIMARY)
        if request.method not in SAFE_METHODS:
            response.set_cookie(
                PIN_COOKIE,
                "1",
                max_age=settings.REPLICA_PIN_SECONDS,
                httponly=True,
                samesite="Lax",
                secure=request.is_secure(),
            )
        return response

    def _respond(self, request, database: str):
        token = _read_from.set(database)
        try:
            return self.get_response(request)
        finally:
            _read_from.reset(token)
