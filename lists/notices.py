"""What a reader sees when a link points at text that has changed since it was made."""

from __future__ import annotations

from dataclasses import dataclass, field

from portal.models import Document, Section

from .passages import (
    Found,
    find_paragraph,
    nearest_section,
    old_version,
    paragraph_hash,
    paragraphs,
    text_hash,
    word_diff,
)


@dataclass
class Notice:
    """``kind`` is moved, changed or gone; ``diff`` holds (op, words) runs."""

    kind: str
    was: str = ""  # the passage as it was when the link was made
    since: object = None  # when that text was stored
    diff: list[tuple[str, str]] = field(default_factory=list)
    target: Found | None = None  # where the passage is now
    nearest: Section | None = None


def _int(value: str | None) -> int | None:
    return int(value) if value and value.isdigit() and 0 < int(value) < 100_000 else None


def notice_for(document: Document, section: Section, params) -> Notice | None:
    """Read ``p``, ``h`` and ``v`` from a link and say what happened to its passage."""
    number, digest, version = _int(params.get("p")), params.get("h", ""), params.get("v", "")
    old = old_version(document, section.anchor, version) if version else None
    if number and digest:
        was = _old_paragraph(old.text, number, digest) if old else ""
        found = find_paragraph(document, section.anchor, number, digest[:16], was)
        if found.status == "same" or (found.status == "changed" and not was):
            return None  # unchanged, or nothing kept to compare with
        if found.status == "moved":
            return Notice("moved", was=was, target=found)
        if found.status == "changed":
            return Notice("changed", was, old.created, word_diff(was, found.text), found)
        return Notice("gone", was, old.created, nearest=nearest_section(document, was))
    if old and not text_hash(section.text).startswith(version):
        return Notice("changed", old.text, old.created, word_diff(old.text, section.text))
    return None


def _old_paragraph(text: str, number: int, digest: str) -> str:
    texts = paragraphs(text)
    for para in texts:
        if paragraph_hash(para) == digest[:8]:
            return para
    return texts[number - 1] if number <= len(texts) else ""
