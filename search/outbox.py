"""Index work recorded in the database, so no crash can leave the index behind it.

Every change that schedules an after-commit index write also inserts a
``PendingIndex`` row in the changing transaction (``record``). The write deletes
the row once the index holds the document (``done``). A process killed between
the commit and the index write leaves the row behind; ``apply_due`` (run by the
next search a process answers, at most every ``POLL_SECONDS``, and by
``manage.py rebuild_index``) finishes it. Re-indexing a document is idempotent,
so work applied twice costs time, never correctness.
"""

from __future__ import annotations

import logging
import time
from datetime import timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from .models import PendingIndex

logger = logging.getLogger(__name__)

POLL_SECONDS = 5
_last_poll = [0.0]


def record(document_id: int) -> None:
    """Note, inside the current transaction, that the document's index entries are owed."""
    try:
        with transaction.atomic():
            PendingIndex.objects.get_or_create(document_id=document_id)
    except IntegrityError:
        pass  # another transaction recorded it first: one row is enough


def done(document_ids: list[int]) -> None:
    """The index holds these documents now."""
    PendingIndex.objects.filter(document_id__in=document_ids).delete()


def apply_due(force: bool = False) -> int:
    """Apply index writes left by a process that died; return how many documents."""
    now = time.monotonic()
    if not force and now - _last_poll[0] < POLL_SECONDS:
        return 0
    _last_poll[0] = now
    # A row younger than the grace period may belong to a commit whose own after-commit
    # write is still running: leave it to that write.
    grace = 0 if force else settings.SEARCH_OUTBOX_GRACE_SECONDS
    cutoff = timezone.now() - timedelta(seconds=grace)
    due = list(
        PendingIndex.objects.filter(created__lt=cutoff).values_list("document_id", flat=True)
    )
    if due:
        from .tasks import update_document_index  # tasks import this module

        logger.warning("Applying %d index writes a stopped process left behind", len(due))
        for document_id in due:
            update_document_index.call(document_id=document_id)
    return len(due)
