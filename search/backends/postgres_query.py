"""The PostgreSQL side of ``search.query``: a parsed tree -> a WHERE clause and its scorers.

Each passage has two vectors (``search.models.IndexEntry``): ``stem`` for plain words
and ``exact`` for phrases, prefixes and names. Weights mark the field, so scopes are
weight labels: A title, B heading, C text, D authors. Unscoped words must match the
passage itself (B or C); the title only adds to the score.

A plain word is looked up in each language the index holds (``search.languages``):
in a library of one language (English) as it always was, else one leaf per language,
each matching only the entries of its language (their ``language`` column).
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from ..analysis import DEFAULT_LANGUAGE
from ..query import And, Any, Field, Node, Not, Or, Phrase, Prefix, Term
from .postgres_analysis import EXACT_CONFIG, POSTGRES_ANALYSIS, config_of

SCOPE_WEIGHTS = {None: "BC", "title": "A", "heading": "B", "note": "C", "author": "D"}
MIN_PREFIX = 2
analysis = POSTGRES_ANALYSIS


@dataclass(frozen=True)
class Leaf:
    """One tsquery against one vector: matched in the WHERE clause, scored by ts_rank."""

    column: str  # "stem" or "exact"
    tsquery: str  # to_tsquery() input, every word quoted
    # The stemmer code of the ``stem`` entries it looks in; None: every entry (a
    # library of one language, or the ``exact`` vector).
    language: str | None = None
    # How often the query says the word (``Term.weight``): its score counts as often.
    weight: int = 1

    @property
    def config(self) -> str:
        if self.column != "stem":
            return EXACT_CONFIG
        return config_of(self.language or DEFAULT_LANGUAGE)

    def sql(self) -> tuple[str, list]:
        match = f"{self.column} @@ to_tsquery('{self.config}', %s)"
        if self.language is None:
            return match, [self.tsquery]
        return f"(language = %s AND {match})", [self.language, self.tsquery]

    def rank_sql(self, weights: str, normalisation: int) -> tuple[str, list]:
        """ts_rank of this leaf (0 for an entry of another language)."""
        rank = (
            f"ts_rank('{weights}', {self.column}, to_tsquery('{self.config}', %s), {normalisation})"
        )
        if self.language is None:
            return rank, [self.tsquery]
        return f"(CASE WHEN language = %s THEN {rank} ELSE 0 END)", [self.language, self.tsquery]


@dataclass
class Compiled:
    """A WHERE clause with its parameters, and the positive leaves that score a match."""

    where: str
    params: list
    leaves: list[Leaf] = field(default_factory=list)


def compile_query(node: Node | None, languages=(DEFAULT_LANGUAGE,)) -> Compiled | None:
    """The SQL for a parsed tree; None when nothing in it can match.

    ``languages``: the stemmer codes of the entries the index holds.
    """
    return _Compiler(tuple(languages)).compile(node, None)


class _Compiler:
    def __init__(self, languages: tuple[str, ...]):
        self.languages = languages

    def compile(self, node, scope) -> Compiled | None:
        if isinstance(node, Term) and scope != "author":
            found = _join("OR", [self.word(node, scope, lang) for lang in self.languages])
            if found is not None and node.weight > 1:
                found.leaves = [replace(leaf, weight=node.weight) for leaf in found.leaves]
            return found
        if isinstance(node, Term | Prefix | Phrase):
            return _leaf(node, scope)
        if isinstance(node, Field):
            inner = self.compile(node.child, node.name)
            if inner is not None and node.name == "note":
                inner.where = f"({inner.where} AND kind = 'note')"
            return inner
        if isinstance(node, Or | Any):
            return _join("OR", [self.compile(c, scope) for c in node.children])
        if isinstance(node, And):
            return self._and(node, scope)
        return None

    def word(self, node: Term, scope, language: str) -> Compiled | None:
        """A plain word in the entries of one language: its stems there."""
        words = analysis.exact_words(node.text)
        if not words or analysis.is_query_stop(node.text, language):
            return None  # "what", "did", "the": nothing to look for
        leaf = _words("stem", words, SCOPE_WEIGHTS[scope])
        if len(self.languages) > 1:
            leaf = Leaf(leaf.column, leaf.tsquery, language)
        return _compiled(leaf)

    def _and(self, node: And, scope) -> Compiled | None:
        kids = node.children
        required = _join("AND", [self.compile(c, scope) for c in kids if not _optional(c)])
        optional = _join("OR", [self.compile(c, scope) for c in kids if isinstance(c, Any)])
        excluded = _join("OR", [self.compile(c.child, scope) for c in kids if _not(c)])
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
    """A prefix, a phrase or an author's name: folded words, not stems."""
    weights = SCOPE_WEIGHTS[scope]
    words = analysis.exact_words(node.text)
    if not words:
        return None
    if isinstance(node, Prefix):
        if len(words) != 1 or len(words[0]) < MIN_PREFIX:
            return None
        return _compiled(Leaf("exact", f"'{words[0]}':*{weights}"))
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
