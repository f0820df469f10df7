"""The HTML results page's list, collapsed by document.

At most ``PER_DOCUMENT`` hits of one document (its best by the ranking, or by the date
sort), the rest behind "N more in this document"; pages walk that collapsed list. The
JSON API stays uncollapsed (``search.views.api_search``). Built on ``run_search`` alone,
so every backend collapses alike.
"""

from collections import Counter
from dataclasses import replace

from .query import SearchParams
from .results import PER_DOCUMENT, Hit, SearchResults, collapse, listed_count
from .service import MAX_PAGE_SIZE, run_search

# Searches one collapsed page may make: the work of a page stays a small multiple of an
# uncollapsed one (which reads the ranking to the page's end too).
ROUNDS = 5
# Once no more than this many documents still have hits to show, the walk reads only
# theirs (a document filter), skipping the hidden hits of the others without reading them.
NARROW = 50
# Once no more than this many are left, it asks each for its best hits: reading on down
# their shared ranking would first read every hidden hit of the ones ranked above.
FEW = 8


def collapsed_search(params: SearchParams) -> SearchResults:
    """The page ``params.page`` of the collapsed list; ``total`` stays every match.

    Not collapsed when the reader chose documents: then every hit of theirs is listed.
    """
    if params.filters.get("document"):
        return run_search(params)
    end = params.page * params.page_size
    chunk = min(MAX_PAGE_SIZE, 2 * end)
    first = run_search(replace(params, page=1, page_size=chunk))
    if not first.searched:  # nothing to look for: the empty result as it is
        return first
    counts = {d: n for d, n in first.document_counts.items() if n}
    more = replace(params, q=first.suggestion if first.corrected_from else params.q, correct=False)
    ranked = _walk(list(first.hits), counts, more, end, chunk)
    first.hits = collapse(ranked, end - params.page_size, end)
    first.page, first.page_size = params.page, params.page_size
    first.listed = listed_count(counts)
    return first


def _walk(ranked: list[Hit], counts: dict, params: SearchParams, end: int, chunk: int):
    """Read on down the ranking until the collapsed list reaches ``end`` (or it ends).

    While many documents still have hits to show, the next chunk of the whole ranking;
    then the ranking within those documents only: ``ranked`` restricted to them is its
    prefix (it was the whole ranking's, or a wider such ranking's), so it reads on there;
    for the last ``FEW`` documents, their own best hits.
    """
    plain_pages = 1
    for _round in range(ROUNDS - 1):
        if len(collapse(ranked, 0, end)) >= end:
            break
        seen = Counter(h.document_slug for h in ranked)
        unfinished = [d for d, n in counts.items() if seen[d] < min(PER_DOCUMENT, n)]
        if not unfinished:
            break
        if len(unfinished) <= FEW:
            return _with_best_of(ranked, unfinished, counts, params)
        if len(unfinished) <= NARROW:
            skip = sum(seen[d] for d in unfinished)
            filters = {**params.filters, "document": unfinished}
            step = replace(params, filters=filters, page=skip // chunk + 1, page_size=chunk)
        else:
            plain_pages += 1
            step = replace(params, page=plain_pages, page_size=chunk)
        known = {_key(h) for h in ranked}
        new = [h for h in run_search(step).hits if _key(h) not in known]
        if not new:
            break
        ranked += new
    return ranked


def _with_best_of(ranked: list[Hit], slugs: list[str], counts: dict, params: SearchParams):
    """``ranked`` with the best hits of each of ``slugs``, each in its place.

    Every hit not yet read ranks below those read (the walk read a prefix), so by
    relevance they go at the end, by score; by date a document's hits are one run, so
    they go after the last one read (a document not reached yet: at the end).
    """
    known = {_key(h) for h in ranked}
    found = []
    for slug in slugs:
        only = {**params.filters, "document": [slug]}
        step = replace(params, filters=only, page=1, page_size=min(PER_DOCUMENT, counts[slug]))
        found += [h for h in run_search(step).hits if _key(h) not in known]
    if params.sort != "date":
        return ranked + sorted(found, key=lambda h: -h.score)
    for hit in found:
        runs = [i for i, h in enumerate(ranked) if h.document_slug == hit.document_slug]
        ranked.insert(runs[-1] + 1 if runs else len(ranked), hit)
    return ranked


def _key(hit: Hit) -> tuple:
    return hit.url, hit.kind, hit.note_label
