"""``/d/<doc>/cite.bib``, ``cite.ris``, ``cite.csl.json``: a document for reference managers."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.views.decorators.http import require_GET

from portal.models import Document

from . import EXPORTS, reference_for


@require_GET
def download(request: HttpRequest, slug: str, fmt: str) -> HttpResponse:
    if fmt not in EXPORTS:
        raise Http404(f"No citation format “{fmt}”: use one of {', '.join(EXPORTS)}.")
    document = get_object_or_404(Document.objects.published(), slug=slug)
    ref = reference_for(document, request.build_absolute_uri(document.get_absolute_url()))
    write, content_type = EXPORTS[fmt]
    response = HttpResponse(write(ref), content_type=f"{content_type}; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{slug}.{fmt}"'
    return response
