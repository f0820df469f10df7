"""The tantivy side of ``search.schema``: analyzers, fields, and entry -> tantivy document.

Like the Whoosh backend, each searchable field is indexed twice: stemmed without stop
words (``en`` stemmer, for word queries: states ~ state) and folded with every word and
position kept (phrases: "right to self-determination" is not "right of
self-determination"). Both analyzers split words with the shared word pattern and fold
accents and case (``ascii_fold``), so RÁCZ = racz as in ``search.analysis``.

The stemmer depends on the document's language, which a field's analyzer cannot see:
the stemmed fields receive their words already stemmed by tantivy's own analyzers
(``stemmed_text``: English as it always was, other languages tagged "fr:etat", others
folded only), with a ``GAP`` token where a stop word was, so positions stay the
analyzer's; the field's analyzer (still named ``lectern_stem``) only splits them.
"""

from __future__ import annotations

import re
import string
from functools import lru_cache

import tantivy

from ..analysis import (
    DEFAULT_LANGUAGE,
    MIN_WORD,
    STEMMERS,
    STOPS,
    UNSTEMMED,
    WORD_RE,
    Analysis,
    stemmer_of,
    tagged,
)
from ..schema import FACETS, SEARCH_FIELDS

EXACT, STEMMED = "lectern_exact", "lectern_stem"
# Tokens longer than this (bytes) are noise (base64, URLs run together), never queried.
MAX_TOKEN = 200
# Whoosh's StopFilter(minsize=2) also drops one-character words; after ascii_fold they
# are ASCII letters and digits.
SHORT_WORDS = [c for c in string.ascii_lowercase + string.digits if len(c) < MIN_WORD]
# Sort by date: the date's digits (YYYYMMDD) above a reading-order ordinal, so one
# descending sort gives newest first and, within a date, each document in reading order.
ORDINAL_BITS, POSITION_BITS = 37, 16
DATE_RE = re.compile(r"\d+")
# Stands for a dropped stop word in pre-stemmed text (never a word: \w has no "-").
GAP = "-"


def _base() -> tantivy.TextAnalyzerBuilder:
    builder = tantivy.TextAnalyzerBuilder(tantivy.Tokenizer.regex(WORD_RE.pattern))
    builder = builder.filter(tantivy.Filter.remove_long(MAX_TOKEN))
    return builder.filter(tantivy.Filter.lowercase()).filter(tantivy.Filter.ascii_fold())


def analyzers() -> dict[str, tantivy.TextAnalyzer]:
    """The two analyzers, registered on every index object that is opened."""
    prestemmed = tantivy.TextAnalyzerBuilder(tantivy.Tokenizer.whitespace())
    return {
        EXACT: _base().build(),
        STEMMED: prestemmed.filter(tantivy.Filter.custom_stopword([GAP])).build(),
    }


def language_analyzers() -> dict[str, tantivy.TextAnalyzer]:
    """Per stemmer code: text -> stems with positions, as the stemmed fields hold them.

    English drops its stop words (and one-letter words); the other languages only
    one-letter words; a language without a stemmer is folded only.
    """
    found = {}
    for code in (*STEMMERS, UNSTEMMED):
        stops = sorted(STOPS) + SHORT_WORDS if code == DEFAULT_LANGUAGE else SHORT_WORDS
        builder = _base().filter(tantivy.Filter.custom_stopword(stops))
        if code != UNSTEMMED:
            builder = builder.filter(tantivy.Filter.stemmer(STEMMERS[code]))
        found[code] = builder.build()
    return found


ANALYZERS = analyzers()
LANGUAGE_ANALYZERS = language_analyzers()
# The stemmers alone, for the matcher: one folded word in, its stem out.
STEMMERS_ALONE = {
    code: tantivy.TextAnalyzerBuilder(tantivy.Tokenizer.whitespace())
    .filter(tantivy.Filter.stemmer(name))
    .build()
    for code, name in STEMMERS.items()
}


def stem_positions(text: str, language: str) -> list[tuple[int, str, str]]:
    """(position, stem, the word as written) of each word the stemmed field of a
    ``language`` (stemmer code) passage holds."""
    tokens = LANGUAGE_ANALYZERS[language].pre_tokenize(text).tokens
    return [(t.position, t.text, text[t.char_offset_from : t.char_offset_to]) for t in tokens]


def stemmed_text(text: str, language: str) -> str:
    """``text`` as a stemmed field receives it for a document in ``language`` (a code)."""
    stemmer, out = stemmer_of(language), []
    for position, stem, _word in stem_positions(text, stemmer):
        out += [GAP] * (position - len(out))
        out.append(tagged(stem, stemmer))
    return " ".join(out)


