"""Reading lists anyone can make without an account, and every text a section has had."""

from __future__ import annotations

import secrets

from django.db import models
from django.urls import reverse

from portal.models import Document

TOKEN_BYTES = 24  # 32 URL-safe characters: unguessable, and short enough to paste
TITLE_MAX = 200
NOTE_MAX = 2000
QUOTE_MAX = 3000
ITEMS_MAX = 100


def new_token() -> str:
    return secrets.token_urlsafe(TOKEN_BYTES)


class PassageVersion(models.Model):
    """The text a section had at an import, kept after the section changes or goes."""

    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="+")
    anchor = models.SlugField(max_length=120)
    heading = models.CharField(max_length=500, blank=True)
    text = models.TextField(blank=True)
    sha = models.CharField(max_length=64)  # sha256 of ``text``; links carry its first 8
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["document", "anchor", "created"]
        constraints = [
            models.UniqueConstraint(
                fields=["document", "anchor", "sha"], name="passageversion_unique_text"
            ),
        ]
        indexes = [models.Index(fields=["document", "sha"], name="passageversion_sha_idx")]

    def __str__(self) -> str:
        return f"{self.anchor}@{self.sha[:8]}"

    def get_absolute_url(self) -> str:
        url = reverse("portal:section-detail", args=[self.document.slug, self.anchor])
        return f"{url}?v={self.sha[:8]}"


class ReadingList(models.Model):
    """A list of passages; whoever holds ``edit_token`` edits it, ``share_token`` reads it."""

    title = models.CharField(max_length=TITLE_MAX, default="Reading list")
    intro = models.TextField(blank=True, max_length=NOTE_MAX)
    edit_token = models.CharField(max_length=64, unique=True, default=new_token, editable=False)
    share_token = models.CharField(max_length=64, unique=True, default=new_token, editable=False)
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("lists:shared", args=[self.share_token])

    def get_edit_url(self) -> str:
        return reverse("lists:edit", args=[self.edit_token])


class ListItem(models.Model):
    """A section, a paragraph or a passage selected in one, with the educator's note."""

    reading_list = models.ForeignKey(ReadingList, on_delete=models.CASCADE, related_name="items")
    position = models.PositiveIntegerField(default=0)
    document = models.ForeignKey(Document, null=True, on_delete=models.SET_NULL, related_name="+")
    anchor = models.SlugField(max_length=120)
    paragraph = models.PositiveIntegerField(null=True, blank=True)  # ¶ number when added
    paragraph_hash = models.CharField(max_length=16, blank=True)
    version = models.CharField(max_length=16, blank=True)  # the section's text hash when added
    quote = models.TextField(blank=True, max_length=QUOTE_MAX)  # the words when added
    note = models.TextField(blank=True, max_length=NOTE_MAX)
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["reading_list", "position", "pk"]
        indexes = [models.Index(fields=["reading_list", "position"], name="listitem_order_idx")]

    def __str__(self) -> str:
        where = f" ¶ {self.paragraph}" if self.paragraph else ""
        return f"{self.anchor}{where}"

    def get_absolute_url(self) -> str:
        from .passages import passage_url

        return passage_url(self)
