"""Forms of the upload flow: files in, metadata edited before publishing."""

from __future__ import annotations

import re

from django import forms
from django.core.validators import validate_slug

from portal.models import Document

_DATE = re.compile(r"^\d{4}(?:-\d{2}(?:-\d{2})?)?$")


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """A file field taking several files (Django's documented recipe)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"multiple": True}))
        # An empty file gets the ingest check's own sentence rather than the form's.
        kwargs.setdefault("allow_empty_file", True)
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(d, initial) for d in data]
        return [single(data, initial)]


class UploadForm(forms.Form):
    files = MultipleFileField(
        label="Files",
        help_text="PDF, Word (DOCX), HTML, Markdown or plain text; several at once if you like.",
    )


class PublishForm(forms.Form):
    title = forms.CharField(max_length=500)
    authors = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Authors or issuing organisations, one per line.",
    )
    date = forms.CharField(
        required=False, max_length=10, help_text="YYYY, YYYY-MM or YYYY-MM-DD, as precise as known."
    )
    doc_type = forms.ChoiceField(label="Type", choices=Document.Type.choices)
    slug = forms.CharField(
        max_length=120,
        validators=[validate_slug],
        help_text="The document's address: /d/<slug>/. An existing slug replaces that document.",
    )

    def clean_date(self) -> str:
        value = self.cleaned_data["date"].strip()
        if value and not _DATE.match(value):
            raise forms.ValidationError("Write the date as YYYY, YYYY-MM or YYYY-MM-DD.")
        return value

    def clean_authors(self) -> list[str]:
        return [a.strip() for a in self.cleaned_data["authors"].splitlines() if a.strip()]

    @classmethod
    def from_meta(cls, meta: dict) -> PublishForm:
        initial = dict(meta, authors="\n".join(meta.get("authors", [])))
        return cls(initial=initial)
