"""The library: documents split into sections and footnotes, and where each note is cited."""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.db import models
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils.safestring import SafeString

from .rendering import as_html, render_note, render_section


def can_view_drafts(user) -> bool:
    # The admin lets "change" imply "view"; so do we.
    return user.has_perm("portal.view_document") or user.has_perm("portal.change_document")


class DocumentQuerySet(models.QuerySet):
    def published(self) -> DocumentQuerySet:
        return self.filter(status=Document.Status.PUBLISHED)

    def readable_by(self, user) -> DocumentQuerySet:
        """Published documents, and drafts too for staff allowed to view documents."""
        if user.is_active and user.is_staff and can_view_drafts(user):
            return self
        return self.published()

    def newest_first(self) -> DocumentQuerySet:
        return self.order_by(models.F("date").desc(nulls_last=True), "-created")

    def with_sizes(self) -> DocumentQuerySet:
        """Annotate ``words``, ``section_count`` and ``note_count`` (subqueries avoid fan-out)."""

        def total(model, expr):
            rows = model.objects.filter(document=models.OuterRef("pk")).order_by()
            rows = rows.values("document").annotate(n=expr).values("n")
            return Coalesce(models.Subquery(rows), 0)

        return self.annotate(
            words=total(Section, models.Sum("word_count")),
            section_count=total(Section, models.Count("pk")),
            note_count=total(Footnote, models.Count("pk")),
        )


class SectionQuerySet(models.QuerySet):
    def in_reading_order(self) -> SectionQuerySet:
        return self.order_by("document_id", "position")

    def published(self) -> SectionQuerySet:
        return self.filter(document__status=Document.Status.PUBLISHED)


class FootnoteQuerySet(models.QuerySet):
    def in_reading_order(self) -> FootnoteQuerySet:
        return self.order_by("document_id", "position")

    def published(self) -> FootnoteQuerySet:
        return self.filter(document__status=Document.Status.PUBLISHED)

    def cite_first_sections(self) -> int:
        """Point each note's ``section`` at where it is first cited (None when uncited)."""
        first = (
            FootnoteRef.objects.filter(footnote=models.OuterRef("pk"))
            .order_by("section__position", "offset")
            .values("section")[:1]
        )
        return self.update(section=models.Subquery(first))


class SourceFile(models.Model):
    """The bytes of an imported or uploaded file, kept in the database.

    Every server of the library reads the same database, so any of them can
    parse an upload or serve a source, whatever its local disk holds; and a file
    is stored in the transaction that imports it, so a failed import leaves none.
    One row per distinct content (``sha256``), shared by uploads and documents.
    """

    sha256 = models.CharField(max_length=64, unique=True)
    name = models.CharField(max_length=255, blank=True)  # the name it first came with
    size = models.PositiveBigIntegerField(default=0)
    data = models.BinaryField()
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created"]

    def __str__(self) -> str:
        return f"{self.name or self.sha256[:12]} ({self.size} bytes)"

    @classmethod
    def store(cls, data: bytes, name: str = "") -> SourceFile:
        """The row holding ``data``, created if no file with these bytes is stored yet."""
        digest = hashlib.sha256(data).hexdigest()
        defaults = {"name": name[:255], "size": len(data), "data": data}
        return cls.objects.defer("data").get_or_create(sha256=digest, defaults=defaults)[0]

    @classmethod
    def prune(cls, *pks: int | None) -> None:
        """Delete the given files once no document or upload refers to them."""
        unused = cls.objects.filter(pk__in=[pk for pk in pks if pk])
        unused.filter(documents__isnull=True, uploads__isnull=True).delete()

    def read(self) -> bytes:
        """The file's bytes (loaded on demand: lists of files never carry them)."""
        data = SourceFile.objects.values_list("data", flat=True).get(pk=self.pk)
        return bytes(data)


# Metadata a parse sets and staff may correct; a re-import keeps the corrected ones.
METADATA_FIELDS = ("title", "subtitle", "authors", "date", "doc_type", "language", "summary")


