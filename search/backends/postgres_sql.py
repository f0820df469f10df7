"""One statement for a results page: matches scored once, every facet counted, the page cut.

Multi-select facets: each facet counts the matches passing every *other* selected
filter but not its own, so a reader who ticked two authors still sees the rest.
Facets are read from the entry's JSON ``facets`` as ``search.facets`` declares them,
so a new facet needs no change here. The matches are a materialised CTE: the index
is read once.
"""

from __future__ import annotations

from ..facets import FACETS
from .postgres_query import Compiled

TABLE = "search_indexentry"
# The notes folded into a kept one, in reading order.
ALSO = (
    "(SELECT array_agg(f.entry_id ORDER BY f.ordinal, f.id) FROM found f "
    "WHERE m.duplicate <> '' AND f.duplicate = m.duplicate AND f.id <> m.id)"
)
ORDER = {"relevance": "score DESC, id", "date": "date DESC, score DESC, id"}


def _counts(facet, where: str) -> str:
    """Counts per value of one facet over the matches passing ``where``."""
    if facet.multi_valued:
        value, source = "v", f"m, jsonb_array_elements_text(facets -> '{facet.name}') v"
    else:
        value, source = f"facets ->> '{facet.name}'", "m"
    return (
        f"SELECT '{facet.name}', {value}, count(*), 0.0, NULL FROM {source} "
        f"WHERE {where} AND {value} <> '' GROUP BY {value}"
    )


def _passes(facet) -> str:
    """The row has one of the selected values (one text[] parameter)."""
    if facet.multi_valued:
        return f"(facets -> '{facet.name}') ?| %s::text[]"
    return f"(facets ->> '{facet.name}') = ANY(%s::text[])"


def page_sql(compiled: Compiled, score_sql, score_params, filters, sort) -> tuple[str, list]:
    """SQL of rows (facet, value, count, score): "" the total, "hit" the page's entries.

    The caller appends the LIMIT and OFFSET parameters.
    """
    selected = [f for f in FACETS if filters.get(f.name)]
    flags = "".join(f", {_passes(f)} AS f_{f.name}" for f in selected)
    matches = (
        "WITH found AS MATERIALIZED (SELECT id, entry_id, facets, date, duplicate, ordinal, "
        f"{score_sql} AS score{flags} FROM {TABLE} WHERE {compiled.where}), "
        # Notes with the same words are one match: the first in reading order.
        "m AS MATERIALIZED (SELECT * FROM found WHERE duplicate = '' OR id IN "
        "(SELECT DISTINCT ON (duplicate) id FROM found WHERE duplicate <> '' "
        "ORDER BY duplicate, ordinal, id))"
    )
    every = _passing(selected)
    parts = [
        "SELECT '' AS facet, NULL AS value, count(*) AS n, 0.0::float8 AS score, "
        f"NULL::text[] AS also FROM m WHERE {every}"
    ]
    parts += [_counts(facet, _passing(selected, but=facet.name)) for facet in FACETS]
    parts.append(
        f"(SELECT 'hit', entry_id, 0, score, {ALSO} FROM m WHERE {every} "
        f"ORDER BY {ORDER.get(sort, ORDER['relevance'])} LIMIT %s OFFSET %s)"
    )
    params = [*score_params, *(list(filters[f.name]) for f in selected), *compiled.params]
    return matches + "\n" + "\nUNION ALL ".join(parts), params


def _passing(selected, but: str | None = None) -> str:
    return " AND ".join(f"f_{f.name}" for f in selected if f.name != but) or "TRUE"
