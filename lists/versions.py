"""Keep every text a section has had, so a link made before a re-import can show what changed.

Connected in ``ListsConfig.ready()``: the loader in ``portal`` saves each section
with ``save()``, so ``post_save`` sees every imported text without portal
knowing about this app. Recording the text as it is stored keeps the previous
text of every section by the time a later import replaces it.
"""

from __future__ import annotations

from django.db.models.signals import post_save

from portal.models import Section

from .models import PassageVersion


def record(section: Section) -> PassageVersion:
    from .passages import text_hash

    version, _ = PassageVersion.objects.get_or_create(
        document_id=section.document_id,
        anchor=section.anchor,
        sha=text_hash(section.text),
        defaults={"heading": section.heading, "text": section.text},
    )
    return version


def _section_saved(sender, instance: Section, raw: bool = False, **kwargs) -> None:
    if not raw:
        record(instance)


def connect() -> None:
    post_save.connect(_section_saved, sender=Section, dispatch_uid="lists.record_version")
