# Entries of documents in a language other than English, written before 0003, were
# stemmed as English: re-index them with their own stemmer, at once on PostgreSQL and
# through the outbox (search.outbox) for the file indexes. Apart from 0003, whose
# index on the new column is created when its transaction ends.

import logging

from django.db import migrations, transaction

ENGLISH = ("", "en")

logger = logging.getLogger(__name__)


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
    from search.backends.postgres import PostgresSearchBackend  # the code of this release

    backend = PostgresSearchBackend("migration", {})
    try:
        with transaction.atomic(using=alias):
            for pk in sorted(indexed):
                backend.index_document(pk)
    except Exception:  # never block the migration: the entries still match as English
        logger.exception("Could not re-index documents in other languages: run rebuild_index")


class Migration(migrations.Migration):
    dependencies = [("search", "0003_languages")]

    operations = [migrations.RunPython(reindex_other_languages, migrations.RunPython.noop)]
