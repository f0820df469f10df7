"""The Whoosh side of ``search.schema``: field types, and query tree -> Whoosh query.

Fields and analyzers are in ``whoosh_analysis``. Unscoped words match a passage's
heading and text; every passage repeats its document's title, so the title only adds
to the score (``to_whoosh`` returns it apart, the backend scores it once per document).
"""

from __future__ import annotations

from whoosh import fields
from whoosh import query as wq
from whoosh.analysis import RegexTokenizer

from ..analysis import tagged
from ..facets import FACETS
from ..languages import PlainWords
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
from ..schema import SEARCH_FIELDS
from .whoosh_analysis import (
    EXACT_ANALYZER,
    PRESTEMMED_ANALYZER,
    WHOOSH_ANALYSIS,
    indexed_languages,
    stemmed_text,
)

# Values of a multi-valued facet are whole values separated by this character (author
# names may hold commas).
VALUE_SEP = "\x1f"


def _multi_valued() -> fields.TEXT:
    return fields.TEXT(analyzer=RegexTokenizer(f"[^{VALUE_SEP}]+"), phrase=False)


# No coordination factor (whoosh's OrGroup.factory(0.9) was 0.9): BM25 already ranks a
# passage holding more of the words higher, and Lucene dropped coord with BM25. Without
# it nDCG@10 went 0.3851 -> 0.3874 on CISI, 0.3778 -> 0.3792 on Cranfield (bench/ir.py).
COORD_SCALE = None
MIN_PREFIX = 2
# Proximity: consecutive query words standing within this many words of each other in
# a passage add this share of their score again.
PROXIMITY_SLOP = 6
# A small bonus, a tie-breaker: at 0.5 it cost nDCG@10 on both collections (CISI 0.3975
# without it, 0.3874 at 0.5, 0.3978 at 0.1; Cranfield 0.3814, 0.3792, 0.3822).
PROXIMITY_BOOST = 0.1
# Only questions up to this many meaningful words get the bonus.
PROXIMITY_MAX_WORDS = 8


def build_schema() -> fields.Schema:
    schema = fields.Schema(
        id=fields.ID(unique=True, stored=True),
        doc_pk=fields.ID(stored=True),
        digest=fields.STORED,
        author_text=fields.TEXT(analyzer=EXACT_ANALYZER),  # the author: scope
        date=fields.ID(sortable=True),
        duplicate=fields.ID,  # Entry.duplicate_key: one hit for notes with the same text
    )
    for facet in FACETS:
        schema.add(facet.name, _multi_valued() if facet.multi_valued else fields.ID())
    for name, boost in INDEX_FIELDS.items():
        schema.add(name, fields.TEXT(analyzer=PRESTEMMED_ANALYZER, field_boost=boost))
        schema.add(f"{name}_exact", fields.TEXT(analyzer=EXACT_ANALYZER, field_boost=boost))
    return schema


# A note's text goes to a field of its own: BM25 compares a passage's length with the
# average of its field, and notes (a line or two) would make every section look long.
NOTE_FIELD = "note"
INDEX_FIELDS = {**SEARCH_FIELDS, NOTE_FIELD: SEARCH_FIELDS["text"]}


def to_whoosh_document(entry) -> dict:
    doc = {
        "id": entry.id,
        "doc_pk": str(entry.document_id),
        "digest": entry.digest,
        "author_text": " ; ".join(entry.authors),
        "date": entry.facets["date"],
    }
    if entry.duplicate_key:
        doc["duplicate"] = entry.duplicate_key
    for facet in FACETS:
        value = entry.facets[facet.name]
        if facet.multi_valued:
            value = VALUE_SEP.join(value)
        if value:
            doc[facet.name] = value
    for name in SEARCH_FIELDS:
        field = NOTE_FIELD if name == "text" and entry.kind == "note" else name
        value = getattr(entry, name)
        words = entry.passage if name == "text" else value  # the heading's words too
        doc[field], doc[f"{field}_exact"] = stemmed_text(words, entry.language), value
    return doc


# Which index fields a scope searches: (stemmed fields, exact fields).
SCOPE_FIELDS = {
    None: (("heading", "text", "note"), ("heading_exact", "text_exact", "note_exact")),
    "boost": (("title",), ("title_exact",)),
    "title": (("title",), ("title_exact",)),
    "heading": (("heading",), ("heading_exact",)),
    "note": (("note",), ("note_exact",)),
    "author": (("author_text",), ("author_text",)),
}


def to_whoosh(node: Node | None, expansions) -> tuple[wq.Query | None, ...]:
    """(what must match, the proximity bonus, the same words in document titles).

    The bonus and the titles only add to the score; either may be None.
    ``expansions`` (``whoosh_budget.Expansions``) turns each prefix into indexed words.
    """
    plain = PlainWords(WHOOSH_ANALYSIS, node, indexed_languages(expansions.reader))
    node = plain.node
    translator = Translator(expansions, plain)
    main = translator.translate(node)
    if main is None:
        return None, None, None
    leaves = [leaf for scope, leaf in positive_leaves(node) if scope is None]
    title = _join(wq.Or, [translator.leaf(leaf, "boost") for leaf in leaves])
    return main, _proximity(plain), title


