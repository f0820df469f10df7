# The PostgreSQL backend's tables, and on PostgreSQL its extensions, text search
# configurations and GIN indexes. On other databases only the (unused) tables appear.

import django.db.models.deletion
from django.db import migrations, models

import search.models

# Every token type the default parser emits for our pre-split words (no hyphens remain).
TOKENS = "asciiword, word, numword, host, file, version, float, sfloat, int, uint"

FORWARD = [
    "CREATE EXTENSION IF NOT EXISTS unaccent",
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    # Snowball English without a stop list: which words count is decided by the query side.
    "CREATE TEXT SEARCH DICTIONARY lectern_english_stem (TEMPLATE = snowball, Language = english)",
    "CREATE TEXT SEARCH CONFIGURATION lectern_exact (COPY = simple)",
    f"ALTER TEXT SEARCH CONFIGURATION lectern_exact ALTER MAPPING FOR {TOKENS} WITH unaccent, simple",
    "CREATE TEXT SEARCH CONFIGURATION lectern_stem (COPY = simple)",
    f"ALTER TEXT SEARCH CONFIGURATION lectern_stem ALTER MAPPING FOR {TOKENS} "
    "WITH unaccent, lectern_english_stem",
    "CREATE INDEX search_indexentry_stem_gin ON search_indexentry USING gin (stem)",
    "CREATE INDEX search_indexentry_exact_gin ON search_indexentry USING gin (exact)",
    "CREATE INDEX search_indexterm_trgm ON search_indexterm USING gin (word gin_trgm_ops)",
]
BACKWARD = [
    "DROP INDEX IF EXISTS search_indexterm_trgm",
    "DROP INDEX IF EXISTS search_indexentry_exact_gin",
    "DROP INDEX IF EXISTS search_indexentry_stem_gin",
    "DROP TEXT SEARCH CONFIGURATION IF EXISTS lectern_stem",
    "DROP TEXT SEARCH CONFIGURATION IF EXISTS lectern_exact",
    "DROP TEXT SEARCH DICTIONARY IF EXISTS lectern_english_stem",
]


def _run(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        for sql in statements:
            schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("portal", "0002_upload"),
    ]

    operations = [
        migrations.CreateModel(
            name="IndexEntry",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("entry_id", models.CharField(max_length=40, unique=True)),
                ("kind", models.CharField(max_length=5)),
                ("digest", models.CharField(max_length=16)),
                ("facets", models.JSONField(default=dict)),
                ("date", models.CharField(blank=True, max_length=10)),
                ("length", models.PositiveIntegerField(default=0)),
                ("duplicate", models.CharField(blank=True, default="", max_length=16)),
                ("ordinal", models.PositiveIntegerField(default=0)),
                ("stem", search.models.TsVectorField(null=True)),
                ("exact", search.models.TsVectorField(null=True)),
                ("document", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="+", to="portal.document")),
            ],
            options={"verbose_name_plural": "index entries"},
        ),
        migrations.CreateModel(
            name="IndexTerm",
            fields=[
                ("word", models.CharField(max_length=200, primary_key=True, serialize=False)),
                ("stem", models.CharField(default="", max_length=200)),
            ],
        ),
        migrations.RunPython(_run(FORWARD), _run(BACKWARD)),
    ]
