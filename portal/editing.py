"""Staff edits in the admin: a section's text with its markers inline; edited metadata.

In the admin a section's text reads ``…the Baku Pogrom of January 1990[^12] and…``:
staff move, add or delete ``[^label]`` like any other characters, and saving turns
them back into the plain text and the refs the page is rendered from
(``Section.save`` renders the HTML), so the text, the markers and the HTML stay in step.

    marked = text_with_markers(section.text, [(offset, "12")])
    text, markers = split_markers(marked)     # the inverse
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from django import forms
from django.db import transaction

from .languages import LANGUAGE_CHOICES
from .models import METADATA_FIELDS, Document, Footnote, FootnoteRef, Section

MARKER = re.compile(r"\[\^([^\]\s]{1,20})\]")


def text_with_markers(text: str, markers: Iterable[tuple[int, str]]) -> str:
    """``text`` with ``[^label]`` written at each marker's offset."""
    out: list[str] = []
    pos = 0
    for offset, label in sorted(markers):
        out += [text[pos:offset], f"[^{label}]"]
        pos = max(pos, offset)
    out.append(text[pos:])
    return "".join(out)


def split_markers(marked: str) -> tuple[str, list[tuple[int, str]]]:
    """The plain text and the (offset, label) of each ``[^label]`` in ``marked``."""
    pieces: list[str] = []
    markers: list[tuple[int, str]] = []
    length = pos = 0
    for m in MARKER.finditer(marked):
        pieces.append(marked[pos : m.start()])
        length += m.start() - pos
        markers.append((length, m.group(1)))
        pos = m.end()
    pieces.append(marked[pos:])
    return "".join(pieces), markers


class DocumentForm(forms.ModelForm):
    """A document's metadata; the fields staff change are remembered as edited."""

    language = forms.ChoiceField(choices=LANGUAGE_CHOICES, help_text="Detected at import.")

    class Meta:
        model = Document
        fields = ("slug", *METADATA_FIELDS, "status")

    def edited_fields(self) -> list[str]:
        """The document's edited fields, with those changed in this form added."""
        edited = set(self.instance.edited_fields) | set(self.changed_data)
        return [name for name in METADATA_FIELDS if name in edited]


class SectionForm(forms.ModelForm):
    """Edit a section's heading and text; the markers travel inside the text."""

    text = forms.CharField(
        required=False,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 24, "class": "vLargeTextField"}),
        help_text=(
            "Plain text; a blank line starts a new paragraph. Footnote markers are written "
            "[^12] where they stand: move, add or remove them here. Markup is shown as typed."
        ),
    )

    class Meta:
        model = Section
        fields = ("heading", "level", "text", "start_page")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk and not self.is_bound:
            refs = self.instance.refs.values_list("offset", "footnote__label")
            self.initial["text"] = text_with_markers(self.instance.text, refs)

    def clean_text(self) -> str:
        # Browsers send CRLF from a textarea; the stored text uses LF.
        value = self.cleaned_data["text"].replace("\r\n", "\n").replace("\r", "\n")
        text, self.markers = split_markers(value)
        labels = set(self.instance.document.footnotes.values_list("label", flat=True))
        unknown = sorted({label for _, label in self.markers} - labels)
        if unknown:
            raise forms.ValidationError(
                "This document has no note %(labels)s: a marker is written [^label] with the "
                "label of one of its notes.",
                params={"labels": ", ".join(unknown)},
            )
        return text

    @transaction.atomic
    def store(self, section: Section) -> None:
        """Save ``section`` (this form's instance) and its refs from the marked text."""
        notes = dict(section.document.footnotes.values_list("label", "pk"))
        section.refs.all().delete()
        FootnoteRef.objects.bulk_create(
            FootnoteRef(section=section, footnote_id=notes[label], offset=offset)
            for offset, label in self.markers
        )
        section.save(markers=self.markers)
        Footnote.objects.filter(document=section.document).cite_first_sections()
