"""The whole-document reader page: rendered once per document version, notes loaded as reached.

The page is a shell rendered per request (title, CSP nonce, CSRF token, search
box, citation block) around a body (contents, text, notes, paragraph hashes)
that depends only on the document's version: it is rendered from the stored
``Section.html`` / ``Footnote.html`` and cached, keyed by ``Document.updated``
and ``version()``, compressed (``portal.gzipped``). A page with ``?q=`` marks
words: its text and notes list are rendered once per version with a slot for each
passage (``_frames``), so it only marks and joins, and its body is cached per
query too. The ETag (``etag``) lets a browser revalidate the whole page; a draft
is checked (``readable_by``) before any of this.

Links are built from one reversed prefix per page, never one ``reverse()`` per
note or section. A document with more than ``INLINE_NOTES`` notes lists each
section's notes as a stub (an anchor per note and a link to the section's page,
which works without JavaScript) that htmx replaces with the notes when the
reader reaches it (``?notes=<anchor>``, ``notes_group``).
"""

from __future__ import annotations

import hashlib
import re
import secrets
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from urllib.parse import quote

from django.conf import settings
from django.core.cache import cache as django_cache
from django.http import HttpResponse
from django.shortcuts import render
from django.template.defaultfilters import urlencode
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from lists.templatetags.educators import paragraph_links

from . import gzipped
from .marking import Marker, NoMarks
from .models import Document, Footnote, FootnoteRef, Section, can_view_drafts
from .rendering import marker_id

INLINE_NOTES = 200
SLOTS = ("toc", "text", "notes", "hashes")
# Marks where a cached part goes in the rendered shell; random, so no document text forges one.
_SLOT_MARK = f"\x00{secrets.token_hex(4)}\x00"
_SLOT = re.compile(f"{re.escape(_SLOT_MARK)}(\\w+){re.escape(_SLOT_MARK)}")
_ACCEPTS_GZIP = re.compile(r"\bgzip\b")
CACHE_SECONDS = 7 * 24 * 3600
# Bump when the body changes shape in code rather than in templates.
CODE_VERSION = "1"


@cache
def version() -> str:
    """This deployment's version of the page: the code and every template and static manifest."""
    digest = hashlib.sha1(CODE_VERSION.encode())
    dirs = [Path(d) for t in settings.TEMPLATES for d in t.get("DIRS", [])]
    files = sorted(p for d in dirs for p in d.rglob("*.html"))
    files.append(Path(settings.STATIC_ROOT) / "staticfiles.json")
    for path in files:
        if path.is_file():
            digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


@dataclass(frozen=True)
class Links:
    """URL prefixes for one document, each reversed once."""

    document: str
    section: str
    note: str

    @classmethod
    def of(cls, slug: str) -> Links:
        return cls(
            document=reverse("portal:document-detail", args=[slug]),
            section=reverse("portal:section-detail", args=[slug, "_"])[:-2],
            note=reverse("portal:footnote-detail", args=[slug, "_"])[:-2],
        )

    def note_url(self, label: str) -> str:
        return f"{self.note}{quote(label, safe='')}/"


def etag(request, document: Document) -> str:
    """Everything the whole page depends on, besides the per-response nonce."""
    parts = [
        str(document.pk),
        document.updated.isoformat(),
        version(),
        request.get_host(),
        timezone.localdate().isoformat(),  # the citations' access date
        request.GET.urlencode(),
        request.headers.get("HX-Request", ""),
        "staff" if can_view_drafts(request.user) else "",
        # The page carries a CSRF token made from this cookie's secret.
        request.COOKIES.get(settings.CSRF_COOKIE_NAME, ""),
    ]
    # Weak: the bytes differ per response (the nonce), the page does not.
    return f'W/"{hashlib.sha1("\x1f".join(parts).encode()).hexdigest()}"'


def body(document: Document, q: str, marker: Marker) -> dict:
    """The contents, text, notes and paragraph hashes of the page, cached: per document
    version, and with marks per version and query (``q`` as the reader typed it, spaces
    collapsed: its marks are the matcher's, which depends only on it and the document).

    The cached body holds each part compressed (``gzipped.Piece``), for ``page``.
    """
    key = f"reader:{document.pk}:{document.updated.timestamp()}:{version()}"
    if not isinstance(marker, NoMarks):
        key += ":q:" + hashlib.sha1(" ".join(q.split()).encode()).hexdigest()
    found = django_cache.get(key)
    if found is None:
        found = _render_body(document, q, marker)
        found["pieces"] = {n: gzipped.Piece.of(found.pop(n), cached=True) for n in SLOTS}
        django_cache.set(key, found, CACHE_SECONDS)
    return found


