"""A server process warms search once at start; a broken index never stops it starting."""

import pytest

from search import service
from tests.factories import make_document


@pytest.mark.django_db(transaction=True)
def test_warm_works_on_an_empty_library_and_on_a_full_one():
    service.warm()  # nothing indexed yet: no error
    make_document(slug="d", sections=[("S", "The aardvark report.")])
    service.warm()
    assert service.run_search(service.SearchParams(q="aardvark")).total == 1


def test_warm_logs_a_broken_backend_and_returns(monkeypatch, caplog):
    def broken(params):
        raise RuntimeError("index missing")

    monkeypatch.setattr(service, "run_search", broken)
    service.warm()
    assert "Could not warm the search backend" in caplog.text
