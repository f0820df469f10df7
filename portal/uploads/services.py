"""Create, parse, compare and publish uploads; views and the task call these."""

from __future__ import annotations

import time
from dataclasses import replace
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from portal.ingest import IngestError
from portal.ingest.base import ParsedDocument
from portal.ingest.bounded import Limits, ParseCancelled, parse_bounded
from portal.ingest.load import (
    ImportResult,
    earlier_version,
    free_slug,
    import_parsed_document,
    same_source,
    slug_for,
)
from portal.ingest.serialize import from_json, to_json
from portal.languages import with_detected_language
from portal.models import METADATA_FIELDS, Document, SourceFile, Upload

from .changes import ChangeSummary, summarize
from .validation import validate_upload


def create_upload(name: str, data: bytes, user) -> Upload:
    """Validate and store a file as a queued upload; a rejected file raises and stores nothing."""
    fmt = validate_upload(data, name)
    with transaction.atomic():
        source = SourceFile.store(data, name)
        return Upload.objects.create(
            source=source,
            original_name=name[:255],
            size=len(data),
            sha256=source.sha256,
            source_format=fmt,
            uploaded_by=user,
        )


# A parse reports at least this often (``_heartbeat``); one silent for STALL_SECONDS
# lost its worker (killed, restarted) and would otherwise show "parsing" forever.
HEARTBEAT_SECONDS = 5
STALL_SECONDS = 60


def parse_limits() -> Limits:
    """The time and memory one parse may take (``LECTERN_PARSE_SECONDS``, ``..._MEMORY_MB``)."""
    return Limits(
        seconds=settings.LECTERN_PARSE_SECONDS,
        memory_bytes=settings.LECTERN_PARSE_MEMORY_MB * 1024 * 1024,
    )


def parse_stored_upload(upload_id: int) -> None:
    """Parse an upload's file in a bounded child process, reporting progress on the row.

    Errors, a limit reached and a cancel all end up in ``error``; the worker is then
    free for the next upload.
    """
    recover_stalled_uploads()
    upload = Upload.objects.select_related("source").defer("source__data").get(pk=upload_id)
    if upload.status not in (Upload.Status.QUEUED, Upload.Status.PARSING):
        return
    _progress(upload, 5, Upload.Status.PARSING)
    try:
        parsed = parse_bounded(
            upload.source.read(),
            upload.original_name,
            fmt=upload.source_format,
            limits=parse_limits(),
            progress=lambda f: _progress(upload, 5 + f * 90),
            should_stop=_heartbeat(upload),
        )
        parsed = with_detected_language(parsed)
    except ParseCancelled:
        return  # ``cancel`` already said so on the row and dropped the file
    except IngestError as exc:
        _fail(upload, str(exc))
        return
    except Exception as exc:  # a parser bug must not leave the upload spinning forever
        _fail(upload, f"The file could not be parsed ({exc.__class__.__name__}): {exc}")
        raise
    upload.parsed = to_json(parsed) | {"meta": initial_meta(parsed, upload)}
    upload.status, upload.progress = Upload.Status.READY, 100
    upload.save(update_fields=["parsed", "status", "progress", "updated"])


def _progress(upload: Upload, percent: float, status: str | None = None) -> None:
    fields = {"progress": int(percent), "updated": timezone.now()}
    if status:
        fields["status"] = status
    Upload.objects.filter(pk=upload.pk).update(**fields)


def _heartbeat(upload: Upload):
    """A ``should_stop`` for the parse: true once cancelled; keeps ``updated`` fresh meanwhile."""
    last = [0.0]

    def should_stop() -> bool:
        if time.monotonic() - last[0] < HEARTBEAT_SECONDS:
            return False
        last[0] = time.monotonic()
        rows = Upload.objects.filter(pk=upload.pk, status=Upload.Status.PARSING)
        return not rows.update(updated=timezone.now())

    return should_stop


def cancel(upload: Upload, user) -> bool:
    """Stop a queued or running parse; false when it had already finished."""
    with transaction.atomic():
        upload = Upload.objects.select_for_update().get(pk=upload.pk)
        if not upload.is_pending:
            return False
        who = getattr(user, "get_username", lambda: "")() or "an administrator"
        _fail(upload, f"Cancelled by {who}; nothing was stored.")
    return True


