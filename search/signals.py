"""Keep the index following the database: one indexing path, from the models' own signals.

Importing, editing, publishing and deleting all save or delete ``Document``,
``Section`` and ``Footnote`` rows, so post_save/post_delete of those three models are
the only trigger (connected in ``SearchConfig.ready``). One transaction may fire
hundreds of them for one document; each document is re-indexed once, after commit.

Backends whose index lives in the database (``index_in_transaction = True``) are
written at once instead, inside the transaction that changed the rows, so the index
commits or rolls back with them. For the others the owed write is also recorded in
that transaction (``search.outbox``), so a process killed after the commit leaves
work the next one finishes.
"""

from __future__ import annotations

import threading
import weakref

from django.db import transaction
from django.db.models.signals import post_delete, post_save

from portal.models import Document, Footnote, Section

from . import outbox
from .backends import search_backends
from .tasks import update_document_index

_local = threading.local()


class _Flush:
    """The documents one transaction changed, re-indexed when it commits.

    Registered once per transaction with ``transaction.on_commit``. A rollback drops
    Django's reference to it, so the weak reference kept here dies with it and the
    next change registers a fresh one: no private transaction state is read.
    """

    def __init__(self) -> None:
        self.ids: set[int] = set()
        self.done = False

    def __call__(self) -> None:
        self.done = True
        for document_id in sorted(self.ids):
            update_document_index.enqueue(document_id=document_id)


def schedule_update(document_id: int, part=None) -> None:
    """Re-index a document: now for in-database indexes, after commit for the others.

    ``part``: the one section or note that changed; an in-database index rewrites only
    its entry (an import saves every note: re-indexing the document each time would
    cost the square of its size).
    """
    for backend in search_backends.all():
        if backend.index_in_transaction and part is not None and hasattr(backend, "index_part"):
            backend.index_part(part)
        elif backend.index_in_transaction:
            backend.index_document(document_id)
    if not any(not b.index_in_transaction for b in search_backends.all()):
        return
    ref = getattr(_local, "flush", None)
    flush = ref() if ref is not None else None
    if flush is None or flush.done:
        flush = _Flush()
        _local.flush = weakref.ref(flush)
        outbox.record(document_id)
        flush.ids.add(document_id)
        transaction.on_commit(flush)  # runs at once outside a transaction
        return
    if document_id not in flush.ids:
        outbox.record(document_id)
        flush.ids.add(document_id)


def _document_saved(sender, instance, raw=False, **kwargs):
    if not raw:  # fixtures load rows before their sections exist
        schedule_update(instance.pk)


def _document_deleted(sender, instance, **kwargs):
    schedule_update(instance.pk)


def _part_changed(sender, instance, raw=False, **kwargs):
    if not raw:
        schedule_update(instance.document_id, part=instance)


def connect() -> None:
    post_save.connect(_document_saved, sender=Document, dispatch_uid="search.document_saved")
    post_delete.connect(_document_deleted, sender=Document, dispatch_uid="search.document_deleted")
    for model in (Section, Footnote):
        name = model._meta.model_name
        post_save.connect(_part_changed, sender=model, dispatch_uid=f"search.{name}_saved")
        post_delete.connect(_part_changed, sender=model, dispatch_uid=f"search.{name}_deleted")
