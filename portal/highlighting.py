"""Mark a reader's search terms in section and note HTML rendered by ``portal.rendering``.

That HTML is built from escaped text plus a few simple tags, so splitting it on
tags is safe: terms are only ever marked inside text, never inside a tag, an
entity or a footnote marker. Each mark gets an id (``match-1``...) so that the
page can open at the first match, with or without JavaScript.

    marker = TermMarker("ethnic cleansing -genocide")
    html = marker.mark(section.html)   # SafeString; marker.count matches so far
"""

from __future__ import annotations

import re

from django.utils.safestring import SafeString, mark_safe

_TAG = re.compile(r"(<[^>]*>)")
_TOKEN = re.compile(r'(-?)"([^"]*)"?|(\S+)')
_OPERATORS = {"and", "or", "not"}
# Field prefixes that name text to search; the others (author:, year:...) are filters.
_TEXT_FIELDS = {"title", "heading", "body", "text", "notes", "note"}
# A crude stem: search matches "cleansing" for "cleanse", so the marks should too.
_SUFFIX = re.compile(r"(?:ing|ed|es|s|e)$")


def query_terms(q: str) -> list[list[str]]:
    """The words of each phrase or term to highlight, without exclusions and operators."""
    terms: list[list[str]] = []
    for minus, phrase, word in _TOKEN.findall(q):
        if phrase or minus:
            words = re.findall(r"\w+", phrase)
        else:
            if word.startswith("-") or word.lower() in _OPERATORS:
                continue
            field, _, value = word.rpartition(":")
            if field and field.lower().lstrip("+") not in _TEXT_FIELDS:
                continue
            words = re.findall(r"\w+", value)
        if words and not minus:
            terms.append(words)
    return terms


def _word_pattern(word: str) -> str:
    stem = _SUFFIX.sub("", word) if len(word) > 4 else word
    return re.escape(stem) + r"\w*"


def terms_pattern(q: str) -> re.Pattern | None:
    """One regex for every term, longest phrases first; None when nothing is worth marking."""
    terms = sorted(query_terms(q), key=len, reverse=True)
    if not terms:
        return None
    alternatives = [r"\W+".join(_word_pattern(w) for w in words) for words in terms]
    # Not after "&" or "&#": "amp" and "x27" in entities are not words of the text.
    return re.compile(r"(?<![\w&#])(?:" + "|".join(alternatives) + r")", re.IGNORECASE)


class TermMarker:
    """Wrap matches in ``<mark class="hit" id="match-N">``, numbering across calls."""

    def __init__(self, q: str) -> None:
        self.pattern = terms_pattern(q)
        self.count = 0

    def mark(self, html: str) -> SafeString:
        if self.pattern is None:
            return mark_safe(html)  # already-rendered, escaped HTML (portal.rendering)
        out: list[str] = []
        in_marker = False
        for piece in _TAG.split(html):
            if piece.startswith("<"):
                if piece.startswith('<sup class="fn-ref"'):
                    in_marker = True
                elif piece == "</sup>":
                    in_marker = False
                out.append(piece)
            elif in_marker or not piece:
                out.append(piece)
            else:
                out.append(self.pattern.sub(self._wrap, piece))
        return mark_safe("".join(out))  # escaped text with <mark> added around matches

    def _wrap(self, match: re.Match) -> str:
        self.count += 1
        return f'<mark class="hit" id="match-{self.count}">{match.group(0)}</mark>'
