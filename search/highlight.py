"""The one matcher: the words of a query, found and marked in text.

Snippets (search pages and the API), reading pages (``?q=``) and note pages all mark
through here, with the analysis of the backend that answered (``backend.analysis``),
so a mark is exactly what the index matched:

    terms = Terms.from_query(parse("states -armenia"), backend.analysis, document.language)
    snippets(section.text, terms)          # [SafeString, ...] with <mark>
    HtmlMarker(terms).mark(section.html)   # rendered HTML with numbered marks

A passage in language L marks the words whose L-stem the query matched, as the index
matched them (``search.languages``): ``terms.in_language(code)`` gives the marks of
another document's passages from the same query.

This is the one module that marks HTML safe: every piece of text goes through
``escape`` first, and only the ``<mark>`` tags built here are added.
"""

from __future__ import annotations

import heapq
import re
from dataclasses import dataclass, field
from html import unescape

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from .analysis import DEFAULT_LANGUAGE, Analysis, stemmer_of
from .languages import PlainWords
from .query import Node, Phrase, Prefix, positive_leaves

FRAGMENT_WORDS = 30
LEAD_WORDS = 8
MAX_FRAGMENTS = 3
ELLIPSIS = "…"
# Markdown left in stored text: *emphasis* / _emphasis_ and backslash escapes (\[, \*).
_EMPHASIS = re.compile(r"(?<![\w*_\\])([*_]{1,2})(?=\S)([^\n]+?)(?<=\S)\1(?![\w*_])")
_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!<>|~\"'])")


@dataclass(frozen=True)
class Terms:
    """What to mark: word stems, folded prefixes and exact phrases (tuples of folded words).

    ``stems`` are in ``language``, the stemmer (``stemmer_of``) of the passages marked.
    """

    analysis: Analysis
    stems: frozenset[str] = frozenset()
    prefixes: tuple[str, ...] = ()
    phrases: tuple[tuple[str, ...], ...] = ()
    language: str = DEFAULT_LANGUAGE
    node: Node | None = field(default=None, compare=False, repr=False)
    _others: dict = field(default_factory=dict, compare=False, repr=False)
    # Per distinct word: its folded form, and what it matches (a reading page is 100,000
    # words of a few thousand distinct ones; folding and stemming each again was 90 % of
    # marking it).
    _folded: dict = field(default_factory=dict, compare=False, repr=False)
    _keys: dict = field(default_factory=dict, compare=False, repr=False)

    @classmethod
    def from_query(cls, node: Node | None, analysis: Analysis, language: str = "") -> Terms:
        """The marks of ``node`` in passages of a document in ``language`` (a code; ""
        unknown, read as the site default)."""
        stemmer = stemmer_of(language)
        plain = PlainWords(analysis, node, (stemmer,))
        prefixes, phrases = [], []
        for scope, leaf in positive_leaves(plain.node):
            if scope in ("author", "title", "heading"):
                continue  # not in the passage text
            if isinstance(leaf, Prefix):
                prefixes.append(analysis.fold(leaf.text))
            elif isinstance(leaf, Phrase) and (words := tuple(analysis.exact_words(leaf.text))):
                phrases.append(words)
        stems = frozenset(plain.stems(stemmer))
        return cls(analysis, stems, tuple(prefixes), tuple(phrases), stemmer, node)

    def in_language(self, language: str) -> Terms:
        """The same query's marks in passages of a document in ``language``."""
        stemmer = stemmer_of(language)
        if stemmer == self.language or self.node is None:
            return self
        if stemmer not in self._others:
            self._others[stemmer] = Terms.from_query(self.node, self.analysis, stemmer)
        return self._others[stemmer]

    def __bool__(self) -> bool:
        return bool(self.stems or self.prefixes or self.phrases)

    def matches(self, text: str) -> list[tuple[int, int]]:
        """(start, end) of each match in ``text``; a hyphen or space between joins two."""
        spans = self.analysis.spans(text)
        folded, fold = _bounded(self._folded), self.analysis.fold
        words = []
        for a, b in spans:
            word = folded.get(raw := text[a:b])
            if word is None:
                word = folded[raw] = fold(raw)
            words.append(word)
        found = [(spans[f][0], spans[la][1]) for f, la, _key in self.word_matches(words)]
        return _merged(found, text)

    def word_matches(self, words: list[str]) -> list[tuple[int, int, str]]:
        """(first word, last word, key) of each match among folded ``words``, in order."""
        found, phrases, keys = [], self.phrases, _bounded(self._keys)
        for i, word in enumerate(words):
            for phrase in phrases:
                if word == phrase[0] and tuple(words[i : i + len(phrase)]) == phrase:
                    found.append((i, i + len(phrase) - 1, " ".join(phrase)))
            key = keys.get(word, _UNSEEN)
            if key is _UNSEEN:
                key = keys[word] = self._word_key(word)
            if key is not None:
                found.append((i, i, key))
        return _drop_overlaps(found)

    def _word_key(self, word: str) -> str | None:
        """What a single folded word matches: a stem of the query, a prefix, or nothing."""
        analysis, language = self.analysis, self.language
        if (
            self.stems
            and analysis.indexed(word, language)
            and (stem := analysis.stem(word, language)) in self.stems
        ):
            return stem
        if self.prefixes and word.startswith(self.prefixes):
            return word[:4]
        return None


