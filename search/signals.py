"""Keep the index following the database: re-index a document after each commit that changes it.

The ingest loader sends ``portal.signals.document_changed``; admin edits, publishing
and deleting reach us through Document's own post_save/post_delete. Both may fire for
one change: the backend skips a write when the entries are already in step.
"""

from functools import partial

from django.db import transaction
from django.db.models.signals import post_delete, post_save

from portal.models import Document
from portal.signals import document_changed

from .tasks import update_document_index


def schedule_update(document_id: int) -> None:
    """Queue the document's re-indexing for when the current transaction commits."""
    transaction.on_commit(partial(update_document_index.enqueue, document_id=document_id))


def _document_changed(sender, document_id, **kwargs):
    schedule_update(document_id)


def _document_saved(sender, instance, raw=False, **kwargs):
    if not raw:  # fixtures load rows before their sections exist
        schedule_update(instance.pk)


def _document_deleted(sender, instance, **kwargs):
    schedule_update(instance.pk)


def connect() -> None:
    document_changed.connect(_document_changed, dispatch_uid="search.document_changed")
    post_save.connect(_document_saved, sender=Document, dispatch_uid="search.document_saved")
    post_delete.connect(_document_deleted, sender=Document, dispatch_uid="search.document_deleted")
