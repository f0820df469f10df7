"""Index rows for the PostgreSQL search backend (created on every database, used only there).

Like Wagtail's ``IndexEntry``: one row per indexed passage, written in the same
transaction as the document, so every server sharing the database sees the same index.
"""

from django.db import models

from portal.models import Document


class TsVectorField(models.Field):
    """A ``tsvector`` column on PostgreSQL; plain text elsewhere (never filled there)."""

    def db_type(self, connection):
        return "tsvector" if connection.vendor == "postgresql" else "text"


class IndexEntry(models.Model):
    """One published section ("s:<pk>") or footnote ("n:<pk>") with its analysed text.

    ``stem`` holds stemmed lexemes, ``exact`` folded words with every position (phrases);
    weights mark the field: A title, B heading, C text, D authors.
    """

    entry_id = models.CharField(max_length=40, unique=True)
    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=5)  # "body" or "note"
    digest = models.CharField(max_length=16)
    # {facet name: value, or a list for a multi-valued facet}, as search.facets declares
    # them: a new facet needs no new column.
    facets = models.JSONField(default=dict)
    date = models.CharField(max_length=10, blank=True)  # for sorting by date
    length = models.PositiveIntegerField(default=0)  # words in heading and text
    # Notes of one document with the same words share a key and show as one hit, the
    # first in reading order (``ordinal``) listing the others.
    duplicate = models.CharField(max_length=16, blank=True, default="")
    ordinal = models.PositiveIntegerField(default=0)
    # The stemmer ``stem`` was made with (``search.analysis.stemmer_of`` the document's
    # language): queries look each language's stems up in its own entries.
    language = models.CharField(max_length=12, default="en", db_index=True)
    stem = TsVectorField(null=True)
    exact = TsVectorField(null=True)

    class Meta:
        verbose_name_plural = "index entries"

    def __str__(self) -> str:
        return self.entry_id


class IndexTerm(models.Model):
    """The folded words of the index: suggestions (trigrams) and the matcher's stems."""

    word = models.CharField(max_length=200, primary_key=True)
    stem = models.CharField(max_length=200, default="")  # as lectern_stem stems it
    # {stemmer code: stem} in the other stemmed languages of the entries holding it.
    stems = models.JSONField(null=True)  # NULL: none (rows other writers insert)

    def __str__(self) -> str:
        return self.word


class PendingIndex(models.Model):
    """A document whose after-commit index write is owed (the outbox, see ``search.outbox``).

    Written in the same transaction as the change, deleted once the index has it:
    a process killed in between leaves the row, and the next one finishes the work.
    """

    document_id = models.BigIntegerField(primary_key=True)  # no FK: deleted documents too
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name_plural = "pending index writes"

    def __str__(self) -> str:
        return f"document {self.document_id}"


from . import database_checks  # noqa: E402, F401  (registers search.W002)