class Document(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        PUBLISHED = "published", "Published"

    class Type(models.TextChoices):
        REPORT = "report", "Report"
        PAPER = "paper", "Paper"
        ARTICLE = "article", "Article"
        THESIS = "thesis", "Thesis"
        LETTER = "letter", "Letter"
        SUBMISSION = "submission", "Submission"
        MEMO = "memo", "Legal memo"
        OTHER = "other", "Other"

    slug = models.SlugField(max_length=120, unique=True)
    title = models.CharField(max_length=500)
    subtitle = models.CharField(max_length=500, blank=True)
    # Authors or issuing organisations, in the order the document names them.
    authors = models.JSONField(default=list, blank=True)
    # A date as precise as the document gives it: "2020", "2022-11" or "2020-10-27".
    date = models.CharField(max_length=10, blank=True)
    year = models.PositiveSmallIntegerField(null=True, blank=True, editable=False)
    doc_type = models.CharField("type", max_length=20, choices=Type.choices, default=Type.OTHER)
    # A code from portal.languages.LANGUAGE_CHOICES, detected at import.
    language = models.CharField(max_length=12, default="en")
    summary = models.TextField(blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    warnings = models.JSONField(default=list, blank=True)
    source = models.ForeignKey(
        SourceFile, null=True, blank=True, on_delete=models.PROTECT, related_name="documents"
    )
    source_name = models.CharField(max_length=255, blank=True)
    source_format = models.CharField(max_length=10, blank=True)
    source_sha256 = models.CharField(max_length=64, blank=True, db_index=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    # Metadata fields staff changed after an import: a re-import keeps their values.
    edited_fields = models.JSONField(default=list, blank=True, editable=False)
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    objects = DocumentQuerySet.as_manager()

    class Meta:
        ordering = ["-date", "title"]
        indexes = [
            models.Index(fields=["status", "date"], name="document_status_date_idx"),
        ]

    def __str__(self) -> str:
        return self.title

    def save(self, *args, **kwargs) -> None:
        self.year = int(self.date[:4]) if self.date[:4].isdigit() else None
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("portal:document-detail", args=[self.slug])

    @property
    def is_published(self) -> bool:
        return self.status == self.Status.PUBLISHED

    @property
    def authors_display(self) -> str:
        return "; ".join(self.authors)


class Section(models.Model):
    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="sections")
    position = models.PositiveIntegerField()
    level = models.PositiveSmallIntegerField(default=1)
    heading = models.CharField(max_length=500, blank=True)
    # Stable within the document across re-imports: the permalink educators share.
    anchor = models.SlugField(max_length=120)
    # Plain text, paragraphs separated by a blank line, footnote markers removed.
    text = models.TextField(blank=True)
    # Rendered from text and refs on every save (portal.rendering); never edited.
    html = models.TextField(blank=True, editable=False)
    word_count = models.PositiveIntegerField(default=0)
    start_page = models.PositiveIntegerField(null=True, blank=True)

    objects = SectionQuerySet.as_manager()

    class Meta:
        ordering = ["document", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["document", "anchor"], name="section_unique_anchor_per_document"
            ),
            models.UniqueConstraint(
                fields=["document", "position"], name="section_unique_position_per_document"
            ),
        ]

    def __str__(self) -> str:
        return self.heading or f"{self.document.title} §{self.position + 1}"

    def save(self, *args, markers: list[tuple[int, str]] | None = None, **kwargs) -> None:
        """Save, rendering ``html`` from ``text`` and the markers.

        ``markers`` are (offset, label) pairs for a caller about to store new refs
        (the loader, the admin); by default the stored refs are used.
        """
        if markers is None:
            stored = self.refs.values_list("offset", "footnote__label") if self.pk else []
            markers = list(stored)
        self.html = render_section(self.text, markers, self.anchor)
        self.word_count = len(self.text.split())
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "html", "word_count"}
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("portal:section-detail", args=[self.document.slug, self.anchor])

    @property
    def body_html(self) -> SafeString:
        return as_html(self.html)

    @property
    def display_heading(self) -> str:
        return self.heading or ("Opening" if self.position == 0 else f"Part {self.position + 1}")


