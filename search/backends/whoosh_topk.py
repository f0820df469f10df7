"""The best ``k`` matches of a question without its proximity bonus read for every match.

The bonus (a ``Phrase`` with slop for each pair of neighbouring query words) reads
positions in every passage holding both words of a pair: four times the cost of
scoring the words alone. So the words are scored first, for every match; then the
bonus is added in order of that score, in growing batches, by skipping the proximity
matcher to each passage; a bonus is at most ``near_bound`` times a passage's score
without it, so once a score times ``1 + near_bound`` cannot reach the ``k``-th final
score, nothing below it can enter the top ``k``, and the walk stops.

The top ``k`` is the one scoring every bonus gives (tests/search/test_pruning.py
checks it on random queries); passages below it keep their score without the bonus.
(Whoosh's own block skipping for top-k searches is not used: in a union it drops a
word's score from passages that other words keep in the top, which that test found.)
"""

from __future__ import annotations

import heapq

from whoosh import query as wq

from .whoosh_schema import PROXIMITY_BOOST


def add_bonus(searcher, words: wq.Query, near: wq.Query, scores: dict[int, float], k: int):
    """Add the proximity bonus to the scores that can reach the top ``k``, in place."""
    ratio = 1 + near_bound(searcher, words)
    ranked = sorted(scores.items(), key=lambda item: (item[1], -item[0]), reverse=True)
    best: list[float] = []  # a heap of the k best final scores
    done = 0
    while done < len(ranked):
        if len(best) == k and ranked[done][1] * ratio < best[0]:
            break  # nothing below can reach the top k
        batch = ranked[done : done + max(k, 2 * done)]
        bonus = near_scores(searcher, near, [docnum for docnum, _score in batch])
        for docnum, score in batch:
            scores[docnum] = final = score + bonus.get(docnum, 0.0)
            if len(best) < k:
                heapq.heappush(best, final)
            elif final > best[0]:
                heapq.heapreplace(best, final)
        done += len(batch)


def near_scores(searcher, near: wq.Query, docnums) -> dict[int, float]:
    """The proximity bonus of each of ``docnums`` that has one."""
    bonus: dict[int, float] = {}
    wanted = sorted(docnums)
    for subsearcher, offset in searcher.leaf_searchers():
        end = offset + subsearcher.doc_count_all()
        local = [d - offset for d in wanted if offset <= d < end]
        if not local:
            continue
        matcher = near.matcher(subsearcher, subsearcher.context())
        for docnum in local:
            if not matcher.is_active():
                break
            if matcher.id() < docnum:
                matcher.skip_to(docnum)
                if not matcher.is_active():
                    break
            if matcher.id() == docnum:
                bonus[docnum + offset] = matcher.score()
    return bonus


def near_bound(searcher, words: wq.Query) -> float:
    """The largest proximity bonus of a passage, as a share of its score without it.

    Each query word is in at most two neighbouring pairs and a pair adds its words'
    scores times PROXIMITY_BOOST: a bonus is at most 2 * PROXIMITY_BOOST times the
    words' scores. Whoosh's coordination (``Or(scale=...)``, ``CoordMatcher``) leaves
    at least (T - 1) / T of them, T being the terms of that ``Or`` a segment holds.
    """
    fewest = None
    for sub in _coordinated(words):
        terms = set(sub.iter_all_terms(phrases=True))
        for subsearcher, _offset in searcher.leaf_searchers():
            reader = subsearcher.reader()
            held = sum(1 for term in terms if term in reader)
            if held >= 2:  # with one term, CoordMatcher scores 0 and no pair matches
                fewest = held if fewest is None else min(fewest, held)
    kept = 1.0 if fewest is None else (fewest - 1) / fewest
    return 2 * PROXIMITY_BOOST / kept


def _coordinated(q: wq.Query):
    if isinstance(q, wq.Or) and q.scale:
        yield q
    for sub in q.children():
        yield from _coordinated(sub)
