"""Multi-select facet counts over a Whoosh reader, in C-speed set and Counter passes.

Per reader, each facet's values are read once from the postings into a
docnum -> value table and value -> docnums sets. A query's matching docnums are then
counted per facet with every *other* selected filter applied, but not its own, so a
reader who ticked two authors still sees the counts of the rest.
"""

from __future__ import annotations

import heapq
from collections import Counter
from itertools import chain

from ..facets import FACETS as DECLARED
from ..schema import FACETS

MULTI_VALUED = {facet.name for facet in DECLARED if facet.multi_valued}


class FacetCounter:
    def __init__(self, reader):
        self.reader = reader
        size = reader.doc_count_all()
        self.values: dict[str, list] = {}
        self.docsets: dict[str, dict[str, frozenset[int]]] = {}
        for name in FACETS:
            table: list = [() if name in MULTI_VALUED else None] * size
            sets = {}
            for value in reader.field_terms(name):
                docnums = frozenset(reader.postings(name, value).all_ids())
                sets[value] = docnums
                for docnum in docnums:
                    if name in MULTI_VALUED:
                        table[docnum] = (*table[docnum], value)
                    else:
                        table[docnum] = value
            self.values[name], self.docsets[name] = table, sets
        self._dates: list[str] | None = None
        self._duplicates: list[str] | None = None

    def collapse(self, matched: set[int]) -> tuple[set[int], dict[int, list[int]]]:
        """Fold notes of one document with the same text into the first in reading order.

        Returns the matches left and, for each kept note, the ones folded into it.
        """
        if self._duplicates is None:
            self._duplicates = self._terms_of("duplicate")
        keys, first, folded = self._duplicates, {}, {}
        for docnum in sorted(matched):
            key = keys[docnum]
            if key:
                kept = first.setdefault(key, docnum)
                if kept != docnum:
                    folded.setdefault(kept, []).append(docnum)
        gone = {d for members in folded.values() for d in members}
        return (matched - gone if gone else matched), folded

    def _terms_of(self, name: str) -> list[str]:
        """Every document's term in a one-term field ("" where none), from the postings."""
        table = [""] * self.reader.doc_count_all()
        if name in self.reader.schema:
            for value in self.reader.field_terms(name):
                for docnum in self.reader.postings(name, value).all_ids():
                    table[docnum] = value
        return table

    def _column(self, name: str) -> list[str]:
        """Every document's value of a sortable field ("" where none, or no such field)."""
        size = self.reader.doc_count_all()
        if name not in self.reader.schema or not self.reader.has_column(name):
            return [""] * size
        column = self.reader.column_reader(name)
        return [column[d] or "" for d in range(size)]

    def newest_first(self, docnums: set[int], limit: int) -> list[int]:
        """The newest ``limit`` of ``docnums``, each document's passages in reading order.

        A document's entries are written together in reading order (sections, then
        notes), so within one date ascending document numbers are reading order.
        """
        if self._dates is None:
            self._dates = self._column("date")
        dates = self._dates
        newest = heapq.nlargest(limit, docnums, key=lambda d: (dates[d], -d))
        return newest

    def allowed(self, name: str, selected: list[str]) -> set[int]:
        """Docnums having any of the selected values (OR within a facet)."""
        sets = self.docsets[name]
        return set().union(*(sets.get(v, ()) for v in selected))

    def count(self, matched: set[int], filters: dict[str, list[str]]):
        """Counts per facet and value, and the matches passing every filter."""
        masks = {name: self.allowed(name, filters[name]) for name in FACETS if name in filters}
        allowed = matched.intersection(*masks.values()) if masks else matched
        counts = {}
        for name in FACETS:
            others = [mask for other, mask in masks.items() if other != name]
            base = allowed if name not in masks else matched.intersection(*others)
            counts[name] = self._count(name, base)
        return counts, allowed

    def _count(self, name: str, docnums: set[int]) -> dict[str, int]:
        table = self.values[name]
        if name in MULTI_VALUED:
            counter = Counter(chain.from_iterable(map(table.__getitem__, docnums)))
        else:
            counter = Counter(map(table.__getitem__, docnums))
            counter.pop(None, None)
        return dict(counter)
