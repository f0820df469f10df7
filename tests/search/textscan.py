"""Word rules for answers computed by scanning stored texts, apart from the search code.

They follow the documented analysis (word characters, folding, Porter stems, the
stemmed index's stop list) without importing it, so a test can catch the code drifting.
"""

import re
import unicodedata

from whoosh.lang.porter import stem as porter_stem

WORD_RE = re.compile(r"\w+(?:\.?\w+)*")
LUCENE_STOPS = (
    "a an and are as at be by can for from have if in is it may not of on or tbd that the "
    "this to us we when will with yet you your"
)
INDEX_STOPS = set(LUCENE_STOPS.split())


def fold(word: str) -> str:
    decomposed = unicodedata.normalize("NFKD", word.lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def stem(folded: str) -> str:
    return porter_stem(folded)


def exact_words(text: str) -> list[str]:
    return [fold(w) for w in WORD_RE.findall(text)]


def stemmed_words(text: str) -> list[str]:
    return [stem(w) for w in exact_words(text) if len(w) >= 2 and w not in INDEX_STOPS]
