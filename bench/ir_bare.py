"""A bare Lucene-style BM25 beside the portal, to find which component costs ranking.

    .venv/bin/python bench/ir_bare.py [--collections cisi cranfield]

Pure Python, one field (title + text), k1 1.2, b 0.75, each query word a SHOULD
clause (repeats count again, as in a Lucene BooleanQuery). Variants swap one
component at a time for the portal's: its analyzer, its query parsing (stop words,
de-duplication, clause cap), its field split. Scored with bench/ir.py's measures
over the top 1000.
"""

from __future__ import annotations

import argparse
import math
import os
import re
import sys
from collections import Counter
from functools import partial
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[0] = str(ROOT)
IR_DIR = ROOT.parent / "shared" / "ir"
K1, B = 1.2, 0.75
# Lucene's EnglishAnalyzer stop set.
LUCENE_STOPS = frozenset(
    """a an and are as at be but by for if in into is it no not of on or such that the
    their then there these they this to was will with""".split()  # noqa: SIM905
)


def lucene_words(text: str) -> list[str]:
    from whoosh.lang.porter import stem

    words = re.findall(r"\w+", text.lower().replace("'s", ""))
    return [stem(w) for w in words if w not in LUCENE_STOPS]


def portal_words(text: str) -> list[str]:
    from search.backends.whoosh_analysis import STEM_ANALYZER

    return [t.text for t in STEM_ANALYZER(text)]


def portal_query_words(text: str) -> list[str]:
    """The stems of what the portal's parser keeps of a query (stop words, cap, dedup)."""
    from search.backends.whoosh_analysis import WHOOSH_ANALYSIS
    from search.query import parse, positive_leaves, without_stop_words

    node = without_stop_words(parse(text), WHOOSH_ANALYSIS.is_query_stop)
    return [
        stem
        for _scope, leaf in positive_leaves(node)
        for stem in WHOOSH_ANALYSIS.query_words(leaf.text)
    ]


def lucene_idf(n: int, df: int) -> float:
    return math.log(1 + (n - df + 0.5) / (df + 0.5))


def whoosh_idf(n: int, df: int) -> float:
    return math.log(n / (df + 1)) + 1


def meaningful_words(text: str) -> list[str]:
    """Every query word's stem but the query stop words', repeats kept, no cap."""
    from search.backends.whoosh_analysis import WHOOSH_ANALYSIS

    return WHOOSH_ANALYSIS.query_words(text)


def capped(text: str, cap: int) -> list[str]:
    """The query words of the first ``cap`` distinct stems, repeats kept."""
    words = meaningful_words(text)
    kept = set(list(dict.fromkeys(words))[:cap])
    return [w for w in words if w in kept]


class BM25:
    idf = staticmethod(lucene_idf)

    def __init__(self, docs: list[tuple[str, list[str]]]):
        self.ids = [d for d, _ in docs]
        self.tfs = [Counter(words) for _, words in docs]
        self.lengths = [len(words) for _, words in docs]
        self.avg = sum(self.lengths) / len(self.lengths)
        self.postings: dict[str, list[int]] = {}
        for i, tf in enumerate(self.tfs):
            for w in tf:
                self.postings.setdefault(w, []).append(i)

    def scored(self, words: list[str]) -> Counter:
        """{doc id: score}; repeated query words count again."""
        n = len(self.ids)
        scores: Counter = Counter()
        for w in words:
            docs = self.postings.get(w, ())
            if not docs:
                continue
            idf = self.idf(n, len(docs))
            for i in docs:
                tf = self.tfs[i][w]
                norm = K1 * (1 - B + B * self.lengths[i] / self.avg)
                scores[self.ids[i]] += idf * tf / (tf + norm)
        return scores

    def search(self, words: list[str], depth: int = 1000) -> list[str]:
        scores = self.scored(words)
        return sorted(scores, key=lambda d: (-scores[d], d))[:depth]


HEADINGS = (0.0, 0.2, 0.3, 0.4, 0.7)


def passage_plus_heading(docs, w: float):
    """One field of heading and text, plus the heading alone weighted ``w``."""
    fields = [
        (d, {"heading": portal_words(t), "all": portal_words(f"{t} {x}")}) for d, t, x in docs
    ]
    return Fields(fields, {"heading": w, "all": 1.0})


