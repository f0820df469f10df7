"""The Whoosh side of ``search.schema``: field types, and query tree -> Whoosh query.

Each searchable field is indexed twice: stemmed without stop words (word queries:
states ~ state) and folded with every word and position kept (phrases: "right to
self-determination" is not "right of self-determination", a trap of stemmed phrases).
"""

from __future__ import annotations

from whoosh import fields
from whoosh import query as wq
from whoosh.analysis import (
    CharsetFilter,
    LowercaseFilter,
    RegexTokenizer,
    StemFilter,
    StopFilter,
)
from whoosh.support.charset import accent_map

from ..analysis import MIN_WORD, WORD_RE, exact_words, fold, stemmed_words
from ..query import And, Any, Field, Node, Not, Or, Phrase, Prefix, Term, positive_leaves
from ..schema import NOTES, SEARCH_FIELDS

# Our word pattern, not whoosh's default, which keeps "*" inside words ("*Human").
EXACT_ANALYZER = RegexTokenizer(WORD_RE.pattern) | LowercaseFilter() | CharsetFilter(accent_map)
STEM_ANALYZER = EXACT_ANALYZER | StopFilter(minsize=MIN_WORD) | StemFilter()
# Authors are whole values separated by this character (names may hold commas).
VALUE_SEP = "\x1f"
# Passages holding more of the plain words rank higher (whoosh OrGroup.factory(0.9)).
COORD_SCALE = 0.9
MIN_PREFIX = 2


def build_schema() -> fields.Schema:
    schema = fields.Schema(
        id=fields.ID(unique=True, stored=True),
        doc_pk=fields.ID(stored=True),
        digest=fields.STORED,
        document=fields.ID,
        author=fields.TEXT(analyzer=RegexTokenizer(f"[^{VALUE_SEP}]+"), phrase=False),
        author_text=fields.TEXT(analyzer=EXACT_ANALYZER),
        year=fields.ID,
        type=fields.ID,
        date=fields.ID(sortable=True),
        **{"in": fields.ID},
    )
    for name, boost in SEARCH_FIELDS.items():
        schema.add(name, fields.TEXT(analyzer=STEM_ANALYZER, field_boost=boost))
        schema.add(f"{name}_exact", fields.TEXT(analyzer=EXACT_ANALYZER, field_boost=boost))
    return schema


def to_whoosh_document(entry) -> dict:
    doc = {
        "id": entry.id,
        "doc_pk": str(entry.document_id),
        "digest": entry.digest,
        "author": VALUE_SEP.join(entry.authors),
        "author_text": " ; ".join(entry.authors),
        "date": entry.facets["date"],
    }
    doc.update({name: entry.facets[name] for name in ("document", "year", "type", "in")})
    if not entry.authors:
        del doc["author"]
    for name in SEARCH_FIELDS:
        doc[name] = doc[f"{name}_exact"] = getattr(entry, name)
    return doc


# Which index fields a scope searches: (stemmed fields, exact fields). Every passage
# repeats its document's title, so unscoped words must match the passage itself and
# the title only adds to the score (see ``to_whoosh``).
SCOPE_FIELDS = {
    None: (("heading", "text"), ("heading_exact", "text_exact")),
    "boost": (("title",), ("title_exact",)),
    "title": (("title",), ("title_exact",)),
    "heading": (("heading",), ("heading_exact",)),
    "note": (("text",), ("text_exact",)),
    "author": (("author_text",), ("author_text",)),
}


def to_whoosh(node: Node | None, expansions) -> tuple[wq.Query | None, wq.Query | None]:
    """(what must match, the same words in document titles, which only adds to the score).

    ``expansions`` (``whoosh_budget.Expansions``) turns each prefix into indexed words.
    """
    main = translate(node, expansions)
    if main is None:
        return None, None
    in_title = [
        _leaf(leaf, "boost", expansions) for scope, leaf in positive_leaves(node) if scope is None
    ]
    return main, _join(wq.Or, in_title)


def translate(node: Node | None, expansions, scope: str | None = None) -> wq.Query | None:
    """The Whoosh query for a parsed tree; None when nothing in it can match."""
    if isinstance(node, Term | Prefix | Phrase):
        return _leaf(node, scope, expansions)
    if isinstance(node, Field):
        inner = translate(node.child, expansions, node.name)
        if inner is not None and node.name == "note":
            return wq.And([inner, wq.Term("in", NOTES)])
        return inner
    if isinstance(node, Or):
        return _join(wq.Or, [translate(c, expansions, scope) for c in node.children])
    if isinstance(node, Any):
        subs = [
            q for q in (translate(c, expansions, scope) for c in node.children) if q is not None
        ]
        if len(subs) > 1:
            return wq.Or(subs, scale=COORD_SCALE)
        return subs[0] if subs else None
    if isinstance(node, And):
        return _and(node, expansions, scope)
    return None


def _and(node: And, expansions, scope) -> wq.Query | None:
    required = [
        translate(c, expansions, scope) for c in node.children if not isinstance(c, Any | Not)
    ]
    optional = [translate(c, expansions, scope) for c in node.children if isinstance(c, Any)]
    excluded = [translate(c.child, expansions, scope) for c in node.children if isinstance(c, Not)]
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


def _join(kind, queries) -> wq.Query | None:
    queries = [q for q in queries if q is not None]
    if len(queries) > 1:
        return kind(queries)
    return queries[0] if queries else None


def _leaf(node, scope, expansions) -> wq.Query | None:
    stemmed, exact = SCOPE_FIELDS[scope]
    if isinstance(node, Prefix):
        text = fold(node.text)
        if len(text) < MIN_PREFIX:
            return None
        terms = [wq.Term(f, word) for f, word in expansions.terms(exact, text)]
        return _join(wq.Or, terms) or wq.NullQuery
    if isinstance(node, Term) and scope != "author":
        return _words(stemmed, stemmed_words(node.text))
    # Phrases, and author names, which are not stemmed.
    return _words(exact, exact_words(node.text))


def _words(fieldnames, words: list[str]) -> wq.Query | None:
    if not words:
        return None
    if len(words) == 1:
        return _join(wq.Or, [wq.Term(f, words[0]) for f in fieldnames])
    return _join(wq.Or, [wq.Phrase(f, words) for f in fieldnames])