class Footnote(models.Model):
    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="footnotes")
    # As printed ("12"), or the ordinal for notes the source did not number.
    label = models.CharField(max_length=20)
    position = models.PositiveIntegerField()
    text = models.TextField(blank=True)
    # Rendered from text on every save (portal.rendering); never edited.
    html = models.TextField(blank=True, editable=False)
    # Where the note is first cited; empty for a note no marker points to.
    section = models.ForeignKey(
        Section, null=True, blank=True, on_delete=models.SET_NULL, related_name="first_cited_notes"
    )

    objects = FootnoteQuerySet.as_manager()

    class Meta:
        ordering = ["document", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["document", "label"], name="footnote_unique_label_per_document"
            ),
        ]

    def __str__(self) -> str:
        return f"Note {self.label}"

    def save(self, *args, **kwargs) -> None:
        self.html = render_note(self.text)
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "html"}
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("portal:footnote-detail", args=[self.document.slug, self.label])

    @property
    def body_html(self) -> SafeString:
        return as_html(self.html)

    @property
    def is_missing(self) -> bool:
        """The source cites this note but its text could not be found."""
        return not self.text.strip()


class FootnoteRef(models.Model):
    section = models.ForeignKey(Section, on_delete=models.CASCADE, related_name="refs")
    footnote = models.ForeignKey(Footnote, on_delete=models.CASCADE, related_name="refs")
    # Character position of the marker in the section's plain text.
    offset = models.PositiveIntegerField()

    class Meta:
        ordering = ["section", "offset"]
        indexes = [models.Index(fields=["section", "offset"], name="footnoteref_section_idx")]

    def __str__(self) -> str:
        return f"{self.footnote.label} at {self.section.anchor}:{self.offset}"

    def get_absolute_url(self) -> str:
        return f"{self.section.get_absolute_url()}#ref-{self.footnote.label}"


class SectionAlias(models.Model):
    """An anchor a section used to have, so that a link shared before a re-import still works."""

    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="aliases")
    anchor = models.SlugField(max_length=120)
    section = models.ForeignKey(Section, on_delete=models.CASCADE, related_name="aliases")
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["document", "anchor"], name="sectionalias_unique_anchor_per_document"
            ),
        ]
        verbose_name_plural = "section aliases"

    def __str__(self) -> str:
        return f"{self.anchor} → {self.section.anchor}"

    def get_absolute_url(self) -> str:
        return self.section.get_absolute_url()


class Upload(models.Model):
    """A file an administrator uploaded, parsed in the background and waiting to be published."""

    class Status(models.TextChoices):
        QUEUED = "queued", "Queued"
        PARSING = "parsing", "Parsing"
        READY = "ready", "Ready to review"
        FAILED = "failed", "Failed"
        PUBLISHED = "published", "Published"
        DISCARDED = "discarded", "Discarded"

    source = models.ForeignKey(
        SourceFile, null=True, blank=True, on_delete=models.PROTECT, related_name="uploads"
    )
    original_name = models.CharField(max_length=255)
    size = models.PositiveBigIntegerField(default=0)
    sha256 = models.CharField(max_length=64, db_index=True)
    source_format = models.CharField(max_length=10, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    progress = models.PositiveSmallIntegerField(default=0)  # percent
    # ParsedDocument.to_json() plus "refs", once parsed; edited metadata go in "meta".
    parsed = models.JSONField(default=dict, blank=True)
    error = models.TextField(blank=True)
    document = models.ForeignKey(
        Document, null=True, blank=True, on_delete=models.SET_NULL, related_name="uploads"
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created"]
        indexes = [models.Index(fields=["status", "created"], name="upload_status_created_idx")]

    def __str__(self) -> str:
        return self.original_name

    def get_absolute_url(self) -> str:
        return reverse("admin:portal_upload_preview", args=[self.pk])

    @property
    def is_pending(self) -> bool:
        return self.status in (self.Status.QUEUED, self.Status.PARSING)
