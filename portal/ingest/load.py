"""Store a ``ParsedDocument`` in one transaction, keeping the anchors readers have shared.

Re-importing a document updates it in place: a section whose heading is unchanged
keeps its anchor (and its row), a section whose heading changed gets the new
heading's anchor, and every anchor that disappears becomes a ``SectionAlias``
that redirects to the section now holding most of that text.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field

from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import F
from django.utils.text import slugify

from portal.models import Document, Footnote, FootnoteRef, Section, SectionAlias
from portal.signals import document_changed

from .base import ParsedDocument, ParsedSection

SLUG_MAX = 50


@dataclass
class ImportResult:
    document: Document
    created: bool
    changed: bool
    # Anchors of the previous version that now redirect: old anchor -> new anchor.
    redirects: dict[str, str] = field(default_factory=dict)


def slug_for(title: str) -> str:
    slug = slugify(title) or "document"
    if len(slug) > SLUG_MAX:
        slug = slug[:SLUG_MAX].rsplit("-", 1)[0]
    return slug


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


@transaction.atomic
def import_parsed_document(
    parsed: ParsedDocument,
    *,
    slug: str | None = None,
    source: bytes | None = None,
    source_name: str = "",
    status: str = Document.Status.PUBLISHED,
    uploaded_by=None,
    keep_metadata: bool = False,
) -> ImportResult:
    """Create or replace the document ``slug`` (default: from the title) with ``parsed``.

    ``keep_metadata`` keeps the title, authors, date and type an administrator may
    have corrected by hand when the same document is re-imported.
    """
    slug = slug or slug_for(parsed.title)
    document = Document.objects.select_for_update().filter(slug=slug).first()
    created = document is None
    if created:
        document = Document(slug=slug)
    before = None if created else _snapshot(document)
    if created or not keep_metadata:
        document.title = parsed.title[:500]
        document.subtitle = parsed.subtitle[:500]
        document.authors = list(parsed.authors)
        document.date = parsed.date
        document.doc_type = parsed.doc_type
        document.language = parsed.language
        if parsed.summary:
            document.summary = parsed.summary
    document.warnings = list(parsed.warnings)
    document.status = status
    document.source_format = parsed.source_format
    if uploaded_by is not None:
        document.uploaded_by = uploaded_by
    if source is not None:
        digest = sha256(source)
        if digest != document.source_sha256 or not document.source_file:
            document.source_sha256 = digest
            document.source_name = source_name[:255]
            document.source_file.save(
                source_name or f"{slug}.{parsed.source_format or 'bin'}",
                ContentFile(source),
                save=False,
            )
    document.save()
    redirects = _store_sections(document, parsed)
    changed = created or before != _snapshot(document)
    if changed:
        transaction.on_commit(lambda: document_changed.send(Document, document_id=document.pk))
    return ImportResult(document, created, changed, redirects)


def _snapshot(document: Document) -> tuple:
    """Everything a reader can see of a document, to tell a real change from a no-op."""
    doc = Document.objects.get(pk=document.pk)
    return (
        doc.title,
        doc.subtitle,
        tuple(doc.authors),
        doc.date,
        doc.doc_type,
        doc.status,
        tuple(doc.sections.values_list("anchor", "heading", "level", "text", "html")),
        tuple(doc.footnotes.values_list("label", "text", "section__anchor")),
        tuple(
            FootnoteRef.objects.filter(section__document=doc)
            .order_by("section__position", "offset")
            .values_list("section__anchor", "footnote__label", "offset")
        ),
        tuple(doc.aliases.order_by("anchor").values_list("anchor", "section__anchor")),
    )


def plan_anchors(
    old: list[tuple[str, str, str]], new: list[ParsedSection]
) -> tuple[list[str], dict[str, int]]:
    """Choose the anchor of each new section and where each vanished old anchor points.

    ``old`` is (anchor, heading, text) per stored section. Returns the anchors for
    ``new`` and, for each old anchor no longer used, the index of the new section
    that holds most of its text.
    """
    by_heading: dict[str, list[str]] = {}
    for anchor, heading, _text in old:
        if heading:
            by_heading.setdefault(heading.strip().casefold(), []).append(anchor)
    anchors: list[str] = []
    taken: set[str] = set()
    for section in new:
        reuse = by_heading.get(section.heading.strip().casefold(), []) if section.heading else []
        anchor = next((a for a in reuse if a not in taken), None)
        if anchor is None:
            anchor, n = section.anchor, 2
            while anchor in taken:
                anchor, n = f"{section.anchor}-{n}", n + 1
        taken.add(anchor)
        anchors.append(anchor)
    shingles = [_shingles(s.text) for s in new]
    moved: dict[str, int] = {}
    for index, (anchor, _heading, text) in enumerate(old):
        if anchor in taken or not new:
            continue
        mine = _shingles(text)
        scores = [_overlap(mine, theirs) for theirs in shingles]
        best = max(range(len(new)), key=lambda i: (scores[i], -abs(i - index)))
        moved[anchor] = best if scores[best] > 0 else min(index, len(new) - 1)
    return anchors, moved


def _shingles(text: str) -> set[tuple[str, ...]]:
    words = re.findall(r"\w+", text.casefold())
    return {tuple(words[i : i + 3]) for i in range(max(1, len(words) - 2))}


def _overlap(a: set, b: set) -> float:
    return len(a & b) / len(a) if a else 0.0


def _store_sections(document: Document, parsed: ParsedDocument) -> dict[str, str]:
    old_sections = {s.anchor: s for s in document.sections.all()}
    anchors, moved = plan_anchors(
        [(s.anchor, s.heading, s.text) for s in sorted(old_sections.values(), key=_pos)],
        list(parsed.sections),
    )
    # Free the positions first: (document, position) is unique.
    Section.objects.filter(document=document).update(position=F("position") + 100_000)
    sections: list[Section] = []
    for position, (parsed_section, anchor) in enumerate(zip(parsed.sections, anchors, strict=True)):
        section = old_sections.pop(anchor, None) or Section(document=document, anchor=anchor)
        section.position = position
        section.level = parsed_section.level
        section.heading = parsed_section.heading[:500]
        section.text = parsed_section.text
        section.start_page = parsed_section.start_page
        section.save(markers=[(r.offset, r.footnote) for r in parsed_section.refs])
        sections.append(section)
    redirects = _store_aliases(document, sections, moved, old_sections)
    for gone in old_sections.values():
        gone.delete()
    _store_footnotes(document, parsed, sections)
    return redirects


def _pos(section: Section) -> int:
    return section.position


def _store_aliases(
    document: Document,
    sections: list[Section],
    moved: dict[str, int],
    removed: dict[str, Section],
) -> dict[str, str]:
    live = {s.anchor for s in sections}
    # An alias shadowed by a real section again is dropped: the section wins.
    document.aliases.filter(anchor__in=live).delete()
    redirects: dict[str, str] = {}
    for anchor, index in moved.items():
        target = sections[index]
        SectionAlias.objects.update_or_create(
            document=document, anchor=anchor, defaults={"section": target}
        )
        redirects[anchor] = target.anchor
    # Older aliases that pointed into a section about to be deleted follow its text.
    by_anchor = {s.anchor: s for s in sections}
    for alias in document.aliases.filter(section__in=list(removed.values())):
        alias.section = by_anchor.get(redirects.get(alias.section.anchor, ""), sections[0])
        alias.save(update_fields=["section"])
    return redirects


def _store_footnotes(document: Document, parsed: ParsedDocument, sections: list[Section]) -> None:
    FootnoteRef.objects.filter(section__document=document).delete()
    old = {f.label: f for f in document.footnotes.all()}
    notes: dict[str, Footnote] = {}
    for position, parsed_note in enumerate(parsed.footnotes):
        note = old.pop(parsed_note.label, None) or Footnote(
            document=document, label=parsed_note.label
        )
        note.position = position
        note.text = parsed_note.text
        note.save()
        notes[note.label] = note
    for gone in old.values():
        gone.delete()
    FootnoteRef.objects.bulk_create(
        FootnoteRef(section=section, footnote=notes[ref.footnote], offset=ref.offset)
        for section, parsed_section in zip(sections, parsed.sections, strict=True)
        for ref in parsed_section.refs
        if ref.footnote in notes
    )
    document.footnotes.cite_first_sections()
