"""Keep the text every section has now, so links made before this app keep their "as it was"."""

import hashlib

from django.db import migrations


def record_current_texts(apps, schema_editor):
    Section = apps.get_model("portal", "Section")
    PassageVersion = apps.get_model("lists", "PassageVersion")
    PassageVersion.objects.bulk_create(
        [
            PassageVersion(
                document_id=s.document_id,
                anchor=s.anchor,
                heading=s.heading,
                text=s.text,
                sha=hashlib.sha256(s.text.encode()).hexdigest(),
            )
            for s in Section.objects.iterator()
        ],
        ignore_conflicts=True,
    )


class Migration(migrations.Migration):
    dependencies = [("lists", "0001_initial")]

    operations = [migrations.RunPython(record_current_texts, migrations.RunPython.noop)]
