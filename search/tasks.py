"""Index updates as tasks: ``TASKS["default"]`` runs them in-process after commit."""

import logging

from django.tasks import task

from . import outbox
from .backends import search_backends

logger = logging.getLogger(__name__)


@task
def update_document_index(document_id: int) -> bool:
    """Bring the after-commit backends' entries for one document in step with the database.

    A failed write is logged, not raised: the database has committed and stays as it
    is, and the document's ``search.outbox`` row stays for the next attempt.
    """
    ok = True
    for backend in search_backends.all():
        if backend.index_in_transaction:
            continue  # written inside the transaction already (search.signals)
        try:
            backend.index_document(document_id)
        except Exception:
            logger.exception(
                "Could not update the %s search index for document %s", backend.alias, document_id
            )
            ok = False
    if ok:
        outbox.done([document_id])
    return ok
