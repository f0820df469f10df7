"""A per-query work budget for the Whoosh backend: no query a reader can type ties up a worker.

Whoosh scores in Python, several microseconds per matching posting, and a prefix
expands to every indexed word it starts (``te*``: hundreds of words), so cost grows
with matches times expansions. Before anything is scored:

- a prefix expands to its ``MAX_EXPANSIONS`` most frequent words; when it had more,
  the counts are approximate and say so ("about 4,200");
- what matches is computed as sets of document numbers read from the postings
  (unions and intersections run at C speed), so totals and facet counts need no scoring;
- scoring covers every match while the postings to score stay under ``SCORE_BUDGET``;
  beyond it only the rarest clauses are scored (in BM25 they carry most of the weight)
  and the other matches rank after them.
"""

from __future__ import annotations

import heapq
from collections import OrderedDict
from dataclasses import dataclass

from whoosh import query as wq

# Words one prefix may stand for, most frequent first.
MAX_EXPANSIONS = 50
# Postings scored exhaustively; about 0.3 s of CPU at Whoosh's scoring speed.
SCORE_BUDGET = 40_000
# Leaves Whoosh's own matcher tree may hold; more are scored flat (see ``_flat_scores``).
MAX_TREE_LEAVES = 100
# Term -> document-number sets kept per searcher (postings read once, reused by queries).
CACHED_SETS = 2_000


class Expansions:
    """Prefix expansion for one query, remembering whether any prefix was cut short."""

    def __init__(self, reader):
        self.reader = reader
        self.capped = False

    def terms(self, fieldnames, prefix: str) -> list[tuple[str, str]]:
        """The (field, word) pairs a prefix stands for: its most frequent words."""
        found = []
        for fieldname in fieldnames:
            for text, info in self.reader.iter_prefix(fieldname, prefix):
                found.append((info.doc_frequency(), fieldname, text.decode()))
        if len(found) > MAX_EXPANSIONS:
            self.capped = True
            found = heapq.nlargest(MAX_EXPANSIONS, found)
        return [(fieldname, text) for _df, fieldname, text in found]


class DocSets:
    """Document-number sets of queries over one reader, from postings, without scoring."""

    def __init__(self, searcher):
        self.searcher = searcher
        self.reader = searcher.reader()
        self._terms: OrderedDict[tuple[str, str], frozenset[int]] = OrderedDict()

    def term(self, fieldname: str, text: str) -> frozenset[int]:
        key = (fieldname, text)
        found = self._terms.get(key)
        if found is None:
            found = frozenset()
            if key in self.reader:
                found = frozenset(self.reader.postings(fieldname, text).all_ids())
            self._terms[key] = found
            if len(self._terms) > CACHED_SETS:
                self._terms.popitem(last=False)
        else:
            self._terms.move_to_end(key)
        return found

    def matching(self, q: wq.Query) -> set[int] | frozenset[int]:
        """Every document ``q`` matches."""
        if isinstance(q, wq.Term):
            return self.term(q.fieldname, q.text)
        if isinstance(q, wq.Or):
            return frozenset().union(*(self.matching(s) for s in q.subqueries))
        if isinstance(q, wq.And):
            sets = sorted((self.matching(s) for s in q.subqueries), key=len)
            return sets[0].intersection(*sets[1:])
        if isinstance(q, wq.AndNot):
            return self.matching(q.a) - self.matching(q.b)
        if isinstance(q, wq.AndMaybe):
            return self.matching(q.a)
        if isinstance(q, wq.Phrase):
            return self._phrase(q)
        if q is wq.NullQuery:
            return frozenset()
        raise TypeError(f"No document sets for {type(q).__name__}")

    def _phrase(self, q: wq.Phrase) -> frozenset[int]:
        words = [self.term(q.fieldname, w) for w in q.words]
        candidates = min(words, key=len).intersection(*words)
        if not candidates:
            return frozenset()
        # Positions decide; Whoosh's phrase matcher reads them for the candidates only.
        return frozenset(self.searcher.docs_for_query(q)) & candidates

    def leaves(self, q: wq.Query) -> list[tuple[int, wq.Query]]:
        """(postings, leaf) for the scored leaves of ``q``: terms and phrases.

        The excluded side of ``AndNot`` is only skipped through, never scored.
        """
        if isinstance(q, wq.Term):
            return [(len(self.term(q.fieldname, q.text)), q)]
        if isinstance(q, wq.Phrase):
            return [(min(len(self.term(q.fieldname, w)) for w in q.words) * len(q.words), q)]
        if isinstance(q, wq.AndNot):
            return self.leaves(q.a)
        if isinstance(q, wq.AndMaybe):
            return self.leaves(q.a) + self.leaves(q.b)
        return [leaf for s in q.subqueries for leaf in self.leaves(s)]


@dataclass
class Scores:
    """Scores of the matches worth scoring; ``exhaustive`` when every match was scored."""

    by_docnum: dict[int, float]
    exhaustive: bool


def score(searcher, sets: DocSets, q: wq.Query, allowed: set[int]) -> Scores:
    """BM25F scores of ``allowed`` matches, within the budget."""
    if not allowed:
        return Scores({}, True)
    if within_budget(sets, q):
        results = searcher.search(q, limit=None, filter=allowed)
        return Scores({d: s for s, d in results.top_n if d in allowed}, True)
    return Scores(_flat_scores(searcher, _cheapest(sets.leaves(q)), allowed), False)


def within_budget(sets: DocSets, q: wq.Query) -> bool:
    """Whether every match of ``q`` may be scored (else only its rarest clauses are)."""
    leaves = sets.leaves(q)
    return sum(cost for cost, _leaf in leaves) <= SCORE_BUDGET and len(leaves) <= MAX_TREE_LEAVES


def _cheapest(leaves: list[tuple[int, wq.Query]]) -> list[wq.Query]:
    """The rarest leaves whose postings fit the budget (at least one)."""
    kept, spent = [], 0
    for cost, leaf in sorted(leaves, key=lambda pair: pair[0]):
        if kept and spent + cost > SCORE_BUDGET:
            break
        kept.append(leaf)
        spent += cost
    return kept


def _flat_scores(searcher, leaves: list[wq.Query], allowed: set[int]) -> dict[int, float]:
    """Sum each leaf's scores posting by posting.

    Whoosh would join hundreds of leaves into a tree of union matchers whose every
    step walks the tree; one flat pass per leaf costs a constant per posting.
    """
    scores: dict[int, float] = {}
    for subsearcher, offset in searcher.leaf_searchers():
        context = subsearcher.context()
        for leaf in leaves:
            matcher = leaf.matcher(subsearcher, context)
            while matcher.is_active():
                docnum = matcher.id() + offset
                if docnum in allowed:
                    scores[docnum] = scores.get(docnum, 0.0) + matcher.score()
                matcher.next()
    return scores
