"""Keep the index following the database: re-index a document after each commit that changes it.

The ingest loader sends ``portal.signals.document_changed``; admin edits, publishing
and deleting reach us through the models' own post_save/post_delete (a section or a
note edited on its own counts too). One transaction may fire many of these for one
document: they are gathered and each document is re-indexed once, after commit.
"""

import threading

from django.db import connection, transaction
from django.db.models.signals import post_delete, post_save

from portal.models import Document, Footnote, Section
from portal.signals import document_changed

from .tasks import update_document_index

_pending = threading.local()


def schedule_update(document_id: int) -> None:
    """Queue the document's re-indexing for when the current transaction commits."""
    ids = getattr(_pending, "ids", None)
    if ids is None or not _flush_registered():
        # First change in this transaction (or the last one rolled back): register a flush.
        ids = _pending.ids = set()
        ids.add(document_id)
        transaction.on_commit(_flush)
        return
    ids.add(document_id)


def _flush_registered() -> bool:
    # Django keeps the callbacks of the open transaction here; a rollback empties it.
    return any(func is _flush for _sids, func, *_ in connection.run_on_commit)


def _flush() -> None:
    ids, _pending.ids = getattr(_pending, "ids", None) or set(), None
    for document_id in sorted(ids):
        update_document_index.enqueue(document_id=document_id)


def _document_changed(sender, document_id, **kwargs):
    schedule_update(document_id)


def _document_saved(sender, instance, raw=False, **kwargs):
    if not raw:  # fixtures load rows before their sections exist
        schedule_update(instance.pk)


def _document_deleted(sender, instance, **kwargs):
    schedule_update(instance.pk)


def _part_changed(sender, instance, raw=False, **kwargs):
    if not raw:
        schedule_update(instance.document_id)


def connect() -> None:
    document_changed.connect(_document_changed, dispatch_uid="search.document_changed")
    post_save.connect(_document_saved, sender=Document, dispatch_uid="search.document_saved")
    post_delete.connect(_document_deleted, sender=Document, dispatch_uid="search.document_deleted")
    for model in (Section, Footnote):
        name = model._meta.model_name
        post_save.connect(_part_changed, sender=model, dispatch_uid=f"search.{name}_saved")
        post_delete.connect(_part_changed, sender=model, dispatch_uid=f"search.{name}_deleted")
