"""Small judgements about lines of extracted text, shared by the plain-text shapes."""

from __future__ import annotations

import re

SUPERSCRIPT_DIGITS = "⁰¹²³⁴⁵⁶⁷⁸⁹"
SUP_RUN = re.compile(f"[{SUPERSCRIPT_DIGITS}]+")
_SUP_TO_ASCII = str.maketrans(SUPERSCRIPT_DIGITS, "0123456789")

URL = re.compile(
    r"(?:https?://|www\.|<[\w-]+(?:\.[\w-]+)+/)[^\s>]*|\b[\w-]+\.(?:com|org|net|am|az|int|gov|edu)"
    r"(?:/[^\s>]*)",
    re.I,
)
TERMINAL = ".!?:”\"’'»)]"
CLOSERS = "”\"’'»)]"
_FUNCTION_WORDS = {
    "a",
    "an",
    "and",
    "as",
    "at",
    "be",
    "by",
    "for",
    "from",
    "his",
    "her",
    "in",
    "into",
    "is",
    "its",
    "of",
    "on",
    "or",
    "that",
    "the",
    "their",
    "to",
    "was",
    "were",
    "which",
    "with",
}
_CITED_DATE = re.compile(
    r"\(\s*(?:\d{1,2}\s+)?[A-Z][a-z]+\.?\s+\d{4}\s*\)|\(\d{4}\)|\b\d{1,2} [A-Z][a-z]+ \d{4}\b"
)
# Words that make a line a clause of running text rather than a heading.
_CLAUSE = re.compile(
    r"\b(?:is|are|was|were|it|he|she|they|we|has|have|had|did|does|not|will|would|should|"
    r"must|shall)\b|^(?:moreover|however|furthermore|therefore|additionally|thus|hence|indeed),",
    re.I,
)
_CAPTION = re.compile(r"^(figure|fig\.|table|photo|image|source|chart|map)\b", re.I)


def sup_to_int(run: str) -> int:
    return int(run.translate(_SUP_TO_ASCII))


def strip_trailing_markers(text: str) -> str:
    return SUP_RUN.sub("", text).rstrip()


def ends_sentence(text: str) -> bool:
    """Whether a paragraph's text ends where a sentence can end (markers ignored).

    A closing quote or bracket counts unless a comma or semicolon stands inside it:
    ``child,"`` runs on, ``conflict.”`` and ``“the enemy”`` do not.
    """
    # Only the end matters: stripping the whole of a growing paragraph per line was quadratic.
    s = strip_trailing_markers(text[-200:]).rstrip()
    if not s or s[-1] not in TERMINAL:
        return False
    return not (s[-1] in CLOSERS and len(s) > 1 and s[-2] in ",;")


def starts_lowercase(text: str) -> bool:
    s = text.lstrip(" \"“‘'(")
    return bool(s) and s[0].islower()


def looks_like_heading(text: str, *, allow_period: bool = False) -> bool:
    """A short line that names what follows: no sentence end, no dangling function word."""
    s = re.sub(r"\s+", " ", text).strip()
    words = s.split(" ")
    if not s or len(s) > 110 or len(words) > 14:
        return False
    if not (s[0].isupper() or s[0].isdigit()) or _CAPTION.match(s):
        return False
    if URL.search(s) or SUP_RUN.search(s) or s.startswith(("“", '"', "(", "[")):
        return False
    last = s[-1]
    if last in ",;:" or (last in ".!" and not allow_period):
        return False
    if words[-1].lower().strip(".") in _FUNCTION_WORDS or _CLAUSE.search(s):
        return False
    return not re.search(r"\d\.?$", s) or len(words) > 1


def citation_score(text: str) -> int:
    """How much a block of text looks like a bibliographic note rather than prose."""
    score = 0
    if URL.search(text):
        score += 3
    if re.search(r"\bonline\s*(?:\([a-z]+\))?\s*:", text, re.I):
        score += 2
    if re.search(r"^\s*(?:ibid|id\.|supra|see also|see\b|op\. cit)|\bet al\.", text, re.I):
        score += 2
    if re.search(
        r"\(\s*(?:\d{1,2}\s+)?[A-Z][a-z]+\.?\s+\d{4}\s*\)|\(\d{4}\)|\b\d{1,2} [A-Z][a-z]+ \d{4}\b",
        text,
    ):
        score += 1
    if re.search(r"\bart[s]?\s+\d|\bUNTS\b|\bICJ Rep\b|\bDoc\b|\bNo\s+\d|\bat \d+\b", text):
        score += 1
    if re.search(r"“[^”]{8,}”", text):
        score += 1
    if re.search(r"\[[^\]]{3,40}\]", text):
        score += 1
    return score
