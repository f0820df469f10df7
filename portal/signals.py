"""Signals the library sends, so that search can follow it without portal importing search."""

from django.dispatch import Signal

# Sent after the transaction that imported, edited, published, unpublished or deleted a
# document commits. Receivers get ``document_id``; the document may no longer exist.
document_changed = Signal()
