"""The read replica policy: which requests read from the standby, pinning, the 404 retry."""

from django.http import HttpResponse, HttpResponseNotFound
from django.test import RequestFactory

from portal.routers import PIN_COOKIE, PRIMARY, REPLICA, ReplicaMiddleware, ReplicaRouter

router = ReplicaRouter()
factory = RequestFactory()


def serve(request, answer):
    """Run the middleware over a view that records which database reads would use."""
    seen = []

    def view(req):
        seen.append(router.db_for_read(None))
        return answer(seen[-1])

    return ReplicaMiddleware(view)(request), seen


def ok(_database):
    return HttpResponse("ok")


def test_reader_pages_read_from_the_replica_and_writes_go_to_the_primary():
    response, seen = serve(factory.get("/d/report/"), ok)
    assert seen == [REPLICA] and PIN_COOKIE not in response.cookies
    assert router.db_for_write(None) == PRIMARY
    assert router.db_for_read(None) == PRIMARY  # outside a request: workers, commands


def test_admin_and_health_read_from_the_primary():
    assert serve(factory.get("/admin/portal/document/"), ok)[1] == [PRIMARY]
    assert serve(factory.get("/healthz"), ok)[1] == [PRIMARY]


def test_a_client_that_wrote_is_pinned_to_the_primary(settings):
    response, seen = serve(factory.post("/admin/portal/upload/1/publish/"), ok)
    assert seen == [PRIMARY]
    cookie = response.cookies[PIN_COOKIE]
    assert cookie["max-age"] == settings.REPLICA_PIN_SECONDS and cookie["httponly"]
    request = factory.get("/d/report/")
    request.COOKIES[PIN_COOKIE] = "1"
    assert serve(request, ok)[1] == [PRIMARY]


def test_a_404_from_the_replica_is_asked_again_of_the_primary():
    def lagging(database):
        return HttpResponseNotFound() if database == REPLICA else HttpResponse("published")

    response, seen = serve(factory.get("/d/just-published/"), lagging)
    assert seen == [REPLICA, PRIMARY]
    assert response.status_code == 200 and response.content == b"published"


def test_migrations_only_on_the_primary():
    assert router.allow_migrate(PRIMARY, "portal") and not router.allow_migrate(REPLICA, "portal")