class Translator:
    """Turn a parsed tree into a Whoosh query; None where nothing in it can match."""

    def __init__(self, expansions, plain: PlainWords | None = None):
        self.expansions = expansions
        self.plain = plain or PlainWords(WHOOSH_ANALYSIS, None)

    def translate(self, node: Node | None, scope: str | None = None) -> wq.Query | None:
        if isinstance(node, Term | Prefix | Phrase):
            return self.leaf(node, scope)
        if isinstance(node, Field):
            inner = self.translate(node.child, node.name)
            return inner
        if isinstance(node, Or):
            return _join(wq.Or, [self.translate(c, scope) for c in node.children])
        if isinstance(node, Any):
            subs = _weighted((self.translate(c, scope), c) for c in node.children)
            if len(subs) > 1:
                return wq.Or(subs, scale=COORD_SCALE)
            return subs[0] if subs else None
        if isinstance(node, And):
            return self._and(node, scope)
        return None

    def _and(self, node: And, scope) -> wq.Query | None:
        children = node.children
        required = [self.translate(c, scope) for c in children if not isinstance(c, Any | Not)]
        optional = [self.translate(c, scope) for c in children if isinstance(c, Any)]
        excluded = [self.excluded(c.child, scope) for c in children if isinstance(c, Not)]
        positive = _join(wq.And, required)
        optional_q = _join(wq.Or, optional)
        if positive is None:
            positive = optional_q
        elif optional_q is not None:
            positive = wq.AndMaybe(positive, optional_q)
        negative = _join(wq.Or, excluded)
        if positive is None or negative is None:
            return positive
        return wq.AndNot(positive, negative)

    def excluded(self, node: Node, scope) -> wq.Query | None:
        """What ``-word`` or ``-"phrase"`` excludes: any form of it, stemmed or exact."""
        if isinstance(node, Field):
            return self.excluded(node.child, node.name)
        if not isinstance(node, Term | Phrase):
            return self.translate(node, scope)
        stemmed, exact = SCOPE_FIELDS[scope]
        words = WHOOSH_ANALYSIS.exact_words(node.text)
        forms = [_words(exact, words)]
        for language in self.plain.languages:
            stems = WHOOSH_ANALYSIS.stemmed_words(node.text, language)
            # The stemmed field drops stop words: -"right of" there would exclude every
            # "right". A phrase with stop words is excluded in its exact form only.
            if len(stems) == len(words):
                forms.append(_words(stemmed, _tagged(stems, language)))
        return _join(wq.Or, forms)

    def leaf(self, node, scope) -> wq.Query | None:
        stemmed, exact = SCOPE_FIELDS[scope]
        if isinstance(node, Prefix):
            text = WHOOSH_ANALYSIS.fold(node.text)
            if len(text) < MIN_PREFIX:
                return None
            terms = [wq.Term(f, word) for f, word in self.expansions.terms(exact, text)]
            return _join(wq.Or, terms) or wq.NullQuery
        if isinstance(node, Term) and scope != "author":
            forms = self.plain.forms(node)  # its stems in each language the index holds
            return _join(wq.Or, [_words(stemmed, _tagged(s, lang)) for lang, s in forms])
        # Phrases, and author names, which are not stemmed.
        return _words(exact, WHOOSH_ANALYSIS.exact_words(node.text))


def _proximity(plain: PlainWords) -> wq.Query | None:
    """A bonus for consecutive plain query words standing close together (in each
    language the index holds, by that language's stems)."""
    near = []
    for language in plain.languages:
        stems = list(dict.fromkeys(_tagged(plain.sequence(language), language)))
        if len(stems) > PROXIMITY_MAX_WORDS:
            continue  # a pasted paragraph: neighbouring words are not a phrase
        near += [
            wq.Phrase(f, pair, slop=PROXIMITY_SLOP, boost=PROXIMITY_BOOST)
            for pair in zip(stems, stems[1:], strict=False)
            for f in SCOPE_FIELDS[None][0]
        ]
    return _join(wq.Or, near)


def _tagged(stems: list[str], language: str) -> list[str]:
    return [tagged(stem, language) for stem in stems]


def _weighted(translated) -> list[wq.Query]:
    """One query per distinct reading of the plain words, weighted by how often the
    question says it (``Term.weight``; "retrieval" and "retrieving" are one stem said
    twice), as BM25 weighs a repeated query word. The weight goes down to the terms and
    phrases, which the budget's flat scoring reads alone."""
    weights: dict[wq.Query, int] = {}
    for q, node in translated:
        if q is not None:
            weights[q] = weights.get(q, 0) + getattr(node, "weight", 1)
    return [_boosted(q, weight) for q, weight in weights.items()]


def _boosted(q: wq.Query, weight: float) -> wq.Query:
    if weight == 1:
        return q
    if isinstance(q, wq.Term | wq.Phrase):
        return q.with_boost(q.boost * weight)
    return q.apply(lambda sub: _boosted(sub, weight))


def _join(kind, queries) -> wq.Query | None:
    queries = [q for q in queries if q is not None]
    if len(queries) > 1:
        return kind(queries)
    return queries[0] if queries else None


def _words(fieldnames, words: list[str]) -> wq.Query | None:
    if not words:
        return None
    if len(words) == 1:
        return _join(wq.Or, [wq.Term(f, words[0]) for f in fieldnames])
    return _join(wq.Or, [wq.Phrase(f, words) for f in fieldnames])
