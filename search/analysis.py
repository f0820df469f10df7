"""Text analysis shared by every backend and the highlighter, so that marks match the index.

Words are runs of word characters (``self-determination`` is two words), folded to
lower case without accents (RÁCZ = racz). Word queries also compare Porter stems
(states ~ state); quoted phrases compare folded words, stop words included.
"""

from __future__ import annotations

import re
from functools import lru_cache

from whoosh.analysis import STOP_WORDS
from whoosh.lang.porter import stem as porter_stem
from whoosh.support.charset import accent_map

# Runs of word characters, with inner dots kept (U.S.A, 2.5).
WORD_RE = re.compile(r"\w+(?:\.?\w+)*")
STOPS = frozenset(STOP_WORDS)
# A stop filter also drops one-letter words (whoosh StopFilter(minsize=2)).
MIN_WORD = 2


def fold(word: str) -> str:
    """Lower-case ``word`` and strip its accents."""
    return word.lower().translate(accent_map)


@lru_cache(maxsize=100_000)
def stem(folded: str) -> str:
    """The Porter stem of a folded word."""
    return porter_stem(folded)


def exact_words(text: str) -> list[str]:
    """Folded words of ``text``, stop words kept: what phrases compare."""
    return [fold(m.group()) for m in WORD_RE.finditer(text)]


def stemmed_words(text: str) -> list[str]:
    """Stems of the non-stop words of ``text``: what word queries compare."""
    words = (fold(m.group()) for m in WORD_RE.finditer(text))
    return [stem(w) for w in words if len(w) >= MIN_WORD and w not in STOPS]
