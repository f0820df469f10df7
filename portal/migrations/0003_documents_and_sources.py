"""Source files move into the database (SourceFile); staff edits are remembered; HTML is derived."""

import hashlib

import django.db.models.deletion
from django.core.files.storage import default_storage
from django.db import migrations, models


def _store(SourceFile, field) -> object | None:
    """The SourceFile row for a FileField's file, or None when the file is gone."""
    if not field or not default_storage.exists(field.name):
        return None
    with default_storage.open(field.name, "rb") as fh:
        data = fh.read()
    digest = hashlib.sha256(data).hexdigest()
    name = field.name.rsplit("/", 1)[-1][:255]
    defaults = {"name": name, "size": len(data), "data": data}
    return SourceFile.objects.get_or_create(sha256=digest, defaults=defaults)[0]


def files_to_database(apps, schema_editor):
    SourceFile = apps.get_model("portal", "SourceFile")
    for model, attr in (("Document", "source_file"), ("Upload", "file")):
        for row in apps.get_model("portal", model).objects.exclude(**{attr: ""}).iterator():
            row.source = _store(SourceFile, getattr(row, attr))
            row.save(update_fields=["source"])


class Migration(migrations.Migration):
    dependencies = [
        ("portal", "0002_upload"),
    ]

    operations = [
        migrations.CreateModel(
            name="SourceFile",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("sha256", models.CharField(max_length=64, unique=True)),
                ("name", models.CharField(blank=True, max_length=255)),
                ("size", models.PositiveBigIntegerField(default=0)),
                ("data", models.BinaryField()),
                ("created", models.DateTimeField(auto_now_add=True)),
            ],
            options={"ordering": ["-created"]},
        ),
        migrations.AddField(
            model_name="document",
            name="source",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="documents",
                to="portal.sourcefile",
            ),
        ),
        migrations.AddField(
            model_name="upload",
            name="source",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="uploads",
                to="portal.sourcefile",
            ),
        ),
        migrations.RunPython(files_to_database, migrations.RunPython.noop),
        migrations.RemoveField(model_name="document", name="source_file"),
        migrations.RemoveField(model_name="upload", name="file"),
        migrations.AddField(
            model_name="document",
            name="edited_fields",
            field=models.JSONField(blank=True, default=list, editable=False),
        ),
        migrations.AlterField(
            model_name="footnote",
            name="html",
            field=models.TextField(blank=True, editable=False),
        ),
        migrations.AlterField(
            model_name="section",
            name="html",
            field=models.TextField(blank=True, editable=False),
        ),
    ]
