"""Store a ``ParsedDocument`` in one transaction, keeping the anchors readers have shared.

Which document a file replaces (the identity policy; nothing else overwrites):

1. an explicit ``slug`` (``ingest --slug``, the upload form's address with its
   "replace" choice) replaces the document at that address, or creates it;
2. otherwise a file whose bytes (sha256) are already stored is the same document
   again: it is re-imported in place, "unchanged" unless the parse differs;
3. otherwise, with ``replace=True`` (``ingest --replace``, ``load_corpus``), a file
   with the same original name as a stored document whose title is the parse's
   title (or was edited by staff) is taken as its corrected version;
4. anything else is a new document, with a free slug: ``annual-report-2``. A
   document that case 3 would have matched is returned as ``similar``, so the
   caller can say how to replace it.

Re-importing a document updates it in place: a section whose heading is unchanged
keeps its anchor (and its row), a section whose heading changed gets the new
heading's anchor, and every anchor that disappears becomes a ``SectionAlias``
that redirects to the section now holding most of that text.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Collection
from dataclasses import dataclass, field

from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.utils.text import slugify

from portal.models import (
    METADATA_FIELDS,
    Document,
    Footnote,
    FootnoteRef,
    Section,
    SectionAlias,
    SourceFile,
)

from .base import ParsedDocument, ParsedFootnote, ParsedRef, ParsedSection

SLUG_MAX = 50


@dataclass
class ImportResult:
    document: Document
    created: bool
    changed: bool
    # Anchors of the previous version that now redirect: old anchor -> new anchor.
    redirects: dict[str, str] = field(default_factory=dict)
    # A stored document this file looks like a corrected version of, left alone (rule 4).
    similar: Document | None = None

    @property
    def state(self) -> str:
        """ "created", "replaced" or "unchanged": what happened to the library."""
        if self.created:
            return "created"
        return "replaced" if self.changed else "unchanged"


def slug_for(title: str) -> str:
    slug = slugify(title) or "document"
    if len(slug) > SLUG_MAX:
        slug = slug[:SLUG_MAX].rsplit("-", 1)[0]
    return slug


def free_slug(title: str) -> str:
    """The title's slug, or the first of ``slug-2``, ``slug-3``... no document uses yet."""
    base = slug_for(title)
    taken = set(
        Document.objects.filter(Q(slug=base) | Q(slug__startswith=f"{base}-")).values_list(
            "slug", flat=True
        )
    )
    slug, n = base, 2
    while slug in taken:
        slug, n = f"{base}-{n}", n + 1
    return slug


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def same_source(digest: str) -> Document | None:
    """The document imported from exactly these bytes, if any (rule 2)."""
    return Document.objects.filter(source_sha256=digest).order_by("pk").first() if digest else None


def earlier_version(
    parsed: ParsedDocument, source_name: str, spare: Collection[int] = ()
) -> Document | None:
    """The document a file of this name and title was imported as before (rule 3)."""
    if not source_name:
        return None
    candidates = Document.objects.filter(source_name=source_name[:255]).exclude(pk__in=spare)
    candidates = candidates.order_by("-updated")
    return next(
        (d for d in candidates if d.title == parsed.title[:500] or "title" in d.edited_fields),
        None,
    )


@transaction.atomic
def import_parsed_document(
    parsed: ParsedDocument,
    *,
    slug: str | None = None,
    replace: bool = False,
    source: bytes | None = None,
    source_name: str = "",
    status: str = Document.Status.PUBLISHED,
    uploaded_by=None,
    edited_fields: list[str] | None = None,
    spare: Collection[int] = (),
) -> ImportResult:
    """Store ``parsed`` as a new document or over the one the identity policy names.

    ``spare`` lists documents rule 3 must leave alone: those the same ``ingest`` run
    wrote, so that two files of one name in one run never overwrite each other.

    By default the metadata fields staff edited since the last import
    (``Document.edited_fields``) keep their values. The upload preview resolves
    them itself: it passes the chosen values in ``parsed`` and, in ``edited_fields``,
    the fields whose value now differs from the file's.
    """
    digest = sha256(source) if source is not None else ""
    similar = None
    if slug:
        document = Document.objects.select_for_update().filter(slug=slug).first()
    else:
        document = same_source(digest)
        similar = document or earlier_version(parsed, source_name, spare)
        if document is None and replace:
            document = similar
        if document is not None:
            document = Document.objects.select_for_update().get(pk=document.pk)
    created = document is None
    before = None if created else _snapshot(document)
    if created:
        document = Document(slug=slug or "")
    _set_metadata(document, parsed, document.edited_fields if edited_fields is None else [])
    if edited_fields is not None:
        document.edited_fields = list(edited_fields)
    document.warnings = list(parsed.warnings)
    document.status = status
    document.source_format = parsed.source_format
    if uploaded_by is not None:
        document.uploaded_by = uploaded_by
    replaced_source = None
    if source is not None and digest != document.source_sha256:
        replaced_source = document.source_id
        document.source = SourceFile.store(source, source_name)
        document.source_sha256 = digest
        document.source_name = source_name[:255]
    _save(document)
    SourceFile.prune(replaced_source)
    redirects = _store_sections(document, parsed)
    changed = created or before != _snapshot(document)
    return ImportResult(
        document, created, changed, redirects, similar=None if similar == document else similar
    )


def stored_parse(document: Document) -> ParsedDocument:
    """The stored document as a ``ParsedDocument``: the inverse of ``import_parsed_document``.

    Exports write it with the same serializer and Markdown writer as a parse.
    """
    refs: dict[int, list[ParsedRef]] = {}
    rows = FootnoteRef.objects.filter(section__document=document).values_list(
        "section_id", "footnote__label", "offset"
    )
    for section_id, label, offset in rows.order_by("offset"):
        refs.setdefault(section_id, []).append(ParsedRef(label, offset))
    return ParsedDocument(
        title=document.title,
        subtitle=document.subtitle,
        authors=tuple(document.authors),
        date=document.date,
        doc_type=document.doc_type,
        language=document.language,
        summary=document.summary,
        warnings=tuple(document.warnings),
        source_format=document.source_format,
        sections=tuple(
            ParsedSection(
                s.anchor, s.heading, s.level, s.text, tuple(refs.get(s.pk, ())), s.start_page
            )
            for s in document.sections.order_by("position")
        ),
        footnotes=tuple(
            ParsedFootnote(label, text)
            for label, text in document.footnotes.order_by("position").values_list("label", "text")
        ),
    )


def _set_metadata(document: Document, parsed: ParsedDocument, kept: list[str]) -> None:
    values = {
        "title": parsed.title[:500],
        "subtitle": parsed.subtitle[:500],
        "authors": list(parsed.authors),
        "date": parsed.date,
        "doc_type": parsed.doc_type,
        "language": parsed.language,
        "summary": parsed.summary,
    }
    for name in METADATA_FIELDS:
        if name in kept or (name == "summary" and not values[name]):
            continue  # staff's value wins; an empty parsed summary keeps the old one
        setattr(document, name, values[name])
    document.edited_fields = [name for name in document.edited_fields if name in kept]


def _save(document: Document) -> None:
    """Save; a new document without a slug takes the first free one for its title."""
    if document.slug:
        document.save()
        return
    while True:
        document.slug = free_slug(document.title)
        try:
            with transaction.atomic():  # a concurrent import may take the slug first
                document.save()
            return
        except IntegrityError:
            document.pk = None


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
