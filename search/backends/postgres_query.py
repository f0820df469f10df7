"""The PostgreSQL side of ``search.query``: a parsed tree -> a WHERE clause and its scorers.

Each passage has two vectors (``search.models.IndexEntry``): ``stem`` for plain words
and ``exact`` for phrases, prefixes and names. Weights mark the field, so scopes are
weight labels: A title, B heading, C text, D authors. Unscoped words must match the
passage itself (B or C); the title only adds to the score.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..query import And, Any, Field, Node, Not, Or, Phrase, Prefix, Term
from .postgres_analysis import EXACT_CONFIG, POSTGRES_ANALYSIS, STEM_CONFIG

SCOPE_WEIGHTS = {None: "BC", "title": "A", "heading": "B", "note": "C", "author": "D"}
MIN_PREFIX = 2
analysis = POSTGRES_ANALYSIS


@dataclass(frozen=True)
class Leaf:
    """One tsquery against one vector: matched in the WHERE clause, scored by ts_rank."""

    column: str  # "stem" or "exact"
    tsquery: str  # to_tsquery() input, every word quoted

    @property
    def config(self) -> str:
        return STEM_CONFIG if self.column == "stem" else EXACT_CONFIG

    def sql(self) -> tuple[str, list]:
        return f"{self.column} @@ to_tsquery('{self.config}', %s)", [self.tsquery]


@dataclass
class Compiled:
    """A WHERE clause with its parameters, and the positive leaves that score a match."""

    where: str
    params: list
    leaves: list[Leaf] = field(default_factory=list)


def compile_query(node: Node | None) -> Compiled | None:
    """The SQL for a parsed tree; None when nothing in it can match."""
    return _compile(node, None)


def _compile(node, scope) -> Compiled | None:
    if isinstance(node, Term | Prefix | Phrase):
        return _leaf(node, scope)
    if isinstance(node, Field):
        inner = _compile(node.child, node.name)
        if inner is not None and node.name == "note":
            inner.where = f"({inner.where} AND kind = 'note')"
        return inner
    if isinstance(node, Or | Any):
        return _join("OR", [_compile(c, scope) for c in node.children])
    if isinstance(node, And):
        return _and(node, scope)
    return None


def _and(node: And, scope) -> Compiled | None:
    required = _join("AND", [_compile(c, scope) for c in node.children if not _optional(c)])
    optional = _join("OR", [_compile(c, scope) for c in node.children if isinstance(c, Any)])
    excluded = _join("OR", [_compile(c.child, scope) for c in node.children if _not(c)])
    positive = required or optional
    if positive is None:
        return None
    if required is not None and optional is not None:
        positive.leaves += optional.leaves  # plain words beside a phrase only add score
    if excluded is not None:
        positive.where = f"({positive.where} AND NOT {excluded.where})"
        positive.params += excluded.params
    return positive


def _optional(node) -> bool:
    return isinstance(node, Any | Not)


def _not(node) -> bool:
    return isinstance(node, Not)


def _join(op: str, parts: list[Compiled | None]) -> Compiled | None:
    parts = [p for p in parts if p is not None]
    if len(parts) <= 1:
        return parts[0] if parts else None
    where = f" {op} ".join(p.where for p in parts)
    params = [x for p in parts for x in p.params]
    return Compiled(f"({where})", params, [leaf for p in parts for leaf in p.leaves])


def _leaf(node, scope) -> Compiled | None:
    weights = SCOPE_WEIGHTS[scope]
    words = analysis.exact_words(node.text)
    if not words:
        return None
    if isinstance(node, Prefix):
        if len(words) != 1 or len(words[0]) < MIN_PREFIX:
            return None
        return _compiled(Leaf("exact", f"'{words[0]}':*{weights}"))
    if isinstance(node, Term) and scope != "author":
        if analysis.is_query_stop(node.text):
            return None  # "what", "did", "the": nothing to look for
        return _compiled(_words("stem", words, weights))
    # Phrases, and author names, which are not stemmed.
    return _compiled(_words("exact", words, weights))


def _words(column: str, words: list[str], weights: str) -> Leaf:
    if len(words) == 1:
        return Leaf(column, f"'{words[0]}':{weights}")
    # A phrase in each field on its own: never from a heading into the text below it.
    phrases = (" <-> ".join(f"'{w}':{weight}" for w in words) for weight in weights)
    return Leaf(column, " | ".join(f"({p})" for p in phrases))


def _compiled(leaf: Leaf) -> Compiled:
    where, params = leaf.sql()
    return Compiled(where, params, [leaf])
