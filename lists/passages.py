"""Find a passage again after a re-import, and say what changed in it.

A paragraph link carries its number within the section (``p``), a short hash of
its words (``h``) and the hash of the section's text when the link was made
(``v``): ``/d/<doc>/s/<anchor>/?p=3&h=1a2b3c4d&v=9f8e7d6c#<anchor>-p3``. The
number finds an unchanged paragraph at once; the hash finds it after it moved,
in the section or elsewhere in the document; the version gives back the text
as it was, to show what changed.
"""

from __future__ import annotations

import difflib
import hashlib
import re
from dataclasses import dataclass
from urllib.parse import urlencode

from django.urls import reverse

from portal.models import Document, Section
from portal.rendering import paragraph_id, paragraph_spans

from .models import PassageVersion

SHORT = 8
# Below this share of words in common, a rewritten paragraph counts as another one.
SAME_PASSAGE = 0.5


def text_hash(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def paragraph_hash(text: str) -> str:
    """The hash of a paragraph's words: spacing and line breaks do not change it."""
    return text_hash(" ".join(text.split()))[:SHORT]


def paragraphs(text: str) -> list[str]:
    """The paragraphs of a section's text, ¶ 1 first (as ``portal.rendering`` numbers them)."""
    return [text[start:end] for start, end in paragraph_spans(text)]


def link(slug: str, anchor: str, *, paragraph: int | None = None, text: str = "") -> str:
    """The shareable link to a section of the current text, or to one of its paragraphs."""
    url = reverse("portal:section-detail", args=[slug, anchor])
    query = {"v": text_hash(text)[:SHORT]} if text else {}
    if paragraph:
        found = paragraphs(text)
        if 0 < paragraph <= len(found):
            query = {"p": paragraph, "h": paragraph_hash(found[paragraph - 1]), **query}
        return f"{url}?{urlencode(query)}#{paragraph_id(anchor, paragraph)}"
    return f"{url}?{urlencode(query)}" if query else url


def passage_url(item) -> str:
    """Where a reading-list item points: its paragraph as it was numbered, with its hashes."""
    if item.document is None:
        return ""
    url = reverse("portal:section-detail", args=[item.document.slug, item.anchor])
    query = {k: v for k, v in [("p", item.paragraph), ("h", item.paragraph_hash)] if v}
    if item.version:
        query["v"] = item.version
    fragment = f"#{paragraph_id(item.anchor, item.paragraph)}" if item.paragraph else ""
    return f"{url}?{urlencode(query)}{fragment}" if query else url + fragment


@dataclass
class Found:
    """Where a passage is now: ``status`` is same, moved, changed or gone."""

    status: str
    section: Section | None = None
    paragraph: int | None = None
    text: str = ""  # the passage's current words

    @property
    def url(self) -> str:
        if self.section is None:
            return ""
        return link(
            self.section.document.slug,
            self.section.anchor,
            paragraph=self.paragraph,
            text=self.section.text,
        )


def current_section(document: Document, anchor: str) -> Section | None:
    """The section at ``anchor`` now, following the alias an old anchor became."""
    section = document.sections.filter(anchor=anchor).first()
    if section is None:
        alias = document.aliases.select_related("section").filter(anchor=anchor).first()
        section = alias.section if alias else None
    return section


def find_paragraph(
    document: Document, anchor: str, number: int, digest: str, was: str = ""
) -> Found:
    """Find paragraph ``number`` of ``anchor`` whose words hashed to ``digest``.

    Unchanged words are found at their number or wherever they moved. Otherwise
    the paragraph most like ``was`` (its old words) has changed, and a paragraph
    like none of them, or a section that is gone, means the passage is gone.
    """
    section = current_section(document, anchor)
    texts = paragraphs(section.text) if section is not None else []
    if 0 < number <= len(texts) and paragraph_hash(texts[number - 1]) == digest:
        return Found("same", section, number, texts[number - 1])
    others = document.sections.in_reading_order()
    for other in [section, *(others.exclude(pk=section.pk) if section else others)]:
        if other is None:
            continue
        for i, text in enumerate(paragraphs(other.text), start=1):
            if paragraph_hash(text) == digest:
                return Found("moved", other, i, text)
    if not texts:
        return Found("gone")
    if not was:  # nothing to compare with: the paragraph now at that number
        nearest = min(number, len(texts))
        return Found("changed", section, nearest, texts[nearest - 1])
    score, best = max((similarity(was, t), i) for i, t in enumerate(texts, start=1))
    if score < SAME_PASSAGE:
        return Found("gone", section)
    return Found("changed", section, best, texts[best - 1])


def similarity(was: str, now: str) -> float:
    """The share of ``was``'s words still in ``now``, in order (0 to 1): a quoted
    passage inside a longer paragraph scores as high as the whole paragraph."""
    old = was.split()
    matcher = difflib.SequenceMatcher(None, old, now.split(), autojunk=False)
    return sum(block.size for block in matcher.get_matching_blocks()) / max(1, len(old))


def old_version(document: Document, anchor: str, version: str) -> PassageVersion | None:
    """The text a section had when a link carrying ``version`` was made."""
    if not re.fullmatch(r"[0-9a-f]{4,64}", version or ""):
        return None
    rows = PassageVersion.objects.filter(document=document, sha__startswith=version)
    return rows.filter(anchor=anchor).first() or rows.order_by("-created").first()


def nearest_section(document: Document, old_text: str) -> Section | None:
    """The current section sharing most words with a passage that is gone."""
    words = set(re.findall(r"\w+", old_text.casefold()))
    best, score = None, 0
    for section in document.sections.in_reading_order():
        shared = len(words & set(re.findall(r"\w+", section.text.casefold())))
        if shared > score:
            best, score = section, shared
    return best or document.sections.in_reading_order().first()


def matching_span(was: str, now: str) -> str:
    """The words of ``now`` that correspond to the quoted ``was`` (for a selection)."""
    old, new = was.split(), now.split()
    blocks = [
        b
        for b in difflib.SequenceMatcher(None, old, new, autojunk=False).get_matching_blocks()
        if b.size
    ]
    if not blocks:
        return now
    first, last = blocks[0], blocks[-1]
    start = max(0, first.b - first.a)
    end = min(len(new), last.b + last.size + (len(old) - last.a - last.size))
    return " ".join(new[start:end])


def word_diff(old: str, new: str) -> list[tuple[str, str]]:
    """(op, words) runs: op is "same", "deleted" or "inserted"; word by word, spacing kept."""
    a, b = re.findall(r"\S+\s*", old), re.findall(r"\S+\s*", new)
    runs: list[tuple[str, str]] = []
    matcher = difflib.SequenceMatcher(None, [w.strip() for w in a], [w.strip() for w in b])
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            runs.append(("same", "".join(b[j1:j2])))
            continue
        if i2 > i1:
            runs.append(("deleted", "".join(a[i1:i2])))
        if j2 > j1:
            runs.append(("inserted", "".join(b[j1:j2])))
    return runs
