# Search analysis per document language (PostgreSQL backend): each entry's language,
# each word's stems in other languages, and on PostgreSQL one text search configuration
# per Snowball language (built like lectern_stem in 0001). Entries of documents in a
# language other than English, written before, are re-indexed with their own stemmer:
# at once on PostgreSQL, and through the outbox (search.outbox) for the file indexes.

import logging

from django.db import migrations, models, transaction

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
ENGLISH = ("", "en")

logger = logging.getLogger(__name__)


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


def reindex_other_languages(apps, schema_editor):
    """Documents not in English were stemmed as English: index them with their own stemmer."""
    Document = apps.get_model("portal", "Document")
    PendingIndex = apps.get_model("search", "PendingIndex")
    IndexEntry = apps.get_model("search", "IndexEntry")
    alias = schema_editor.connection.alias
    published = Document.objects.using(alias).filter(status="published")
    others = [
        pk
        for pk, language in published.values_list("pk", "language")
        if language.split("-")[0].lower() not in ENGLISH
    ]
    if not others:
        return
    for pk in others:  # the file indexes: the next search or worker re-indexes them
        PendingIndex.objects.using(alias).get_or_create(document_id=pk)
    indexed = set(
        IndexEntry.objects.using(alias)
        .filter(document_id__in=others)
        .values_list("document_id", flat=True)
    )
    if schema_editor.connection.vendor != "postgresql" or not indexed:
        return
    from search.backends.postgres import PostgresSearchBackend

    backend = PostgresSearchBackend("migration", {})
    try:
        with transaction.atomic(using=alias):
            for pk in sorted(indexed):
                backend.index_document(pk)
    except Exception:  # never block the migration: the entries still match as English
        logger.exception("Could not re-index documents in other languages: run rebuild_index")


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
        migrations.RunPython(reindex_other_languages, migrations.RunPython.noop),
    ]
