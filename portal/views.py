"""Reading pages: the library, a document, one section, one note, and their JSON.

Each view parses its input, calls one read function and renders; a view that has
an HTMX partial serves it only to non-boosted, non-history-restore HTMX requests
(those two swap a whole page). A draft is 404 except to staff with the view
permission on documents (``DocumentQuerySet.readable_by``), in every view.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, HttpResponsePermanentRedirect, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET
from django.views.decorators.vary import vary_on_headers

from .htmx import page_or_partial
from .library import browse
from .marking import Marker, marker_for
from .models import Document, Footnote, FootnoteRef, Section, SectionAlias
from .rendering import marker_id


def _readable(request: HttpRequest, slug: str) -> Document:
    return get_object_or_404(Document.objects.readable_by(request.user), slug=slug)


@require_GET
@vary_on_headers("HX-Request")
def library(request: HttpRequest) -> HttpResponse:
    page = browse(Document.objects.published().with_sizes().newest_first(), request.GET)
    template = page_or_partial(request, "portal/library.html", "documents")
    return render(request, template, {"page": page})


@require_GET
def document_detail(request: HttpRequest, slug: str) -> HttpResponse:
    document = _readable(request, slug)
    q = request.GET.get("q", "").strip()
    marker = marker_for(q)
    sections = list(document.sections.in_reading_order().prefetch_related("aliases"))
    for section in sections:
        section.marked_html = marker.mark(section.html)
    notes = _notes_with_backlinks(document.footnotes.in_reading_order(), sections, marker)
    context = {"document": document, "sections": sections, "notes": notes, "q": q}
    context["match_count"] = marker.count
    context["permalink"] = request.build_absolute_uri(document.get_absolute_url())
    return render(request, "portal/document_detail.html", context)


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
    marker = marker_for(q)
    section.marked_html = marker.mark(section.html)
    cited = Footnote.objects.filter(refs__section=section).distinct().order_by("position")
    notes = _notes_with_backlinks(cited, [section], marker)
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
    }
    template = page_or_partial(request, "portal/section_detail.html", "section-body")
    return render(request, template, context)


@require_GET
def footnote_detail(request: HttpRequest, slug: str, label: str) -> HttpResponse:
    document = _readable(request, slug)
    note = get_object_or_404(document.footnotes, label=label)
    refs = note.refs.select_related("section__document").order_by("section__position", "offset")
    siblings = document.footnotes.in_reading_order().only("label", "position")
    context = {
        "document": document,
        "note": note,
        "citations": [(ref.section, ref.get_absolute_url()) for ref in refs],
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


def _notes_with_backlinks(notes, sections: list[Section], marker: Marker) -> list[Footnote]:
    """Attach to each note the in-page ids of its markers in ``sections``, and its marked HTML.

    Marker ids restart in each section (``portal.rendering``), so only the first
    citation of a note links to its marker; later ones link to their section.
    """
    notes = list(notes)
    by_note: dict[int, list[tuple[str, str]]] = {n.pk: [] for n in notes}
    refs = FootnoteRef.objects.filter(section__in=sections).select_related("footnote")
    order = {s.pk: s.position for s in sections}
    anchors = {s.pk: s.anchor for s in sections}
    seen_ids: set[str] = set()
    for ref in sorted(refs, key=lambda r: (order[r.section_id], r.offset)):
        counts = by_note.setdefault(ref.footnote_id, [])
        occurrence = sum(1 for _ in filter(lambda c: c[1] == anchors[ref.section_id], counts)) + 1
        target = marker_id(ref.footnote.label, occurrence)
        if target in seen_ids:
            target = anchors[ref.section_id]
        seen_ids.add(target)
        counts.append((target, anchors[ref.section_id]))
    for note in notes:
        note.backlinks = [target for target, _section in by_note.get(note.pk, [])]
        note.marked_html = marker.mark(note.html)
    return notes

