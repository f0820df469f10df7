"""The one entry point pages and the API call to search.

from search.query import SearchParams
from search.service import run_search
results = run_search(SearchParams(q='"ethnic cleansing"', filters={"in": ["notes"]}))
"""

import gc
import logging

from django.urls import resolve, reverse

from . import outbox
from .backends import default_search_backend
from .exceptions import QuerySyntaxError
from .highlight import HtmlMarker, Terms
from .query import SearchParams, as_typed, parse
from .results import SearchResults
from .schema import FACETS

MAX_PAGE_SIZE = 100
# A suggestion is shown when it finds at least twice as many passages, and 3 more.
CLEARLY_MORE, CLEARLY_MORE_MIN = 2, 3


def run_search(params: SearchParams) -> SearchResults:
    """Search with the default backend; raises ``QuerySyntaxError`` for an unreadable query.

    While the reader types, the last word matches as a prefix. A correction is offered
    only when it finds clearly more; when the query finds nothing and the correction
    finds something, its results are shown instead (``corrected_from``).
    """
    outbox.apply_due()  # finish index writes a killed process left (cheap when none)
    text = as_typed(params.q) if params.typing else params.q
    results = _search(text, params)
    backend = default_search_backend
    if results.query_node is None or not backend.supports_suggest or not params.correct:
        return results
    suggestion = backend.suggest(text)
    if suggestion is None:
        return results
    if results.total == 0:
        corrected = _search(suggestion, params)
        if corrected.total:
            corrected.query, corrected.corrected_from = params.q, params.q
            corrected.suggestion = suggestion
            return corrected
        return results
    found = _search(suggestion, SearchParams(filters=params.filters, page_size=1)).total
    if found >= CLEARLY_MORE * results.total + CLEARLY_MORE_MIN:
        results.suggestion = suggestion
    return results


def _search(text: str, params: SearchParams) -> SearchResults:
    node = parse(text)
    filters = {k: [v for v in values if v] for k, values in params.filters.items() if k in FACETS}
    results = default_search_backend.search(
        node,
        filters=filters,
        page=max(1, params.page),
        page_size=min(max(1, params.page_size), MAX_PAGE_SIZE),
        sort=params.sort,
        q=params.q,
    )
    results.query_node = node
    return results


def reader_marker(q: str, language: str = "") -> HtmlMarker:
    """Marks for a reading page's ``?q=``, by the default backend's analysis, in the
    language of the page's document (a code; "" unknown, read as the site default)."""
    try:
        node = parse(q)
    except QuerySyntaxError:
        node = None  # the page still reads; the search page explains the error
    return HtmlMarker(Terms.from_query(node, default_search_backend.analysis, language))


def warm() -> None:
    """Open the backend's searcher, facet tables and analysis before the first reader asks.

    Called once per server process (gunicorn's ``post_worker_init``), so the first search
    costs what the second does; a failure is logged, never fatal to the worker.
    """
    try:
        # The URLconf and the views it imports load on the first request otherwise.
        resolve(reverse("search:api-search"))
        run_search(SearchParams(q="warm"))
        reader_marker("warm")
    except Exception:  # an empty or broken index must not stop the server from starting
        logging.getLogger(__name__).exception("Could not warm the search backend")
    # What start-up and warming made lives as long as the process: keep it out of every
    # later collection (at 250k sections a full one walked ~10^5 objects, up to 60 ms of a
    # search's time; the p95 of a question fell from 24 to 21 ms).
    gc.freeze()
