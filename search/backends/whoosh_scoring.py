"""How the Whoosh backend weighs a word: BM25 with Lucene's inverse document frequency.

Whoosh's own idf, ``log(N / (df + 1)) + 1``, never falls below 1: a word in half the
passages still weighs a quarter of the rarest word's weight, so a long question is
ranked by its common words. Lucene's (and Robertson's), ``log(1 + (N - df + 0.5) /
(df + 0.5))``, goes to 0 for such words. Measured with bench/ir_bare.py (one field,
k1 1.2, b 0.75): CISI nDCG@10 0.3956 -> 0.4008, Cranfield 0.3724 -> 0.3703 (noise).
"""

from __future__ import annotations

from math import log

from whoosh.scoring import BM25F

from ..facets import BODY, NOTES


class LuceneBM25F(BM25F):
    """Whoosh's BM25F (k1 1.2, b 0.75), with the Lucene idf and average lengths.

    Whoosh averages a field's length over every entry, Lucene over the entries that
    have the field: notes hold no body text, so the sections of a library with as many
    notes as sections looked four times their real length (the corpus: 32 words on
    average instead of ~130) and a long section's match was scored as if buried.
    """

    def scorer(self, searcher, fieldname, text, qf=1):
        scorer = super().scorer(searcher, fieldname, text, qf=qf)
        if hasattr(scorer, "avgfl"):
            parent = searcher.get_parent()
            kind = _kind(fieldname)
            entries = (kind and parent.doc_frequency("in", kind)) or parent.doc_count_all()
            scorer.avgfl = parent.field_length(fieldname) / (entries or 1) or 1
        return scorer

    def idf(self, searcher, fieldname, text):
        parent = searcher.get_parent()
        df = parent.doc_frequency(fieldname, text)
        return log(1 + (parent.doc_count_all() - df + 0.5) / (df + 0.5))


def _kind(fieldname: str) -> str | None:
    """Which entries hold a field: notes their own, sections the text and headings;
    None for a field every entry holds (titles, authors)."""
    if fieldname.startswith("note"):
        return NOTES
    return BODY if fieldname.startswith(("text", "heading")) else None


WEIGHTING = LuceneBM25F()
