"""The one entry point pages and the API call to search.

from search.query import SearchParams
from search.service import run_search
results = run_search(SearchParams(q='"ethnic cleansing"', filters={"in": ["notes"]}))
"""

from . import outbox
from .backends import default_search_backend
from .exceptions import QuerySyntaxError
from .highlight import HtmlMarker, Terms
from .query import SearchParams, parse
from .results import SearchResults
from .schema import FACETS

MAX_PAGE_SIZE = 100


def run_search(params: SearchParams) -> SearchResults:
    """Search with the default backend; raises ``QuerySyntaxError`` for an unreadable query."""
    outbox.apply_due()  # finish index writes a killed process left (cheap when none)
    node = parse(params.q)
    filters = {k: [v for v in values if v] for k, values in params.filters.items() if k in FACETS}
    page_size = min(max(1, params.page_size), MAX_PAGE_SIZE)
    results = default_search_backend.search(
        node,
        filters=filters,
        page=max(1, params.page),
        page_size=page_size,
        sort=params.sort,
        q=params.q,
    )
    if node is not None and default_search_backend.supports_suggest:
        results.suggestion = default_search_backend.suggest(params.q)
    return results


def reader_marker(q: str) -> HtmlMarker:
    """Marks for a reading page's ``?q=``, by the default backend's analysis."""
    try:
        node = parse(q)
    except QuerySyntaxError:
        node = None  # the page still reads; the search page explains the error
    return HtmlMarker(Terms.from_query(node, default_search_backend.analysis))
