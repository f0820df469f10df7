"""Read what a reader types into a backend-neutral query tree.

    >>> parse('"ethnic cleansing" -azerbaijan note:hrw state*')
    And(children=(Phrase('ethnic cleansing'), Field('note', Term('hrw')), Any(...), Not(...)))

The language: plain words (any of them may match; passages holding more rank higher),
"quoted phrases" (exact words in order), ``-word`` and ``-"phrase"`` to exclude, ``OR``
between two parts, ``prefix*``, and scopes ``title:``, ``author:``, ``heading:``,
``note:``. Anything else is read as plainly as possible; ``QuerySyntaxError`` is raised
only when no reading makes sense.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field

from .analysis import QUERY_STOPS
from .exceptions import QuerySyntaxError

# A pasted paragraph is a fair question (test collections ask in 2,000 characters); the
# work it may cost is bounded by the clause cap and the backends' budgets.
MAX_QUERY_CHARS = 2500
MAX_CLAUSES = 40
SCOPES = {"title": "title", "author": "author", "heading": "heading", "note": "note"}
SCOPES["notes"] = "note"
SORTS = ("relevance", "date")


class Node:
    """A query tree node."""


@dataclass(frozen=True)
class Term(Node):
    text: str
    # How often the query says this word: a question that repeats a word means it
    # more (BM25's query term frequency; on CISI nDCG@10 0.327 -> 0.401, bench/ir_bare.py).
    weight: int = 1


@dataclass(frozen=True)
class Prefix(Node):
    text: str


@dataclass(frozen=True)
class Phrase(Node):
    text: str


@dataclass(frozen=True)
class Field(Node):
    name: str  # one of SCOPES' values
    child: Node


@dataclass(frozen=True)
class Not(Node):
    child: Node


@dataclass(frozen=True)
class Or(Node):
    """At least one child must match."""

    children: tuple[Node, ...]


@dataclass(frozen=True)
class Any(Node):
    """Plain words: any may match, passages matching more of them rank higher."""

    children: tuple[Node, ...]


@dataclass(frozen=True)
class And(Node):
    """Every child must match; an ``Any`` child only adds score, ``Not`` children exclude."""

    children: tuple[Node, ...]


@dataclass
class SearchParams:
    """A search as the pages and the API ask for it."""

    q: str = ""
    filters: dict[str, list[str]] = field(default_factory=dict)
    page: int = 1
    page_size: int = 20
    sort: str = "relevance"
    # The reader is still typing: the last word is matched as a prefix ("geno" ~ genocide).
    typing: bool = False
    # False when the reader asked for exactly what they typed ("search instead for").
    correct: bool = True


# A last word still being typed: bare (no quote, scope, exclusion or prefix star yet).
_TYPING_WORD = re.compile(r'(?:^|\s)(?![-"])([^\s"*:]{2,})$')


def as_typed(text: str) -> str:
    """``text`` with its last word made a prefix while the reader is typing it."""
    if text.count('"') % 2 or not (match := _TYPING_WORD.search(text)) or match[1] == "OR":
        return text
    return text + "*"


# One clause: optional "-", optional "scope:", then a quoted phrase (closing quote
# optional: an unbalanced quote runs to the end) or a bare word.
CLAUSE_RE = re.compile(r'(-?)(?:([A-Za-z]+):)?(?:"([^"]*)"?|([^\s"]+))')
QUOTES = str.maketrans({"“": '"', "”": '"', "„": '"', "«": '"', "»": '"', "″": '"'})


def clean(text: str) -> str:
    """Normalise Unicode, curly quotes and control characters to something parseable."""
    text = unicodedata.normalize("NFC", text).translate(QUOTES)
    return "".join(" " if unicodedata.category(c)[0] in "CZ" else c for c in text).strip()


def parse(text: str) -> Node | None:
    """Parse a user query; None when there is nothing to look for."""
    if len(text) > MAX_QUERY_CHARS:
        raise QuerySyntaxError(
            f"The query is {len(text):,} characters long; "
            f"shorten it to {MAX_QUERY_CHARS:,} or fewer."
        )
    # Repeated clauses add nothing but work (``te* te* te*``): keep the first of each,
    # a plain word with how often it came.
    units = _combine_or(list(_clauses(clean(text))))
    repeats = Counter(units)
    units = [_weighted(u, repeats[u]) for u in dict.fromkeys(units)]
    return _assemble(_capped(units))


def _weighted(unit: Node, count: int) -> Node:
    return Term(unit.text, count) if isinstance(unit, Term) and count > 1 else unit


def _capped(units: list[Node]) -> list[Node]:
    """At most MAX_CLAUSES clauses; plain stop words go first when there are more."""
    if len(units) > MAX_CLAUSES:
        meaningful = [
            u for u in units if not (isinstance(u, Term) and u.text.lower() in QUERY_STOPS)
        ]
        units = meaningful or units
    return units[:MAX_CLAUSES]


def _is_stop_word(unit: Node) -> bool:
    return isinstance(unit, Term) and unit.text.lower() in QUERY_STOPS


def _clauses(text: str):
    """Yield nodes and the string "OR" in reading order."""
    for match in CLAUSE_RE.finditer(text):
        neg, scope, phrase, word = match.groups()
        if word == "OR" and not (neg or scope):
            yield "OR"
            continue
        if word and word.endswith(":") and word[:-1].lower() in SCOPES:
            continue  # a scope still being typed
        if scope and scope.lower() not in SCOPES:
            # "foo:bar" with an unknown scope is just words.
            phrase, word = (phrase, f"{scope}:{word}") if word else (phrase, scope)
            scope = None
        node = _leaf(phrase, word)
        if node is None:
            continue
        if scope:
            node = Field(SCOPES[scope.lower()], node)
        yield Not(node) if neg else node


def _leaf(phrase: str | None, word: str | None) -> Node | None:
    if phrase is not None:
        phrase = " ".join(phrase.split())
        return Phrase(phrase) if _has_word(phrase) else None
    word = word.strip("-")
    if not _has_word(word):
        return None
    if word.endswith("*") and _has_word(word.rstrip("*")):
        return Prefix(word.rstrip("*"))
    return Term(word.replace("*", " ").strip())


def _has_word(text: str) -> bool:
    return any(c.isalnum() for c in text)


def _combine_or(items: list) -> list[Node]:
    """Join ``a OR b OR c`` into one Or node; a stray OR is ignored."""
    units: list[Node] = []
    pending_or = False
    for item in items:
        if item == "OR":
            pending_or = bool(units) and not isinstance(units[-1], Not)
            continue
        if pending_or and not isinstance(item, Not):
            last = units.pop()
            previous = last.children if isinstance(last, Or) else (last,)
            units.append(Or((*previous, item)))
        else:
            units.append(item)
        pending_or = False
    return units


def _assemble(units: list[Node]) -> Node | None:
    should = [u for u in units if isinstance(u, Term | Prefix) or _is_plain_or(u)]
    must = [u for u in units if not isinstance(u, Not) and u not in should]
    must_not = [u for u in units if isinstance(u, Not)]
    if not (must or should):
        if must_not:
            raise QuerySyntaxError(
                "The query only excludes words: add a word or phrase to look for."
            )
        return None
    children = [*must]
    if should:
        children.append(Any(tuple(should)))
    children += must_not
    return children[0] if len(children) == 1 else And(tuple(children))


def _is_plain_or(node: Node) -> bool:
    return isinstance(node, Or) and all(isinstance(c, Term | Prefix) for c in node.children)


def positive_leaves(node: Node | None, scope: str | None = None):
    """Yield (scope, leaf) for every Term, Prefix and Phrase that is not excluded."""
    if node is None or isinstance(node, Not):
        return
    if isinstance(node, Field):
        yield from positive_leaves(node.child, node.name)
    elif isinstance(node, Term | Prefix | Phrase):
        yield scope, node
    else:
        for child in node.children:
            yield from positive_leaves(child, scope)


def without_stop_words(node: Node | None, is_stop) -> Node | None:
    """Drop the plain words ``is_stop`` says add nothing, when other words remain.

    Only plain words go (``what did the ICJ order`` looks for "ICJ order"); words in
    phrases and scopes stay, and a query of nothing but stop words is kept whole.
    """
    if isinstance(node, Any):
        kept = tuple(c for c in node.children if not (isinstance(c, Term) and is_stop(c.text)))
        return Any(kept) if kept else node
    if isinstance(node, And):
        return And(tuple(without_stop_words(c, is_stop) for c in node.children))
    return node
