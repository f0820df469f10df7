"""The query tree -> tantivy queries, with the same fields and scopes as the Whoosh backend.

Word queries go to the stemmed fields, phrases and author names to the exact ones,
tokenized by the index's own analyzers (positions included, so a stop word removed
from a hyphenated word still leaves its gap). Prefixes expand, within the work budget,
to their most frequent indexed words. Scores sum over fields weighted as in
``SEARCH_FIELDS``; words in a document's title only add to the score.
"""

from __future__ import annotations

import tantivy

from ..analysis import DEFAULT_LANGUAGE, tagged
from ..languages import PlainWords, query_languages
from ..query import (
    And,
    Any,
    Field,
    Node,
    Not,
    Or,
    Phrase,
    Prefix,
    Term,
    positive_leaves,
)
from ..schema import NOTES, SEARCH_FIELDS
from .tantivy_schema import ANALYZERS, EXACT, TANTIVY_ANALYSIS, stem_positions

Q, OCCUR = tantivy.Query, tantivy.Occur
# Words one prefix may stand for, most frequent first (as in ``whoosh_budget``).
MAX_EXPANSIONS = 50
MIN_PREFIX = 2
# Proximity, as in the Whoosh backend: consecutive plain query words standing within
# this many words of each other in a passage add this share of their score again.
PROXIMITY_SLOP = 6
PROXIMITY_BOOST = 0.1  # a tie-breaker, measured as in ``whoosh_schema``

# Which index fields a scope searches: (stemmed fields, exact fields). Every passage
# repeats its document's title, so unscoped words must match the passage itself and
# the title only adds to the score.
SCOPE_FIELDS = {
    None: (("heading", "text"), ("heading_exact", "text_exact")),
    "boost": (("title",), ("title_exact",)),
    "title": (("title",), ("title_exact",)),
    "heading": (("heading",), ("heading_exact",)),
    "note": (("text",), ("text_exact",)),
    "author": (("author_text",), ("author_text",)),
}


class Translator:
    """Builds the tantivy query of one search; ``capped`` tells when a prefix was cut."""

    def __init__(self, schema: tantivy.Schema, searcher: tantivy.Searcher):
        self.schema = schema
        self.searcher = searcher
        self.capped = False
        self.plain = PlainWords(TANTIVY_ANALYSIS, None)

    def scored(self, node: Node | None) -> tuple[tantivy.Query | None, tantivy.Query | None]:
        """(what must match, the same plus what only adds to the score).

        Title words and plain words standing close together add to the score.
        """
        self.plain = PlainWords(TANTIVY_ANALYSIS, node, indexed_languages(self.searcher))
        node = self.plain.node
        main = self.translate(node)
        if main is None:
            return None, None
        in_title = [self.leaf(leaf, "boost") for scope, leaf in positive_leaves(node) if not scope]
        extra = should([should(in_title), self.proximity(node)])
        if extra is None:
            return main, main
        return main, Q.boolean_query([(OCCUR.Must, main), (OCCUR.Should, extra)])

    def proximity(self, node: Node | None) -> tantivy.Query | None:
        near = []
        for language in self.plain.languages:  # pairs of one language's stems
            stems = [
                word
                for scope, leaf in positive_leaves(node)
                if scope is None and isinstance(leaf, Term)
                if self.plain.counts(leaf, language)
                for _position, word in stem_tokens(leaf.text, language)
            ]
            stems = list(dict.fromkeys(stems))
            near += [
                Q.boost_query(Q.phrase_query(self.schema, f, list(pair), PROXIMITY_SLOP), boost)
                for pair in zip(stems, stems[1:], strict=False)
                for f in SCOPE_FIELDS[None][0]
                for boost in [PROXIMITY_BOOST * SEARCH_FIELDS.get(f, 1.0)]
            ]
        return should(near)

    def translate(self, node: Node | None, scope: str | None = None) -> tantivy.Query | None:
        if isinstance(node, Term | Prefix | Phrase):
            return self.leaf(node, scope)
        if isinstance(node, Field):
            inner = self.translate(node.child, node.name)
            if inner is not None and node.name == "note":
                return must([inner, self.filter({"in": [NOTES]})])
            return inner
        if isinstance(node, Or | Any):
            return should([weighted(self.translate(c, scope), c) for c in node.children])
        if isinstance(node, And):
            return self._and(node, scope)
        return None

    def _and(self, node: And, scope) -> tantivy.Query | None:
        kids = node.children
        required = must(self.translate(c, scope) for c in kids if not isinstance(c, Any | Not))
        optional = should(self.translate(c, scope) for c in kids if isinstance(c, Any))
        excluded = [self.excluded(c.child, scope) for c in kids if isinstance(c, Not)]
        if required is None:
            required, optional = optional, None
        if required is None:
            return None
        clauses = [(OCCUR.Must, required)]
        if optional is not None:  # plain words beside a phrase only add to its score
            clauses.append((OCCUR.Should, optional))
        clauses += [(OCCUR.MustNot, q) for q in excluded if q is not None]
        return Q.boolean_query(clauses) if len(clauses) > 1 else required

    def excluded(self, node: Node, scope) -> tantivy.Query | None:
        """What ``-word`` excludes: any form of it, stemmed or exact; ``-"phrase"``: itself."""
        if isinstance(node, Field):
            return self.excluded(node.child, node.name)
        if not isinstance(node, Term):
            return self.translate(node, scope)
        stemmed, exact = SCOPE_FIELDS[scope]
        forms = [
            words(self.schema, stemmed, stem_tokens(node.text, language, keep_stops=True))
            for language in self.plain.languages
        ]
        return should([*forms, words(self.schema, exact, exact_tokens(node.text))])

    def leaf(self, node, scope) -> tantivy.Query | None:
        stemmed, exact = SCOPE_FIELDS[scope]
        if isinstance(node, Prefix):
            return self.prefix(exact, TANTIVY_ANALYSIS.fold(node.text))
        if isinstance(node, Term) and scope != "author":
            return should(  # its stems in each language the index holds
                words(self.schema, stemmed, stem_tokens(node.text, language))
                for language in self.plain.languages
                if self.plain.counts(node, language)
            )
        # Phrases, and author names, which are not stemmed.
        return words(self.schema, exact, exact_tokens(node.text))

    def prefix(self, fieldnames, text: str) -> tantivy.Query | None:
        if len(text) < MIN_PREFIX:
            return None
        found = []
        for fieldname in fieldnames:
            terms = self.searcher.terms_with_prefix(fieldname, text, limit=MAX_EXPANSIONS + 1)
            found += [(count, fieldname, term) for term, count in terms]
        if len(found) > MAX_EXPANSIONS:
            self.capped = True
            found = sorted(found, reverse=True)[:MAX_EXPANSIONS]
        terms = [boosted(Q.term_query(self.schema, f, word), f) for _c, f, word in found]
        return should(terms) or Q.empty_query()

    def filter(self, filters: dict[str, list[str]]) -> tantivy.Query:
        """What results may show: facet filters (AND across facets, OR within one), and
        no note folded into an earlier one with the same words. Adds nothing to scores.
        """
        clauses = []
        for name, values in filters.items():
            terms = [Q.term_query(self.schema, name, v, index_option="basic") for v in values]
            clauses.append((OCCUR.Must, should(terms)))
        clauses = clauses or [(OCCUR.Must, Q.all_query())]
        clauses.append((OCCUR.MustNot, Q.term_query(self.schema, "folded", 1)))
        return Q.const_score_query(Q.boolean_query(clauses), 0.0)


