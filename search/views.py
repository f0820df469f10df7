"""Search views: the JSON API and the OpenSearch description (the HTML page joins them here)."""

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils.html import escape
from django.views.decorators.http import require_GET

from .backends.base import SearchResults
from .exceptions import QuerySyntaxError
from .forms import SearchForm
from .service import run_search


@require_GET
def api_search(request: HttpRequest) -> JsonResponse:
    """``GET /api/search?q=...``: the JSON contract of DESIGN.md."""
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
            }
            for hit in results.hits
        ],
        "facets": {
            name: [{"value": f.value, "label": f.label, "count": f.count} for f in values]
            for name, values in results.facets.items()
        },
        "suggestion": results.suggestion,
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
