"""Reading pages: the library, a document, one section, one note, and their JSON.

Each view parses its input, calls one read function and renders; a view that has
an HTMX partial serves it only to non-boosted, non-history-restore HTMX requests
(those two swap a whole page). A draft is 404 except to staff with the view
permission on documents (``DocumentQuerySet.readable_by``), in every view.
"""

from __future__ import annotations

from functools import wraps

from django.http import HttpRequest, HttpResponse, HttpResponsePermanentRedirect, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.utils.cache import patch_cache_control
from django.views.decorators.http import condition, require_GET
from django.views.decorators.vary import vary_on_headers

from . import reader
from .htmx import page_or_partial
from .library import browse
from .marking import marker_for
from .models import Document, Footnote, FootnoteRef, SectionAlias


def _readable(request: HttpRequest, slug: str) -> Document:
    return get_object_or_404(Document.objects.readable_by(request.user), slug=slug)


@require_GET
@vary_on_headers("HX-Request")
def library(request: HttpRequest) -> HttpResponse:
    page = browse(Document.objects.published().with_sizes().newest_first(), request.GET)
    template = page_or_partial(request, "portal/library.html", "documents")
    return render(request, template, {"page": page})


def _reader_etag(request: HttpRequest, slug: str) -> str:
    # The 404 for a draft comes first, so no cached version of it answers anyone.
    request.reader_document = _readable(request, slug)
    return reader.etag(request, request.reader_document)


def _no_policy_on_304(view):
    """A 304 keeps the page the browser has, nonce included: it must not replace its CSP header."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        if response.status_code == 304:
            response._csp_config = response._csp_ro_config = {}
        return response

    return wrapped


@require_GET
@vary_on_headers("HX-Request")
@_no_policy_on_304
@condition(etag_func=_reader_etag)
def document_detail(request: HttpRequest, slug: str) -> HttpResponse:
    document = request.reader_document
    if request.htmx and "notes" in request.GET:  # a stub of the notes list, reached
        return HttpResponse(reader.notes_group(document, request.GET["notes"]))
    q = request.GET.get("q", "").strip()
    marker = marker_for(q, document.language)
    body = reader.body(document, q, marker)
    context = {"document": document, "body": body, "q": q, "match_count": body["match_count"]}
    context["tags"] = reader.tags(request, document)
    context["permalink"] = request.build_absolute_uri(document.get_absolute_url())
    response = reader.page(request, "portal/document_detail.html", context)
    # Private (a CSRF token and a nonce are inside) and revalidated on every visit.
    patch_cache_control(response, private=True, no_cache=True)
    return response


@require_GET
@vary_on_headers("HX-Request")
def section_detail(request: HttpRequest, slug: str, anchor: str) -> HttpResponse:
    document = _readable(request, slug)
    section = document.sections.filter(anchor=anchor).first()
    if section is None:
        alias = get_object_or_404(
            SectionAlias.objects.select_related("section"), document=document, anchor=anchor
        )
        url = alias.section.get_absolute_url()
        query = request.META.get("QUERY_STRING")
        return HttpResponsePermanentRedirect(f"{url}?{query}" if query else url)
    q = request.GET.get("q", "").strip()
    marker = marker_for(q, document.language)
    section.marked_html = marker.mark(section.html)
    cited = Footnote.objects.filter(refs__section=section).distinct().order_by("position")
    refs = FootnoteRef.objects.filter(section=section)
    notes = reader.with_backlinks(cited, refs, {section.pk: section}, marker)
    reading = document.sections.in_reading_order().only("anchor", "heading", "position")
    permalink = request.build_absolute_uri(section.get_absolute_url())
    context = {
        "document": document,
        "section": section,
        "notes": notes,
        "q": q,
        "match_count": marker.count,
        "previous": reading.filter(position__lt=section.position).last(),
        "next": reading.filter(position__gt=section.position).first(),
        "section_count": reading.count(),
        "permalink": permalink,
        "links": reader.Links.of(document.slug),
    }
    template = page_or_partial(request, "portal/section_detail.html", "section-body")
    return render(request, template, context)


@require_GET
def footnote_detail(request: HttpRequest, slug: str, label: str) -> HttpResponse:
    document = _readable(request, slug)
    note = get_object_or_404(document.footnotes, label=label)
    refs = note.refs.select_related("section").order_by("section__position", "offset")
    siblings = document.footnotes.in_reading_order().only("label", "position")
    prefix = reader.Links.of(document.slug).section
    context = {
        "document": document,
        "note": note,
        "note_html": marker_for(request.GET.get("q", "").strip(), document.language).mark(
            note.html
        ),
        # As FootnoteRef.get_absolute_url, from one reversed prefix.
        "citations": [(r.section, f"{prefix}{r.section.anchor}/#ref-{note.label}") for r in refs],
        "previous": siblings.filter(position__lt=note.position).last(),
        "next": siblings.filter(position__gt=note.position).first(),
    }
    return render(request, "portal/footnote_detail.html", context)


@require_GET
def api_documents(request: HttpRequest) -> JsonResponse:
    documents = Document.objects.published().with_sizes().newest_first()
    return JsonResponse({"documents": [_document_json(request, d) for d in documents]})


@require_GET
def api_document(request: HttpRequest, slug: str) -> JsonResponse:
    readable = Document.objects.readable_by(request.user)
    document = get_object_or_404(readable.with_sizes(), slug=slug)
    data = _document_json(request, document)
    data["sections"] = [
        {
            "anchor": s.anchor,
            "heading": s.heading,
            "level": s.level,
            "words": s.word_count,
            "url": request.build_absolute_uri(s.get_absolute_url()),
        }
        for s in document.sections.in_reading_order().select_related("document")
    ]
    data["footnotes"] = [
        {
            "label": n.label,
            "text": n.text,
            "section": n.section.anchor if n.section else None,
            "url": request.build_absolute_uri(n.get_absolute_url()),
        }
        for n in document.footnotes.in_reading_order().select_related("section", "document")
    ]
    return JsonResponse(data, json_dumps_params={"ensure_ascii": False})


def _document_json(request: HttpRequest, document: Document) -> dict:
    return {
        "slug": document.slug,
        "title": document.title,
        "subtitle": document.subtitle,
        "authors": document.authors,
        "date": document.date,
        "type": document.doc_type,
        "language": document.language,
        "summary": document.summary,
        "words": document.words,
        "sections": document.section_count,
        "notes": document.note_count,
        "url": request.build_absolute_uri(document.get_absolute_url()),
    }
