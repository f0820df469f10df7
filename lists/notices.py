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
        found = find_paragraph(document, section.anchor, number, digest[:16])
        if found.status == "same":
            return None
        was = _old_paragraph(old.text, number, digest) if old else ""
        if found.status == "moved":
            return Notice("moved", was=was, target=found)
        if found.status == "changed" and was:
            return Notice("changed", was, old.created, word_diff(was, found.text), found)
        if found.status == "changed":
            return None  # nothing kept to compare with: show the page as it is
        return Notice("gone", was, nearest=nearest_section(document, was))
    if old and not text_hash(section.text).startswith(version):
        return Notice("changed", old.text, old.created, word_diff(old.text, section.text))
    return None


def gone_notice(document: Document, anchor: str, params) -> Notice | None:
    """For a link to a section that no longer exists: the text as it was and the nearest one."""
    old = old_version(document, anchor, params.get("v", ""))
    if old is None:
        return None
    return Notice("gone", old.text, old.created, nearest=nearest_section(document, old.text))


def _old_paragraph(text: str, number: int, digest: str) -> str:
    texts = paragraphs(text)
    for para in texts:
        if paragraph_hash(para) == digest[:8]:
            return para
    return texts[number - 1] if number <= len(texts) else ""