def bm25f(docs, w: int):
    """BM25F proper: the heading's words counted ``w`` times in one field."""
    return BM25([(d, portal_words(t) * w + portal_words(x)) for d, t, x in docs])


class WhooshIdf(BM25):
    idf = staticmethod(whoosh_idf)


class Fields:
    """Whoosh's reading of BM25F: each field its own BM25 (own idf and lengths), summed."""

    def __init__(self, docs, boosts: dict[str, float], kind=BM25):
        self.boosts = boosts
        self.ids = [d for d, _ in docs]
        self.fields = {f: kind([(d, words[f]) for d, words in docs]) for f in boosts}

    def search(self, words: list[str], depth: int = 1000) -> list[str]:
        scores: Counter = Counter()
        for name, index in self.fields.items():
            scores.update({d: self.boosts[name] * s for d, s in index.scored(words).items()})
        return sorted(scores, key=lambda d: (-scores[d], d))[:depth]


def evaluate(collection, index: BM25, query_words) -> dict:
    from ir import average_precision, ndcg_at

    ndcg, ap, recall = [], [], []
    for query_id, text in collection.queries:
        judged = collection.qrels.get(query_id, {})
        relevant = {d for d, g in judged.items() if g > 0}
        if not relevant:
            continue
        ranked = index.search(query_words(text))
        ndcg.append(ndcg_at(ranked, judged, 10))
        ap.append(average_precision(ranked, relevant))
        recall.append(len(relevant & set(ranked[:100])) / len(relevant))
    mean = lambda xs: sum(xs) / len(xs)  # noqa: E731
    return {"ndcg": mean(ndcg), "map": mean(ap), "recall": mean(recall)}


VARIANTS = {
    "Lucene analyzer, every query word": (lucene_words, lucene_words),
    "portal analyzer, every query word": (portal_words, portal_words),
    "portal analyzer, distinct query words": (
        portal_words,
        lambda t: list(dict.fromkeys(portal_words(t))),
    ),
    "portal analyzer, portal query parsing": (portal_words, portal_query_words),
    "portal analyzer, query stop words out, repeats": (portal_words, meaningful_words),
    "portal analyzer, query stop words out, distinct": (
        portal_words,
        lambda t: list(dict.fromkeys(meaningful_words(t))),
    ),
    **{
        f"stop words out, repeats, first {cap} distinct": (portal_words, partial(capped, cap=cap))
        for cap in (40, 60, 100)
    },
}
# Variants of the index, with the portal's analyzer and query parsing.
INDEXES = {
    "whoosh idf log(N/(df+1))+1": lambda docs: WhooshIdf(
        [(d, portal_words(f"{t} {x}")) for d, t, x in docs]
    ),
    "two fields, heading 1.3 (Lucene idf)": lambda docs: Fields(
        [(d, {"heading": portal_words(t), "text": portal_words(x)}) for d, t, x in docs],
        {"heading": 1.3, "text": 1.0},
    ),
    "two fields, heading 1.3, whoosh idf": lambda docs: Fields(
        [(d, {"heading": portal_words(t), "text": portal_words(x)}) for d, t, x in docs],
        {"heading": 1.3, "text": 1.0},
        WhooshIdf,
    ),
    **{f"heading+text, plus heading {w}": partial(passage_plus_heading, w=w) for w in HEADINGS},
    **{f"BM25F, heading weight {w}": partial(bm25f, w=w) for w in (2, 3)},
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--collections", nargs="+", default=["cisi", "cranfield"])
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")
    import django

    django.setup()
    sys.path.insert(0, str(IR_DIR))
    sys.path.insert(1, str(ROOT / "bench"))
    from load import load

    for name in args.collections:
        collection = load(name)
        docs = list(collection.docs())
        for label, (doc_words, query_words) in VARIANTS.items():
            index = BM25([(d, doc_words(f"{t} {x}")) for d, t, x in docs])
            f = evaluate(collection, index, query_words)
            print(f"{name:9} {label:42} {f['ndcg']:.4f} / {f['map']:.4f} / {f['recall']:.4f}")
        for label, build in INDEXES.items():
            built = build(docs)
            for qlabel, words in (("", portal_query_words), (", repeats", meaningful_words)):
                f = evaluate(collection, built, words)
                print(
                    f"{name:9} {label + qlabel:42} "
                    f"{f['ndcg']:.4f} / {f['map']:.4f} / {f['recall']:.4f}"
                )


if __name__ == "__main__":
    main()
