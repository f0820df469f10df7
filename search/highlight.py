"""Snippets: the best passages of a text with the query's matches in ``<mark>``.

This is the one module that marks HTML safe: every piece of stored text goes through
``escape`` first, and only the ``<mark>`` tags built here are trusted. Matching uses the
index's own analysis (``search.analysis``), so a mark is exactly what the index matched.
"""

from __future__ import annotations

import heapq
from dataclasses import dataclass

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from .analysis import MIN_WORD, STOPS, WORD_RE, exact_words, fold, stem, stemmed_words
from .query import Node, Phrase, Prefix, Term, positive_leaves

FRAGMENT_WORDS = 30
LEAD_WORDS = 8
MAX_FRAGMENTS = 3
ELLIPSIS = "…"


@dataclass(frozen=True)
class Terms:
    """What to mark: word stems, folded prefixes and exact phrases (tuples of folded words)."""

    stems: frozenset[str]
    prefixes: tuple[str, ...]
    phrases: tuple[tuple[str, ...], ...]

    @classmethod
    def from_query(cls, node: Node | None) -> Terms:
        stems: set[str] = set()
        prefixes, phrases = [], []
        for scope, leaf in positive_leaves(node):
            if scope in ("author", "title", "heading"):
                continue  # not in the passage text
            if isinstance(leaf, Term):
                stems.update(stemmed_words(leaf.text))
            elif isinstance(leaf, Prefix):
                prefixes.append(fold(leaf.text))
            elif isinstance(leaf, Phrase) and (words := tuple(exact_words(leaf.text))):
                phrases.append(words)
        return cls(frozenset(stems), tuple(prefixes), tuple(phrases))

    def __bool__(self) -> bool:
        return bool(self.stems or self.prefixes or self.phrases)


def find_matches(words: list[str], terms: Terms) -> list[tuple[int, int, str]]:
    """(first word, last word, key) of each match among folded ``words``, in order."""
    matches = []
    for i, word in enumerate(words):
        for phrase in terms.phrases:
            if tuple(words[i : i + len(phrase)]) == phrase:
                matches.append((i, i + len(phrase) - 1, " ".join(phrase)))
        if len(word) >= MIN_WORD and word not in STOPS and stem(word) in terms.stems:
            matches.append((i, i, stem(word)))
        elif any(word.startswith(p) for p in terms.prefixes):
            matches.append((i, i, word[:4]))
    return _drop_overlaps(matches)


def _drop_overlaps(matches: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    # Longest first at the same start, so a phrase wins over a word inside it.
    matches.sort(key=lambda m: (m[0], m[0] - m[1]))
    kept: list[tuple[int, int, str]] = []
    for match in matches:
        if not kept or match[0] > kept[-1][1]:
            kept.append(match)
    return kept


def snippets(text: str, terms: Terms, limit: int = MAX_FRAGMENTS) -> list[SafeString]:
    """Up to ``limit`` fragments of about 30 words, best first in text order."""
    spans = [(m.start(), m.end()) for m in WORD_RE.finditer(text)]
    if not spans:
        return []
    matches = find_matches([fold(text[a:b]) for a, b in spans], terms) if terms else []
    if not matches:
        return [_render(text, spans, 0, min(len(spans), FRAGMENT_WORDS) - 1, [])]
    windows = _best_windows(matches, len(spans), limit)
    return [
        _render(text, spans, first, last, [m for m in matches if first <= m[0] and m[1] <= last])
        for first, last in windows
    ]


def _best_windows(matches, word_count: int, limit: int) -> list[tuple[int, int]]:
    """Choose non-overlapping windows of words with the most distinct matches."""
    candidates = []
    for index, (first, _last, _key) in enumerate(matches):
        start = max(0, min(first - LEAD_WORDS, word_count - FRAGMENT_WORDS))
        end = min(word_count, start + FRAGMENT_WORDS) - 1
        inside = [m for m in matches[index:] if m[1] <= end] + [
            m for m in matches[:index] if m[0] >= start
        ]
        score = len({m[2] for m in inside}) * 10 + len(inside)
        candidates.append((score, -start, start, end))
    chosen: list[tuple[int, int]] = []
    for _score, _neg, start, end in heapq.nlargest(len(candidates), candidates):
        if all(end < s or start > e for s, e in chosen):
            chosen.append((start, end))
            if len(chosen) == limit:
                break
    return sorted(chosen)


def _merged(marks: list[tuple[int, int]], text: str) -> list[tuple[int, int]]:
    """Join marks that only a hyphen or a space separates: "self-determination" is one span."""
    out: list[tuple[int, int]] = []
    for a, b in marks:
        if out and len(text[out[-1][1] : a]) <= 1 and not text[out[-1][1] : a].strip("-‐– "):
            out[-1] = (out[-1][0], b)
        else:
            out.append((a, b))
    return out


def _render(text: str, spans, first: int, last: int, matches) -> SafeString:
    begin = 0 if first == 0 else spans[first][0]
    end = len(text) if last == len(spans) - 1 else spans[last][1]
    # Keep the punctuation that closes the last word ("here." not "here").
    while end < len(text) and not text[end].isspace() and end - spans[last][1] < 3:
        end += 1
    out = [ELLIPSIS] if first > 0 else []
    cursor = begin
    for a, b in _merged([(spans[f][0], spans[la][1]) for f, la, _key in matches], text):
        out += [escape(text[cursor:a]), "<mark>", escape(text[a:b]), "</mark>"]
        cursor = b
    out.append(escape(text[cursor:end]))
    if last < len(spans) - 1:
        out.append(ELLIPSIS)
    # Safe: every piece of text above was escaped; only our <mark> tags are raw.
    return mark_safe(" ".join("".join(out).split()))
