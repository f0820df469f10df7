# Search analysis per document language (PostgreSQL backend): each entry's language,
# each word's stems in other languages, and on PostgreSQL one text search configuration
# per Snowball language (built like lectern_stem in 0001). 0004 re-indexes the
# documents of other languages written before.

from django.db import migrations, models

# Frozen copies (a migration must not change when the code does).
TOKENS = "asciiword, word, numword, host, file, version, float, sfloat, int, uint"
STEMMERS = {
    "da": "danish",
    "de": "german",
    "es": "spanish",
    "fi": "finnish",
    "fr": "french",
    "hu": "hungarian",
    "it": "italian",
    "nl": "dutch",
    "no": "norwegian",
    "pt": "portuguese",
    "ro": "romanian",
    "ru": "russian",
    "sv": "swedish",
    "tr": "turkish",
}


def forward_sql():
    for code, name in STEMMERS.items():
        yield (
            f"CREATE TEXT SEARCH DICTIONARY lectern_{name}_stem "
            f"(TEMPLATE = snowball, Language = {name})"
        )
        yield f"CREATE TEXT SEARCH CONFIGURATION lectern_stem_{code} (COPY = simple)"
        yield (
            f"ALTER TEXT SEARCH CONFIGURATION lectern_stem_{code} ALTER MAPPING FOR {TOKENS} "
            f"WITH unaccent, lectern_{name}_stem"
        )


def backward_sql():
    for code, name in STEMMERS.items():
        yield f"DROP TEXT SEARCH CONFIGURATION IF EXISTS lectern_stem_{code}"
        yield f"DROP TEXT SEARCH DICTIONARY IF EXISTS lectern_{name}_stem"


def _run(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        for sql in statements():
            schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [("search", "0002_pending_index"), ("portal", "0003_documents_and_sources")]

    operations = [
        migrations.AddField(
            model_name="indexentry",
            name="language",
            field=models.CharField(db_index=True, default="en", max_length=12),
        ),
        migrations.AddField(
            model_name="indexterm",
            name="stems",
            field=models.JSONField(null=True),
        ),
        migrations.RunPython(_run(forward_sql), _run(backward_sql)),
    ]
