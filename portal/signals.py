"""Signals the library sends, so that search can follow it without portal importing search.

``connect()`` (called from ``PortalConfig.ready``) also wires the library's own
housekeeping: a stored source file goes when the last document or upload using it does.
"""

from django.db.models.signals import post_delete
from django.dispatch import Signal

# Sent after the transaction that imported, edited, published, unpublished or deleted a
# document commits. Receivers get ``document_id``; the document may no longer exist.
document_changed = Signal()


def _prune_source(sender, instance, **kwargs) -> None:
    from .models import SourceFile

    SourceFile.prune(instance.source_id)


def connect() -> None:
    from .models import Document, Upload

    for model in (Document, Upload):
        name = model._meta.model_name
        post_delete.connect(_prune_source, sender=model, dispatch_uid=f"portal.{name}_source")
