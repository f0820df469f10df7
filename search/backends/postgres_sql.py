"""One statement for a results page: matches scored once, every facet counted, the page cut.

Multi-select facets: each facet counts the matches passing every *other* selected
filter but not its own, so a reader who ticked two authors still sees the rest.
The matches are a materialised CTE, so the index is read once.
"""

from __future__ import annotations

from ..schema import FACETS
from .postgres_query import Compiled

TABLE = "search_indexentry"
# Facet name -> column; authors are joined by \x1f (names may hold commas).
FACET_COLUMNS = {"document": "slug", "author": "authors", "year": "year", "type": "doc_type"}
FACET_COLUMNS["in"] = "part"
AUTHORS = "string_to_array(authors, E'\\x1f')"
ORDER = {"relevance": "score DESC, id", "date": "date DESC, score DESC, id"}


def filter_sql(name: str) -> str:
    """The condition that a row passes the facet's selected values (one array parameter)."""
    if name == "author":
        return f"{AUTHORS} && %s::text[]"
    return f"{FACET_COLUMNS[name]} = ANY(%s::text[])"


def facet_sql(compiled: Compiled, score_sql, score_params, filters, sort) -> tuple[str, list]:
    """SQL returning rows (facet, value, count, score): "" the total, "hit" the page's entries.

    The caller appends the LIMIT and OFFSET parameters.
    """
    flags = [f"({filter_sql(name)}) AS f_{name}" for name in FACETS if name in filters]
    flag_params = [list(filters[name]) for name in FACETS if name in filters]
    matches = (
        "WITH m AS MATERIALIZED (SELECT id, entry_id, slug, authors, year, doc_type, part, "
        f"date, {score_sql} AS score{''.join(', ' + f for f in flags)} "
        f"FROM {TABLE} WHERE {compiled.where})"
    )
    every = _passing(filters)
    parts = [
        f"SELECT '' AS facet, NULL AS value, count(*) AS n, 0.0::float8 AS score "
        f"FROM m WHERE {every}"
    ]
    for name in FACETS:
        others = _passing(filters, but=name)
        if name == "author":
            parts.append(
                f"SELECT 'author', a, count(*), 0.0 FROM m, unnest({AUTHORS}) a "
                f"WHERE {others} AND a <> '' GROUP BY a"
            )
        else:
            column = FACET_COLUMNS[name]
            parts.append(
                f"SELECT '{name}', {column}, count(*), 0.0 FROM m WHERE {others} GROUP BY {column}"
            )
    parts.append(
        f"(SELECT 'hit', entry_id, 0, score FROM m WHERE {every} "
        f"ORDER BY {ORDER.get(sort, ORDER['relevance'])} LIMIT %s OFFSET %s)"
    )
    sql = matches + "\n" + "\nUNION ALL ".join(parts)
    return sql, [*score_params, *flag_params, *compiled.params]


def _passing(filters, but: str | None = None) -> str:
    conditions = [f"f_{name}" for name in FACETS if name in filters and name != but]
    return " AND ".join(conditions) or "TRUE"
