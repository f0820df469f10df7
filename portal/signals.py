"""The library's own housekeeping, connected in ``PortalConfig.ready``.

A stored source file goes when the last document or upload using it does. (Search
follows the library through the models' post_save/post_delete: ``search.signals``.)
"""

from django.db.models.signals import post_delete


def _prune_source(sender, instance, **kwargs) -> None:
    from .models import SourceFile

    SourceFile.prune(instance.source_id)


def connect() -> None:
    from .models import Document, Upload

    for model in (Document, Upload):
        name = model._meta.model_name
        post_delete.connect(_prune_source, sender=model, dispatch_uid=f"portal.{name}_source")