_UNSEEN = object()
MEMO_WORDS = 200_000


def _bounded(memo: dict) -> dict:
    """``memo``, emptied first when it has grown past MEMO_WORDS (a long-lived ``Terms``)."""
    if len(memo) > MEMO_WORDS:
        memo.clear()
    return memo


def _drop_overlaps(matches: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    # Longest first at the same start, so a phrase wins over a word inside it.
    matches.sort(key=lambda m: (m[0], m[0] - m[1]))
    kept: list[tuple[int, int, str]] = []
    for match in matches:
        if not kept or match[0] > kept[-1][1]:
            kept.append(match)
    return kept


def _merged(marks: list[tuple[int, int]], text: str) -> list[tuple[int, int]]:
    """Join marks that only a hyphen or a space separates: "self-determination" is one span."""
    out: list[tuple[int, int]] = []
    for a, b in marks:
        if out and len(text[out[-1][1] : a]) <= 1 and not text[out[-1][1] : a].strip("-‐– "):
            out[-1] = (out[-1][0], b)
        else:
            out.append((a, b))
    return out


def plain(text: str) -> str:
    """Stored text as a reader sees it: Markdown emphasis and backslash escapes removed."""
    return _ESCAPE.sub(r"\1", _EMPHASIS.sub(r"\2", text))


# Snippets


class Snippets(list):
    """Fragments in text order; ``best`` is the one that holds most of the query.

    A page shows them all in reading order; one line (the API's ``snippet``) shows the
    best, which for a question is where its words meet, not the first word found.
    """

    best_index = 0

    @property
    def best(self) -> SafeString:
        return self[self.best_index] if self else SafeString("")


def snippets(text: str, terms: Terms, limit: int = MAX_FRAGMENTS) -> Snippets:
    """Up to ``limit`` fragments of about 30 words, in text order."""
    text = plain(text)
    spans = terms.analysis.spans(text)
    out = Snippets()
    if not spans:
        return out
    words = [terms.analysis.fold(text[a:b]) for a, b in spans]
    matches = terms.word_matches(words) if terms else []
    if not matches:
        out.append(_render(text, spans, 0, min(len(spans), FRAGMENT_WORDS) - 1, []))
        return out
    windows = _best_windows(matches, len(spans), limit)
    in_order = sorted(windows)
    out.extend(
        _render(text, spans, first, last, [m for m in matches if first <= m[0] and m[1] <= last])
        for first, last in in_order
    )
    out.best_index = in_order.index(windows[0])
    return out


def _best_windows(matches, word_count: int, limit: int) -> list[tuple[int, int]]:
    """Non-overlapping windows of words with the most distinct matches, best first."""
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
    return chosen


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


# Rendered HTML (reading and note pages)

_TAG = re.compile(r"(<[^>]*>)")
_TAG_NAME = re.compile(r"</?\s*([a-zA-Z0-9]+)")
# Tags inside a run of text: words on both sides of them may form one word or phrase.
_INLINE = {"a", "em", "strong", "i", "b", "span", "mark", "abbr", "cite", "q", "code"}
# Superscripts are footnote markers (their digits are labels, not words of the text).
_SKIPPED = {"sup"}


class HtmlMarker:
    """Wrap matches in ``<mark class="hit" id="match-N">``, numbering across calls.

    Works on the HTML ``portal.rendering`` builds from escaped text: the text between
    tags is matched as one run (entities read as the characters they stand for), never
    the tags themselves nor the labels of footnote markers.
    """

    def __init__(self, terms: Terms) -> None:
        self.terms = terms
        self.count = 0

    def mark(self, html: str) -> SafeString:
        pieces = _TAG.split(html)
        texts, starts, run = {}, {}, []
        length, skipping = 0, 0
        for i, piece in enumerate(pieces):
            if piece.startswith("<"):
                name = (_TAG_NAME.match(piece) or [None, ""])[1].lower()
                if name in _SKIPPED:
                    skipping += -1 if piece.startswith("</") else 1
                elif name not in _INLINE:
                    run.append("\n")
                    length += 1
            elif piece and not skipping:
                texts[i], starts[i] = unescape(piece), length
                run.append(texts[i])
                length += len(texts[i])
        marks = self.terms.matches("".join(run)) if self.terms else []
        out = [
            self._marked(texts[i], starts[i], marks) if i in texts else piece
            for i, piece in enumerate(pieces)
        ]
        # Safe: tags come from the stored, rendered HTML; its text was re-escaped above.
        return mark_safe("".join(out))

    def _marked(self, text: str, start: int, marks: list[tuple[int, int]]) -> str:
        end, out, cursor = start + len(text), [], 0
        for a, b in marks:
            if b <= start or a >= end:
                continue
            lo, hi = max(a, start) - start, min(b, end) - start
            out.append(escape(text[cursor:lo]))
            if a >= start:  # the mark begins here: number it
                self.count += 1
                out.append(f'<mark class="hit" id="match-{self.count}">')
            else:
                out.append('<mark class="hit">')
            out += [escape(text[lo:hi]), "</mark>"]
            cursor = hi
        out.append(escape(text[cursor:]))
        return "".join(out)