def exact_tokens(text: str) -> list[tuple[int, str]]:
    """(position, word) of every folded word, as the exact fields hold them."""
    return [(t.position, t.text) for t in ANALYZERS[EXACT].pre_tokenize(text).tokens]


def stem_tokens(
    text: str, language: str = DEFAULT_LANGUAGE, keep_stops: bool = False
) -> list[tuple[int, str]]:
    """(position, stem) as the stemmed fields of ``language`` passages hold them (tagged),
    without the query's stop words in that language.

    As in ``Analysis.query_words``, stop words stay when nothing else is left.
    """
    pairs = stem_positions(text, language)
    fold, stops = TANTIVY_ANALYSIS.fold, TANTIVY_ANALYSIS.query_stops_of(language)
    meaningful = [p for p in pairs if fold(p[2]) not in stops]
    return [
        (position, tagged(stem, language))
        for position, stem, _w in (pairs if keep_stops else meaningful or pairs)
    ]


_languages: list = [None, ()]  # (the searcher they were read from, its languages)


def indexed_languages(searcher: tantivy.Searcher) -> tuple[str, ...]:
    """The stemmers of the languages the index holds (its ``language`` facet's terms),
    read once per searcher: a reload after a commit reads them again."""
    if _languages[0] is not searcher:
        terms = searcher.terms_with_prefix("language", "")
        _languages[:] = [searcher, query_languages(term for term, _count in terms)]
    return _languages[1]


def words(schema, fieldnames, tokens: list[tuple[int, str]]) -> tantivy.Query | None:
    """One word: a term in each field; several: a phrase, gaps of dropped words kept."""
    if not tokens:
        return None
    if len(tokens) == 1:
        queries = [Q.term_query(schema, f, tokens[0][1]) for f in fieldnames]
    else:
        first = tokens[0][0]
        pairs = [(position - first, word) for position, word in tokens]
        queries = [Q.phrase_query(schema, f, pairs) for f in fieldnames]
    return should([boosted(q, f) for q, f in zip(queries, fieldnames, strict=True)])


def boosted(query: tantivy.Query, fieldname: str) -> tantivy.Query:
    boost = SEARCH_FIELDS.get(fieldname.removesuffix("_exact"), 1.0)
    return query if boost == 1.0 else Q.boost_query(query, boost)


def weighted(query: tantivy.Query | None, node: Node) -> tantivy.Query | None:
    """A plain word the question repeats counts as often (``Term.weight``), as in BM25."""
    weight = getattr(node, "weight", 1)
    return query if query is None or weight == 1 else Q.boost_query(query, float(weight))


def should(queries) -> tantivy.Query | None:
    queries = [q for q in queries if q is not None]
    if len(queries) > 1:
        return Q.boolean_query([(OCCUR.Should, q) for q in queries])
    return queries[0] if queries else None


def must(queries) -> tantivy.Query | None:
    queries = [q for q in queries if q is not None]
    if len(queries) > 1:
        return Q.boolean_query([(OCCUR.Must, q) for q in queries])
    return queries[0] if queries else None
