"""Forms of the upload flow: files in, metadata edited before publishing."""

from __future__ import annotations

import re

from django import forms
from django.core.validators import validate_slug

from portal.ingest import all_formats
from portal.languages import LANGUAGE_CHOICES
from portal.models import METADATA_FIELDS, Document

from .changes import KeptField

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
    files = MultipleFileField(label="Files")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        labels = [f.label for f in all_formats().values()]
        self.fields[
            "files"
        ].help_text = f"{', '.join(labels[:-1])} or {labels[-1]}; several at once if you like."


class PublishForm(forms.Form):
    """The metadata to publish with, the address, and what to do with staff's earlier edits."""

    title = forms.CharField(max_length=500)
    subtitle = forms.CharField(max_length=500, required=False)
    authors = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Authors or issuing organisations, one per line.",
    )
    date = forms.CharField(
        required=False, max_length=10, help_text="YYYY, YYYY-MM or YYYY-MM-DD, as precise as known."
    )
    doc_type = forms.ChoiceField(label="Type", choices=Document.Type.choices)
    language = forms.ChoiceField(
        choices=LANGUAGE_CHOICES, help_text="Detected from the text; used for lang and search."
    )
    summary = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 3}))
    slug = forms.CharField(
        max_length=120,
        validators=[validate_slug],
        help_text="The document's address: /d/<slug>/.",
    )
    replace = forms.BooleanField(
        required=False,
        label="Replace the document at this address",
        help_text="Needed when the address is taken; its old section links will redirect.",
    )

    def __init__(self, *args, kept: list[KeptField] = (), **kwargs):
        super().__init__(*args, **kwargs)
        self.kept = {k.name: k for k in kept}
        for k in kept:
            self.fields[f"use_file_{k.name}"] = forms.ChoiceField(
                label=f"{k.label}: edited by staff",
                choices=[("kept", f"Keep “{k.kept}”"), ("file", f"Use the file’s “{k.from_file}”")],
                initial="kept",
                widget=forms.RadioSelect,
            )

    def metadata_fields(self):
        """(field, its keep-or-file choice or None) in order, for the template."""
        for name in (*METADATA_FIELDS, "slug", "replace"):
            choice = self[f"use_file_{name}"] if name in self.kept else None
            yield self[name], choice

    def clean_date(self) -> str:
        value = self.cleaned_data["date"].strip()
        if value and not _DATE.match(value):
            raise forms.ValidationError("Write the date as YYYY, YYYY-MM or YYYY-MM-DD.")
        return value

    def clean_authors(self) -> list[str]:
        return [a.strip() for a in self.cleaned_data["authors"].splitlines() if a.strip()]

    def clean(self):
        data = super().clean()
        slug = data.get("slug")
        taken = Document.objects.filter(slug=slug).first() if slug else None
        if taken is not None and not data.get("replace"):
            self.add_error(
                "slug",
                f"/d/{slug}/ is “{taken.title}”: tick “Replace” to publish over it, "
                "or choose another address.",
            )
        return data

    @property
    def use_file(self) -> tuple[str, ...]:
        """The edited fields for which the administrator chose the file's value."""
        return tuple(n for n in self.kept if self.cleaned_data.get(f"use_file_{n}") == "file")

    @classmethod
    def from_meta(cls, meta: dict, kept: list[KeptField] = ()) -> PublishForm:
        initial = dict(meta, authors="\n".join(meta.get("authors", [])))
        return cls(initial=initial, kept=kept)