def build_schema() -> tantivy.Schema:
    builder = tantivy.SchemaBuilder()
    builder.add_text_field("id", stored=True, tokenizer_name="raw", index_option="basic")
    builder.add_unsigned_field("doc_pk", stored=True, indexed=True, fast=True)
    builder.add_text_field("digest", stored=True, tokenizer_name="raw", index_option="basic")
    builder.add_unsigned_field("date_key", fast=True)
    # A note repeating an earlier note of its document ("Ibid."): 1, and left out of
    # results; the earlier one stores the ids of those folded into it in ``also``.
    builder.add_unsigned_field("folded", indexed=True)
    builder.add_text_field("also", stored=True, tokenizer_name="raw", index_option="basic")
    for name in FACETS:
        # Raw values: filters are exact terms, counts a terms aggregation on the column.
        builder.add_text_field(name, fast=True, tokenizer_name="raw", index_option="basic")
    builder.add_text_field("author_text", tokenizer_name=EXACT)
    for name in SEARCH_FIELDS:
        builder.add_text_field(name, tokenizer_name=STEMMED)
        builder.add_text_field(f"{name}_exact", tokenizer_name=EXACT)
    return builder.build()


def open_index(path: str) -> tantivy.Index:
    """An index at ``path`` (created when empty) with our analyzers registered."""
    index = tantivy.Index(build_schema(), path=str(path), reuse=True)
    for name, analyzer in ANALYZERS.items():
        index.register_tokenizer(name, analyzer)
    index.config_reader(reload_policy="Manual")
    return index


def tantivy_documents(entries) -> list[tantivy.Document]:
    """One document's entries, in reading order, as tantivy documents.

    Notes with the same words (``Entry.duplicate_key``) match the same queries, so
    each run folds into its first note, the one results show.
    """
    entries = list(entries)
    first: dict[str, str] = {}
    also: dict[str, list[str]] = {}
    for entry in entries:
        key = entry.duplicate_key
        if key and key in first:
            also.setdefault(first[key], []).append(entry.id)
        elif key:
            first[key] = entry.id
    folded = {entry_id for ids in also.values() for entry_id in ids}
    return [
        to_tantivy_document(entry, position, also.get(entry.id, ()), entry.id in folded)
        for position, entry in enumerate(entries)
    ]


def to_tantivy_document(entry, position: int, also=(), folded=False) -> tantivy.Document:
    """One entry as a tantivy document; ``position`` is its place in its document."""
    doc = tantivy.Document()
    doc.add_text("id", entry.id)
    doc.add_unsigned("doc_pk", entry.document_id)
    doc.add_text("digest", entry.digest)
    doc.add_unsigned("folded", int(folded))
    if also:
        doc.add_text("also", " ".join(also))
    doc.add_unsigned("date_key", date_key(entry.facets["date"], entry.document_id, position))
    for name in FACETS:
        value = entry.facets[name]
        for one in value if isinstance(value, tuple | list) else (value,):
            if one:
                doc.add_text(name, str(one))
    doc.add_text("author_text", " ; ".join(entry.authors))
    for name in SEARCH_FIELDS:
        text = getattr(entry, name) or ""
        words = entry.passage if name == "text" else text  # the heading's words too
        doc.add_text(name, stemmed_text(words, entry.language))
        doc.add_text(f"{name}_exact", text)
    return doc


def date_key(date: str, document_id: int, position: int) -> int:
    """Newest first when sorted descending; within one date, documents in reading order."""
    digits = "".join(DATE_RE.findall(date or ""))[:8].ljust(8, "0")
    ordinal_max = (1 << ORDINAL_BITS) - 1
    position = min(position, (1 << POSITION_BITS) - 1)
    ordinal = min((document_id << POSITION_BITS) | position, ordinal_max)
    return (int(digits) << ORDINAL_BITS) | (ordinal_max - ordinal)


class TantivyAnalysis(Analysis):
    """The matcher's rules for this index: tantivy's folding and stemmers."""

    index_stops = STOPS
    min_word = MIN_WORD

    def fold(self, word: str) -> str:
        return _fold(word)

    def stem(self, folded: str, language: str = DEFAULT_LANGUAGE) -> str:
        return folded if language == UNSTEMMED else _stem(folded, language)


@lru_cache(maxsize=100_000)
def _fold(word: str) -> str:
    tokens = ANALYZERS[EXACT].analyze(word)
    return tokens[0] if len(tokens) == 1 else word.lower()


@lru_cache(maxsize=100_000)
def _stem(folded: str, language: str = DEFAULT_LANGUAGE) -> str:
    tokens = STEMMERS_ALONE[language].analyze(folded)
    return tokens[0] if tokens else folded


TANTIVY_ANALYSIS = TantivyAnalysis()
