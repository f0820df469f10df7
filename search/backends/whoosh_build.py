"""Bulk build of a fresh Whoosh generation, for ``WhooshSearchBackend.rebuild``.

A rebuild writes one segment through one writer, committed once at the end (no
per-document commit, no merging of small segments). Whoosh analyses every field of
every entry in Python: the fields an entry shares with its document (title, authors,
facets) are analysed once per document and reused, and the text fields' postings are
computed from one list of folded words per value instead of Whoosh's token pipeline.
About 1.5x less CPU than one ``add_document`` per entry; what remains is mostly
Whoosh writing the postings at commit. ``procs`` > 1 hands batches to Whoosh's
multiprocess writer, one segment per process, for a machine with idle cores (without
these shortcuts, which live in this process).
"""

from __future__ import annotations

import time

from whoosh.formats import Positions
from whoosh.support.charset import accent_map

from ..analysis import WORD_RE
from ..schema import entries_for_document
from .whoosh_analysis import EXACT_ANALYZER, GAP, PRESTEMMED_ANALYZER
from .whoosh_schema import to_whoosh_document

# Indexed fields every entry of one document shares.
REPEATED = ("title", "title_exact", "author", "author_text", "document", "year", "type", "in")
# Documents whose repeated values stay cached (entries come document by document).
CACHED_VALUES = 64
BUILD_MB = 256


def bulk_build(ix, documents, progress=None, procs: int = 1) -> int:
    """Index the entries of ``documents`` into the empty index ``ix``; the entry count.

    ``progress(document, count)`` is called after each document.
    """
    if procs > 1:
        writer = ix.writer(limitmb=BUILD_MB, procs=procs, multisegment=True)
        cache = None
    else:
        writer = ix.writer(limitmb=BUILD_MB)
        cache = RepeatCache(writer.schema, REPEATED)
        FastText(writer.schema, cache)
        per_document_reader = writer.per_document_reader
        writer.per_document_reader = lambda: FieldLengths(per_document_reader())
    count = 0
    try:
        for document in documents:
            for entry in entries_for_document(document):
                writer.add_document(**to_whoosh_document(entry))
                count += 1
            if progress:
                progress(document, count)
        if cache:
            cache.release()  # the schema is pickled into the index at commit
        writer.commit()
    except BaseException:
        writer.cancel()
        raise
    return count


class FieldLengths:
    """The new segment's field lengths, read once per field for the commit.

    Whoosh's commit asks the length of a document's field again for every posting
    (a seek and a decode each: a third of the commit's time); here each field's
    lengths are read once into a list.
    """

    def __init__(self, reader):
        self._reader = reader
        self._lengths: dict[str, list[int]] = {}

    def doc_field_length(self, docnum: int, fieldname: str, default: int = 0) -> int:
        lengths = self._lengths.get(fieldname)
        if lengths is None:
            read = self._reader.doc_field_length
            count = self._reader.doc_count_all()
            lengths = self._lengths[fieldname] = [read(d, fieldname) for d in range(count)]
        return lengths[docnum] if docnum < len(lengths) else default

    def __getattr__(self, name):
        return getattr(self._reader, name)


class RepeatCache:
    """Remember ``field.index(value)`` for values that repeat from one entry to the next."""

    def __init__(self, schema, names):
        self.fields = [schema[name] for name in names if name in schema]
        for field in self.fields:
            field.index = _cached(field.index)

    def replace(self, field, index) -> None:
        """Give ``field`` another ``index`` until ``release``."""
        if not any(f is field for f in self.fields):  # fields compare by value
            self.fields.append(field)
        field.index = index

    def release(self) -> None:
        for field in self.fields:
            del field.index  # back to the class's method


def _cached(index):
    found: dict = {}

    def cached_index(value, **kwargs):
        if kwargs or not isinstance(value, str):
            return index(value, **kwargs)
        postings = found.get(value)
        if postings is None:
            if len(found) >= CACHED_VALUES:
                found.clear()
            postings = found[value] = list(index(value))
        return postings

    return cached_index


class FastText:
    """The postings of our two text analyzers, computed without Whoosh's token pipeline.

    Exactly what ``EXACT_ANALYZER`` gives (our word pattern, lower case,
    ``accent_map``), from one list of folded words per value, and what
    ``PRESTEMMED_ANALYZER`` gives (the stems ``stemmed_text`` made, split at spaces,
    the first at the position its leading ``GAP`` tokens give it).
    Only fields with exactly these analyzers and positions are given this path
    (tests/search/test_whoosh_build.py compares the postings).
    """

    def __init__(self, schema, cache: RepeatCache):
        self._last: tuple[str | None, list[str]] = (None, [])
        for name in schema.names():
            field = schema[name]
            if name in REPEATED or type(field.format) is not Positions:
                continue
            if field.analyzer == PRESTEMMED_ANALYZER:
                cache.replace(field, self._index(field, stemmed=True))
            elif field.analyzer == EXACT_ANALYZER:
                cache.replace(field, self._index(field, stemmed=False))

    def words(self, value: str) -> list[str]:
        if self._last[0] is not value:
            self._last = (value, [w.lower().translate(accent_map) for w in WORD_RE.findall(value)])
        return self._last[1]

    def _index(self, field, stemmed: bool):
        boost, encode, plain = field.format.field_boost, field.format.encode, field.index

        def index(value, **kwargs):
            if kwargs or not isinstance(value, str):
                return plain(value, **kwargs)
            positions: dict[str, list[int]] = {}
            words = value.split() if stemmed else self.words(value)
            for i, word in enumerate(words):
                if word != GAP:
                    positions.setdefault(word, []).append(i)
            return [
                (word.encode(), len(found), len(found) * boost, encode(found))
                for word, found in positions.items()
            ]

        return index


class Progress:
    """A ``progress`` callback printing documents, entries and entries/s every few seconds."""

    def __init__(self, write, every: float = 5.0):
        self.write, self.every = write, every
        self.started = self.last = time.monotonic()
        self.documents = 0

    def __call__(self, document, count: int) -> None:
        self.documents += 1
        now = time.monotonic()
        if now - self.last >= self.every:
            self.last = now
            rate = count / (now - self.started)
            self.write(f"  {self.documents:,} documents, {count:,} entries ({rate:,.0f}/s)")
