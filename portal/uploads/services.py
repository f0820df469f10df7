"""Create, parse, compare and publish uploads; views and the task call these."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field, replace

from django.core.files.base import ContentFile
from django.db import transaction

from portal.ingest import IngestError, parse_bytes
from portal.ingest.base import ParsedDocument, ParsedFootnote, ParsedRef, ParsedSection
from portal.ingest.load import ImportResult, import_parsed_document, plan_anchors, slug_for
from portal.models import Document, Upload

from .validation import validate_upload


def create_upload(name: str, data: bytes, user) -> Upload:
    """Validate and store a file as a queued upload; a rejected file raises and stores nothing."""
    fmt = validate_upload(data, name)
    upload = Upload(
        original_name=name[:255],
        size=len(data),
        sha256=hashlib.sha256(data).hexdigest(),
        source_format=fmt,
        uploaded_by=user,
    )
    upload.file.save(name or f"upload.{fmt}", ContentFile(data), save=False)
    upload.save()
    return upload


def parse_stored_upload(upload_id: int) -> None:
    """Parse an upload's file, reporting progress on the row; errors end up in ``error``."""
    upload = Upload.objects.get(pk=upload_id)
    if upload.status not in (Upload.Status.QUEUED, Upload.Status.PARSING):
        return
    _progress(upload, 5, Upload.Status.PARSING)
    try:
        with upload.file.open("rb") as fh:
            data = fh.read()
        parsed = _parse(upload, data)
    except IngestError as exc:
        _fail(upload, str(exc))
        return
    except Exception as exc:  # a parser bug must not leave the upload spinning forever
        _fail(upload, f"The file could not be parsed ({exc.__class__.__name__}): {exc}")
        raise
    upload.parsed = parsed.to_json() | {"meta": _initial_meta(parsed, upload.sha256)}
    upload.status, upload.progress = Upload.Status.READY, 100
    upload.save(update_fields=["parsed", "status", "progress", "updated"])


def _parse(upload: Upload, data: bytes) -> ParsedDocument:
    return parse_bytes(
        data,
        upload.original_name,
        fmt=upload.source_format,
        progress=lambda f: _progress(upload, 5 + f * 90),
    )


def _progress(upload: Upload, percent: float, status: str | None = None) -> None:
    fields = {"progress": int(percent)}
    if status:
        fields["status"] = status
    Upload.objects.filter(pk=upload.pk).update(**fields)


def _fail(upload: Upload, message: str) -> None:
    upload.status, upload.error, upload.progress = Upload.Status.FAILED, message, 100
    upload.save(update_fields=["status", "error", "progress", "updated"])
    upload.file.delete(save=True)  # a rejected file is not kept


def _initial_meta(parsed: ParsedDocument, digest: str) -> dict:
    same = Document.objects.filter(source_sha256=digest).first()
    return {
        "title": parsed.title,
        "authors": list(parsed.authors),
        "date": parsed.date,
        "doc_type": parsed.doc_type,
        "slug": same.slug if same else slug_for(parsed.title),
    }


def parsed_from_json(data: dict) -> ParsedDocument:
    """Rebuild the ``ParsedDocument`` an upload's ``parsed`` field was made from."""
    refs: dict[str, list[ParsedRef]] = {}
    for r in data.get("refs", []):
        refs.setdefault(r["section"], []).append(ParsedRef(r["footnote"], r["offset"]))
    sections = tuple(
        ParsedSection(
            anchor=s["anchor"],
            heading=s["heading"],
            level=s["level"],
            text=s["text"],
            refs=tuple(refs.get(s["anchor"], ())),
            start_page=s.get("start_page"),
        )
        for s in data.get("sections", [])
    )
    return ParsedDocument(
        title=data.get("title", ""),
        subtitle=data.get("subtitle", ""),
        sections=sections,
        footnotes=tuple(ParsedFootnote(n["label"], n["text"]) for n in data.get("footnotes", [])),
        authors=tuple(data.get("authors", [])),
        date=data.get("date", ""),
        doc_type=data.get("type", "other"),
        language=data.get("language", "en"),
        warnings=tuple(data.get("warnings", [])),
        source_format=data.get("format", ""),
    )


@dataclass
class ChangeSummary:
    """What publishing over an existing document would do to it."""

    document: Document
    identical_file: bool
    new: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    gone: list[str] = field(default_factory=list)
    redirects: dict[str, str] = field(default_factory=dict)  # old anchor -> new anchor


def change_summary(upload: Upload, slug: str) -> ChangeSummary | None:
    """Compare the upload with the document it would replace (by slug), if there is one."""
    document = Document.objects.filter(slug=slug).first()
    if document is None or not upload.parsed:
        return None
    parsed = parsed_from_json(upload.parsed)
    old = list(document.sections.order_by("position"))
    anchors, moved = plan_anchors(
        [(s.anchor, s.heading, s.text) for s in old], list(parsed.sections)
    )
    summary = ChangeSummary(document, identical_file=document.source_sha256 == upload.sha256)
    by_anchor = {s.anchor: s for s in old}
    for anchor, new in zip(anchors, parsed.sections, strict=True):
        before = by_anchor.get(anchor)
        label = new.heading or anchor
        if before is None:
            summary.new.append(label)
        elif (before.heading, before.text, before.level) != (new.heading, new.text, new.level):
            summary.changed.append(label)
        else:
            summary.unchanged.append(label)
    for anchor, index in moved.items():
        summary.gone.append(by_anchor[anchor].heading or anchor)
        summary.redirects[anchor] = anchors[index]
    return summary


def publish(upload: Upload, meta: dict, user) -> ImportResult:
    """Store the upload as a published document in one transaction with the upload's new state."""
    parsed = replace(
        parsed_from_json(upload.parsed),
        title=meta["title"],
        authors=tuple(meta["authors"]),
        date=meta["date"],
        doc_type=meta["doc_type"],
    )
    with upload.file.open("rb") as fh:
        data = fh.read()
    with transaction.atomic():
        result = import_parsed_document(
            parsed,
            slug=meta["slug"],
            source=data,
            source_name=upload.original_name,
            status=Document.Status.PUBLISHED,
            uploaded_by=user,
        )
        upload.status, upload.document = Upload.Status.PUBLISHED, result.document
        upload.parsed = upload.parsed | {"meta": meta}
        upload.save(update_fields=["status", "document", "parsed", "updated"])
    return result


def discard(upload: Upload) -> None:
    upload.file.delete(save=False)
    upload.status = Upload.Status.DISCARDED
    upload.save(update_fields=["status", "file", "updated"])
