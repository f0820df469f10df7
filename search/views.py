"""Search views: the JSON API and the OpenSearch description (the HTML page joins them here)."""

from dataclasses import replace

from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.html import escape
from django.views.decorators.http import require_GET
from django.views.decorators.vary import vary_on_headers
from django_htmx.http import replace_url

from portal.htmx import page_or_partial

from .collapsed import collapsed_search
from .exceptions import QuerySyntaxError
from .facets import FACETS
from .forms import SearchForm
from .results import SearchResults
from .service import run_search


@require_GET
def api_search(request: HttpRequest) -> JsonResponse:
    """``GET /api/search?q=...``: the JSON contract of DESIGN.md.

    Not collapsed by document: the contract says nothing of grouping, and ``total`` hits
    page by page is what API clients walk (the HTML page collapses: ``search.collapsed``).
    """
    form = SearchForm(request.GET)
    if not form.is_valid():
        return JsonResponse({"error": form.error_message()}, status=400)
    try:
        results = run_search(form.params)
    except QuerySyntaxError as exc:
        return JsonResponse({"error": str(exc)}, status=400)
    return JsonResponse(results_json(results))


def results_json(results: SearchResults) -> dict:
    return {
        "query": results.query,
        "total": results.total,
        "total_approximate": results.total_approximate,
        "page": results.page,
        "page_size": results.page_size,
        "hits": [
            {
                "document": {"slug": hit.document_slug, "title": hit.document_title},
                "section": {
                    "anchor": hit.section_anchor,
                    "heading": hit.section_heading,
                    "url": hit.url,
                },
                "kind": hit.kind,
                "note_label": hit.note_label,
                "snippet": str(hit.snippet),
                "score": hit.score,
                "also_notes": hit.also_notes,
            }
            for hit in results.hits
        ],
        "facets": {
            name: [{"value": f.value, "label": f.label, "count": f.count} for f in values]
            for name, values in results.facets.items()
        },
        # Values with matches that a facet's list leaves out (it lists the most frequent).
        "facets_more": {name: v.more for name, v in results.facets.items() if v.more},
        "suggestion": results.suggestion,
        "corrected_from": results.corrected_from,
    }


OPENSEARCH = """<?xml version="1.0" encoding="UTF-8"?>
<OpenSearchDescription xmlns="http://a9.com/-/spec/opensearch/1.1/">
  <ShortName>Lectern</ShortName>
  <Description>Search the Lectern library</Description>
  <InputEncoding>UTF-8</InputEncoding>
  <Url type="text/html" method="get" template="{html}?q={{searchTerms}}"/>
  <Url type="application/json" method="get" template="{api}?q={{searchTerms}}"/>
</OpenSearchDescription>
"""


@require_GET
def opensearch(request: HttpRequest) -> HttpResponse:
    """The OpenSearch description that lets browsers add the library as a search engine."""
    xml = OPENSEARCH.format(
        html=escape(request.build_absolute_uri("/search/")),
        api=escape(request.build_absolute_uri("/api/search")),
    )
    return HttpResponse(xml, content_type="application/opensearchdescription+xml")


# The HTML search page (reading UI): the full page, or its ``#results`` partial for an
# HTMX swap (``portal.htmx``).


# Sent by lectern.js with the requests the search box makes while the reader types:
# "first" for the first request of a run of typing, "more" for the next ones.
TYPING_HEADER = "X-Lectern-Typing"


@require_GET
@vary_on_headers("HX-Request", TYPING_HEADER)
def results(request: HttpRequest) -> HttpResponse:
    """``GET /search/``: results, facets and pages for ``?q=`` and the filters."""
    form = SearchForm(request.GET)
    found, error = None, ""
    typing = request.headers.get(TYPING_HEADER) in ("first", "more")
    if form.is_valid():
        try:
            found = collapsed_search(replace(form.params, typing=typing))
        except QuerySyntaxError as exc:
            error = str(exc)
    else:
        error = form.error_message()
    if found and found.total and found.page > found.num_pages:
        raise Http404("No such page of results.")
    params = form.params if form.is_valid() else None
    context = {
        "form": form,
        "results": found,
        "error": error,
        "q": request.GET.get("q", "").strip(),
        "sort": params.sort if params else "relevance",
        "filtered": bool(params and params.filters),
        "doc_filter": params.filters.get("document", []) if params else [],
        "facet_groups": _facet_groups(found),
        # A first letter typed is no failed search: the last word is a prefix from two.
        "still_typing": typing and len((request.GET.get("q", "").split() or [""])[-1]) < 2,
    }
    response = render(request, page_or_partial(request, "search/results.html", "results"), context)
    if request.headers.get(TYPING_HEADER) == "more":
        # A run of typing pushed one history entry with its first request; the next
        # ones replace it, so Back never lands on a half-typed word.
        replace_url(response, request.get_full_path())
    return response


def _facet_groups(found: SearchResults | None) -> list[dict]:
    """Facets as the shared template shows them, named by their URL parameter."""
    if found is None:
        return []
    return [
        {
            "name": facet.param,
            "title": facet.title,
            "values": found.facets[facet.name],
            "more": found.facets[facet.name].more,
        }
        for facet in FACETS
        if facet.name in found.facets
    ]