def page(request, template: str, context: dict) -> HttpResponse:
    """The page rendered around its body: a cached body is joined in, compressed, as it is."""
    body = context["body"]
    if "pieces" not in body:
        return render(request, template, context)
    slots = {name: mark_safe(f"{_SLOT_MARK}{name}{_SLOT_MARK}") for name in SLOTS}
    html = render_to_string(template, {**context, "body": {**body, **slots}}, request)
    chunks = _SLOT.split(html)
    pieces = [body["pieces"][c] if i % 2 else gzipped.Piece.of(c) for i, c in enumerate(chunks)]
    if _ACCEPTS_GZIP.search(request.headers.get("Accept-Encoding", "")):
        response = HttpResponse(gzipped.join(pieces))
        response["Content-Encoding"] = "gzip"
    else:
        response = HttpResponse(b"".join(p.text_bytes() for p in pieces))
    patch_vary_headers(response, ["Accept-Encoding"])
    return response


def tags(request, document: Document) -> dict:
    """The page's metadata and citation block: they name the host and today's access date."""
    where = request.build_absolute_uri("/")
    today = timezone.localdate().isoformat()
    key = f"reader-tags:{document.pk}:{document.updated.timestamp()}:{version()}:{where}:{today}"
    found = django_cache.get(key)
    if found is None:
        context = {"document": document}
        found = {
            part: render_to_string(f"portal/_reader_shell.html#{part}", context, request)
            for part in ("meta", "cite")
        }
        django_cache.set(key, found, 24 * 3600)
    return found


def _render_body(document: Document, q: str, marker: Marker) -> dict:
    text = _frames(document, "text")
    # Marks are numbered through the page, so a page with marks lists its notes in full.
    lazy = text["stubs"] is not None and isinstance(marker, NoMarks)
    query = {"q": escape(f"?q={urlencode(q)}") if q else ""}
    marked = _fill(text["pieces"], text["html"], marker, query)  # the text's marks come first
    if lazy:
        notes = text["stubs"]
    else:
        frames = _frames(document, "notes")
        notes = _fill(frames["pieces"], frames["html"], marker, query)
    return {
        "toc": text["toc"],
        "text": marked,
        "notes": notes,
        "note_count": text["note_count"],
        "match_count": marker.count,
        "hashes": text["hashes"],
    }


def _frames(document: Document, part: str) -> dict:
    """The text (``part`` "text") or the full notes list ("notes") rendered once per document
    version with a slot for each section's or note's HTML and for the query, so a page with
    marks only marks and joins.

    ``pieces`` are pieces of HTML and slot names in turn (``_SLOT.split``), ``html`` each
    slot's stored HTML. The notes list is rendered only when a page shows it.
    """
    key = f"reader-{part}:{document.pk}:{document.updated.timestamp()}:{version()}"
    found = django_cache.get(key)
    if found is None:
        found = _text_frames(document) if part == "text" else _notes_frames(document)
        django_cache.set(key, found, CACHE_SECONDS)
    return found


def _text_frames(document: Document) -> dict:
    links = Links.of(document.slug)
    sections = list(document.sections.in_reading_order().prefetch_related("aliases"))
    html = {}
    for i, section in enumerate(sections):
        html[f"s{i}"], section.marked_html = section.html, _slot(f"s{i}")
        section.tag = f"h{min(max(section.level, 1), 3) + 1}"  # h2 for a top-level section
    context = {"document": document, "sections": sections, "links": links, "query": _slot("q")}
    count = document.footnotes.count()
    return {
        "toc": render_to_string("portal/_reader_body.html#toc", context),
        "pieces": _SLOT.split(render_to_string("portal/_reader_body.html#text", context)),
        "html": html,
        "stubs": _stubs(document, sections, links) if count > INLINE_NOTES else None,
        "note_count": count,
        "hashes": paragraph_links(sections),
    }


def _notes_frames(document: Document) -> dict:
    links = Links.of(document.slug)
    sections = {s.pk: s for s in document.sections.only("pk", "anchor", "position")}
    refs = FootnoteRef.objects.filter(section__document=document)
    notes = with_backlinks(document.footnotes.in_reading_order(), refs, sections, NoMarks())
    html = {}
    for i, note in enumerate(notes):
        html[f"n{i}"], note.marked_html = note.html, _slot(f"n{i}")
    notes_html = render_to_string("includes/_notes.html", {"notes": notes, "links": links})
    return {"pieces": _SLOT.split(notes_html), "html": html}


