"""The PostgreSQL side of ``search.query``: a parsed tree -> a WHERE clause and a score.

Each passage has two vectors (see ``search.models.IndexEntry``): ``stem`` for words
(states ~ state) and ``exact`` for phrases, prefixes and names (every word and position
kept: "right to self-determination" is not "right of self-determination"). Weights
mark the field, so scopes become weight labels: A title, B heading, C text, D authors.
Unscoped words must match the passage itself (B or C); the title only adds to the score.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..analysis import MIN_WORD, STOPS, WORD_RE, fold
from ..query import And, Any, Field, Node, Not, Or, Phrase, Prefix, Term

STEM_CONFIG = "lectern_stem"
EXACT_CONFIG = "lectern_exact"
# Which weights a scope searches.
SCOPE_WEIGHTS = {None: "BC", "title": "A", "heading": "B", "note": "C", "author": "D"}
MIN_PREFIX = 2


def pre_split(text: str) -> str:
    """Our words joined by spaces, so PostgreSQL's parser sees the words we highlight.

    (Its own parser would keep "self-determination" whole beside its parts, and read
    URLs and e-mail addresses as single tokens.)
    """
    return " ".join(WORD_RE.findall(text))


@dataclass(frozen=True)
class Leaf:
    """One tsquery against one vector: matched in the WHERE clause, scored by ts_rank."""

    column: str  # "stem" or "exact"
    tsquery: str  # to_tsquery() input, words quoted

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
            inner.where = f"({inner.where} AND part = 'notes')"
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
    if len(parts) == 1:
        return parts[0]
    if not parts:
        return None
    where = f" {op} ".join(p.where for p in parts)
    params = [x for p in parts for x in p.params]
    return Compiled(f"({where})", params, [leaf for p in parts for leaf in p.leaves])


def _leaf(node, scope) -> Compiled | None:
    weights = SCOPE_WEIGHTS[scope]
    words = [fold(w) for w in WORD_RE.findall(node.text)]
    if isinstance(node, Prefix):
        if len(words) != 1 or len(words[0]) < MIN_PREFIX:
            return None
        return _compiled(Leaf("exact", f"'{words[0]}':*{weights}"))
    if isinstance(node, Term) and scope != "author":
        if not any(len(w) >= MIN_WORD and w not in STOPS for w in words):
            return None  # stop words alone match nothing, as in the Whoosh backend
        return _compiled(_words("stem", words, weights))
    # Phrases, and author names, which are not stemmed.
    return _compiled(_words("exact", words, weights)) if words else None


def _words(column: str, words: list[str], weights: str) -> Leaf:
    if len(words) == 1:
        return Leaf(column, f"'{words[0]}':{weights}")
    # Several words: a phrase in each field on its own, never running from a heading
    # into the text below it.
    phrases = (" <-> ".join(f"'{w}':{weight}" for w in words) for weight in weights)
    return Leaf(column, " | ".join(f"({p})" for p in phrases))


def _compiled(leaf: Leaf) -> Compiled:
    where, params = leaf.sql()
    return Compiled(where, params, [leaf])