def recover_stalled_uploads() -> int:
    """Fail the parses whose worker died (no heartbeat for STALL_SECONDS), saying what to do."""
    cutoff = timezone.now() - timedelta(seconds=STALL_SECONDS)
    stalled = Upload.objects.filter(status=Upload.Status.PARSING, updated__lt=cutoff)
    for upload in stalled:
        _fail(
            upload,
            "The worker reading this file stopped before it finished (it was restarted or "
            "killed); nothing was stored: upload the file again.",
        )
    return len(stalled)


def _fail(upload: Upload, message: str) -> None:
    upload.status, upload.error, upload.progress = Upload.Status.FAILED, message, 100
    _drop_source(upload, ["status", "error", "progress"])  # a rejected file is not kept


def _drop_source(upload: Upload, fields: list[str]) -> None:
    source_id, upload.source = upload.source_id, None
    with transaction.atomic():
        upload.save(update_fields=[*fields, "source", "updated"])
        SourceFile.prune(source_id)


def file_values(parsed: ParsedDocument) -> dict:
    """The metadata as the file gives them, by ``METADATA_FIELDS`` name."""
    return {name: _plain(getattr(parsed, name)) for name in METADATA_FIELDS}


def _plain(value):
    return list(value) if isinstance(value, tuple) else value


def target_of(parsed: ParsedDocument, upload: Upload) -> tuple[Document | None, bool]:
    """The document this upload would replace, and whether replacing is the default.

    The same bytes are the same document (replace). A file of the same name and
    title, or a title whose address is taken, looks like a corrected version: it
    is proposed, and the administrator must tick "Replace" to publish over it.
    """
    same = same_source(upload.sha256)
    if same is not None:
        return same, True
    earlier = earlier_version(parsed, upload.original_name)
    return earlier or Document.objects.filter(slug=slug_for(parsed.title)).first(), False


def initial_meta(parsed: ParsedDocument, upload: Upload) -> dict:
    """The publish form's first values: the file's, with staff's edits where they replace."""
    meta = file_values(parsed)
    target, replace_default = target_of(parsed, upload)
    if target is None:
        return meta | {"slug": free_slug(parsed.title), "replace": False}
    for name in target.edited_fields:
        meta[name] = getattr(target, name)
    return meta | {"slug": target.slug, "replace": replace_default}


def parsed_of(upload: Upload) -> ParsedDocument:
    return from_json(upload.parsed)


def change_summary(upload: Upload, slug: str) -> ChangeSummary | None:
    """Compare the upload with the document it would replace (by slug), if there is one."""
    document = Document.objects.filter(slug=slug).first()
    if document is None or not upload.parsed:
        return None
    return summarize(document, parsed_of(upload), document.source_sha256 == upload.sha256)


def publish(upload: Upload, meta: dict, user, use_file: tuple[str, ...] = ()) -> ImportResult:
    """Store the upload as a published document in one transaction with the upload's new state.

    ``meta`` holds the form's values; for each field named in ``use_file`` the
    file's value wins. Fields left different from the file's are recorded as
    edited, so that the next corrected file keeps them too.
    """
    parsed = parsed_of(upload)
    from_file = file_values(parsed)
    chosen = {n: from_file[n] if n in use_file else meta.get(n, from_file[n]) for n in from_file}
    edited = [name for name in METADATA_FIELDS if chosen[name] != from_file[name]]
    final = replace(parsed, **{n: tuple(v) if n == "authors" else v for n, v in chosen.items()})
    with transaction.atomic():
        result = import_parsed_document(
            final,
            slug=meta["slug"],
            source=upload.source.read(),
            source_name=upload.original_name,
            status=Document.Status.PUBLISHED,
            uploaded_by=user,
            edited_fields=edited,
        )
        upload.status, upload.document = Upload.Status.PUBLISHED, result.document
        upload.parsed = upload.parsed | {
            "meta": chosen | {"slug": meta["slug"]},
            "published": {"state": result.state, "redirects": result.redirects},
        }
        upload.save(update_fields=["status", "document", "parsed", "updated"])
    return result


def discard(upload: Upload) -> None:
    upload.status = Upload.Status.DISCARDED
    _drop_source(upload, ["status"])