def _slot(name: str) -> SafeString:
    return mark_safe(f"{_SLOT_MARK}{name}{_SLOT_MARK}")


def _fill(pieces: list[str], html: dict[str, str], marker: Marker, values: dict) -> SafeString:
    """Join ``pieces`` with each slot filled: from ``values``, else its HTML marked, in order."""
    out = []
    for i, piece in enumerate(pieces):
        if not i % 2:
            out.append(piece)
        elif piece in values:
            out.append(values[piece])
        else:
            out.append(marker.mark(html[piece]))
    # The pieces are rendered templates, the slots escaped or marked by the matcher.
    return mark_safe("".join(out))


def _stubs(document: Document, sections: list[Section], links: Links) -> SafeString:
    """Each section's notes as an anchor per note and a link, swapped for the notes when seen."""
    by_section: dict[int | None, list[str]] = {}
    rows = document.footnotes.in_reading_order().values_list("section_id", "label")
    for section_id, label in rows:
        by_section.setdefault(section_id, []).append(label)
    out = ['<section class="notes" aria-labelledby="notes-heading">']
    out.append('<h2 id="notes-heading">Notes</h2>')
    order = [s for s in sections if s.pk in by_section]
    groups = [(s.anchor, s.display_heading, by_section[s.pk]) for s in order]
    if None in by_section:
        groups.append(("", "", by_section[None]))
    for anchor, heading, labels in groups:
        out.append(_stub(links, anchor, heading, labels))
    out.append("</section>")
    # Every piece above is escaped where it is made.
    return mark_safe("\n".join(out))


def _stub(links: Links, anchor: str, heading: str, labels: list[str]) -> str:
    span = labels[0] if len(labels) == 1 else f"{labels[0]}–{labels[-1]}"
    if anchor:
        href = f"{links.section}{anchor}/#notes-heading"
        text = f"Notes {span}, cited in “{heading}”"
        fetch = f"{links.document}?notes={quote(anchor)}"
    else:
        href, text = links.note_url(labels[0]), f"Notes {span}, not cited in the text"
        fetch = f"{links.document}?notes="
    anchors = "".join(f'<span id="fn-{escape(label)}"></span>' for label in labels)
    return (
        f'<div class="notes-stub" hx-get="{escape(fetch)}" hx-trigger="revealed" '
        f'hx-swap="outerHTML">{anchors}<p><a href="{escape(href)}" data-notes-link>'
        f"{escape(text)}</a></p></div>"
    )


def notes_group(document: Document, anchor: str) -> str:
    """The notes first cited in the section ``anchor`` ("" for uncited ones), for the stub."""
    section_ids = dict(document.sections.values_list("anchor", "pk"))
    if anchor and anchor not in section_ids:
        return ""
    notes = document.footnotes.in_reading_order().filter(section_id=section_ids.get(anchor))
    sections = {s.pk: s for s in document.sections.only("pk", "anchor", "position")}
    links = Links.of(document.slug)
    refs = FootnoteRef.objects.filter(footnote__in=notes)
    notes = with_backlinks(notes, refs, sections, NoMarks())
    context = {"notes": notes, "links": links}
    return render_to_string("includes/_notes.html#note-items", context)


def with_backlinks(notes, refs, sections: dict[int, Section], marker: Marker) -> list[Footnote]:
    """Attach to each note the in-page ids of its markers ``refs`` in ``sections``, and its HTML.

    Marker ids restart in each section (``portal.rendering``), so only the first
    citation of a note links to its marker; later ones link to their section.
    """
    notes = list(notes)
    by_note: dict[int, list[tuple[str, int]]] = {n.pk: [] for n in notes}
    rows = refs.filter(section_id__in=list(sections)).values_list(
        "footnote_id", "footnote__label", "section_id", "offset"
    )
    seen_ids: set[str] = set()
    for note_id, label, section_id, _offset in sorted(
        rows, key=lambda r: (sections[r[2]].position, r[3])
    ):
        cited = by_note.get(note_id)
        if cited is None:  # a note this page does not list
            continue
        occurrence = sum(1 for _target, sid in cited if sid == section_id) + 1
        target = marker_id(label, occurrence)
        if target in seen_ids:
            target = sections[section_id].anchor
        seen_ids.add(target)
        cited.append((target, section_id))
    for note in notes:
        note.backlinks = [target for target, _section in by_note[note.pk]]
        note.marked_html = marker.mark(note.html)
    return notes
