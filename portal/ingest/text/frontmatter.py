"""Read a document's metadata from its opening lines: title, authors, date, type.

Works on the plain lines of a title page (or a letter's heading), as text
extracted from PDFs and word processors gives them, and on the whole text for
the few facts that only show further in (a letter's signatures, "this paper").
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from ..base import Metadata

MONTHS = {
    m: i
    for i, names in enumerate(
        [
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sept", "sep"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ],
        start=1,
    )
    for m in names
}
_MONTH = r"(?P<month>" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
_YEAR = r"(?P<year>1[89]\d\d|20\d\d)"
DATE_PATTERNS = [
    re.compile(rf"\b{_MONTH}\s+(?P<day>\d{{1,2}}),?\s+{_YEAR}\b", re.I),  # October 27, 2020
    re.compile(rf"\b(?P<day>\d{{1,2}})\s+{_MONTH},?\s+{_YEAR}\b", re.I),  # 27 October 2020
    re.compile(rf"\b{_MONTH}\s+{_YEAR}\b", re.I),  # November 2022
    re.compile(rf"\b(?:spring|summer|autumn|fall|winter)\s+{_YEAR}\b", re.I),
    re.compile(rf"©\s*{_YEAR}\b"),
]
_BYLINE = re.compile(r"^(?:by|written by|author[s]?:)\s+(?P<names>.+)$", re.I)
_SUBMITTED = re.compile(r"\bsubmitted by\s+(?P<names>.+?)(?:\s+to\s+.+)?$", re.I)
_FROM = re.compile(r"^from\s*:\s*(?P<names>.+)$", re.I)
_COPYRIGHT = re.compile(r"^©\s*(?:\d{4}\s*)?(?P<names>.+)$")
_SALUTATION = re.compile(r"^(dear|to whom it may concern|excellency|your excellency)\b", re.I)
_CLOSING = re.compile(
    r"^(respectfully|sincerely|yours (?:sincerely|faithfully|truly)|kind regards|best regards|"
    r"regards|with respect)\b.*,?$",
    re.I,
)
_OFFICE = re.compile(
    r"\s+(?=(?:Secretary|President|Prime Minister|Minister|Special Adviser|Special Rapporteur|"
    r"High Commissioner|Director|Chair|Ambassador|Judge|Commissioner)\b)"
)
_MEMO_FIELD = re.compile(r"^(to|from|date|re|subject|cc)\s*:", re.I)


def parse_date(text: str) -> str:
    """The most precise date in ``text`` as "YYYY-MM-DD", "YYYY-MM" or "YYYY" ("" if none)."""
    for pattern in DATE_PATTERNS:
        m = pattern.search(text)
        if not m:
            continue
        groups = m.groupdict()
        year = groups["year"]
        month = MONTHS.get((groups.get("month") or "").lower().rstrip("."))
        day = groups.get("day")
        if month and day and 1 <= int(day) <= 31:
            return f"{year}-{month:02d}-{int(day):02d}"
        if month:
            return f"{year}-{month:02d}"
        return year
    return ""


def latest_year(text: str) -> str:
    """The latest year a text cites in a full date, for documents that give none."""
    years = [int(m.group("year")) for p in DATE_PATTERNS[:3] for m in p.finditer(text)]
    return str(max(years)) if years else ""


def infer_date(meta: Metadata, full_text: str, warnings: list[str]) -> None:
    """Give an undated document the latest year it cites, and say so."""
    if not meta.date:
        meta.date = latest_year(full_text)
        if meta.date:
            warnings.append(
                f"The document states no date: {meta.date} is the latest year it cites."
            )


def split_names(names: str, *, split_and: bool = True) -> list[str]:
    """Split "A, B and C" into names, keeping "Open Society Foundations – Armenia" whole.

    Lists of organisations ("FROM: ...") are split on commas only: "Law Development
    and Protection Foundation" is one name.
    """
    names = re.sub(r"\s+", " ", names).strip().rstrip(".")
    separators = r",\s*|\s+and\s+|\s*;\s*|\s+&\s+" if split_and else r",\s*|\s*;\s*"
    parts = re.split(separators, names)
    return [p.strip() for p in parts if p.strip()]


def is_metadata_line(line: str) -> bool:
    """A title-page line that states metadata rather than starting the text."""
    s = line.strip()
    return bool(
        _BYLINE.match(s)
        or _SUBMITTED.search(s)
        or _FROM.match(s)
        or _MEMO_FIELD.match(s)
        or _COPYRIGHT.match(s)
        or "|" in s
        or (parse_date(s) and len(s.split()) <= 6)
    )


def smart_title(line: str) -> str:
    """Title-case a line typed in capitals; leave any other line as it is."""
    s = re.sub(r"\s+", " ", line).strip()
    letters = [c for c in s if c.isalpha()]
    if not letters or sum(c.isupper() for c in letters) / len(letters) < 0.9:
        return s
    small = {"a", "an", "and", "as", "at", "by", "for", "in", "of", "on", "or", "the", "to"}
    words = s.lower().split(" ")
    out = []
    for i, word in enumerate(words):
        if i and word in small:
            out.append(word)
        else:
            out.append("-".join(w[:1].upper() + w[1:] for w in word.split("-")))
    # "Artsakh's" after capitalising stays "Artsakh's"; fix "'S" produced by split-free words.
    return re.sub(r"(['’])S\b", r"\1s", " ".join(out))


def read_front_matter(lines: Sequence[str], full_text: str) -> tuple[Metadata, set[int]]:
    """Metadata from a title page's lines; also the indexes of lines used as title/subtitle."""
    meta = Metadata()
    used: set[int] = set()
    content = [(i, ln.strip()) for i, ln in enumerate(lines) if ln.strip()]
    letter = _is_letter(lines, full_text)
    if content and not letter:
        first_i, first = content[0]
        if not is_metadata_line(first):
            meta.title = smart_title(first)
            used.add(first_i)
            if len(content) > 1 and _is_subtitle(lines, first_i, content[1]):
                meta.subtitle = smart_title(content[1][1])
                used.add(content[1][0])
    for _i, line in content:
        _read_line(line, meta)
    if letter:
        _read_letter(lines, full_text, meta)
    meta.doc_type = _doc_type(lines, full_text, letter)
    return meta, used


def _is_subtitle(lines: Sequence[str], first_i: int, second: tuple[int, str]) -> bool:
    """The second line of a title block (no blank line between) that is not metadata."""
    i, text = second
    return i == first_i + 1 and not is_metadata_line(text) and len(text) <= 160


def _read_line(line: str, meta: Metadata) -> None:
    m = _BYLINE.match(line)
    if m and not meta.authors:
        meta.authors = split_names(m.group("names"))
    m = _FROM.match(line)
    if m and not meta.authors:
        meta.authors = split_names(m.group("names"), split_and=False)
    m = _SUBMITTED.search(line)
    if m and not meta.authors:
        meta.authors = split_names(m.group("names"))
    m = _COPYRIGHT.match(line)
    if m and not meta.authors:
        meta.authors = split_names(m.group("names"))
    date = parse_date(line) if len(line.split()) <= 12 or line.startswith("©") else ""
    if date and len(date) > len(meta.date):
        meta.date = date


def _is_letter(lines: Sequence[str], full_text: str) -> bool:
    head = [ln.strip() for ln in lines if ln.strip()][:6]
    return any(_SALUTATION.match(ln) for ln in head) and bool(
        re.search(r"^\s*" + _CLOSING.pattern.lstrip("^"), full_text, re.I | re.M)
    )


def _read_letter(lines: Sequence[str], full_text: str, meta: Metadata) -> None:
    content = [ln.strip() for ln in lines if ln.strip()]
    salutation = next((i for i, ln in enumerate(content) if _SALUTATION.match(ln)), 0)
    addressee = next((ln for ln in content[:salutation] if not parse_date(ln) and len(ln) > 10), "")
    if addressee and not meta.title:
        name = re.sub(r"^(his|her|their)\s+(excellency|excellencies)\s+", "", addressee, flags=re.I)
        meta.title = "Letter to " + _OFFICE.sub(", ", name, count=1)
    signers = _signatures(full_text)
    if signers:
        meta.authors = signers


def _signatures(full_text: str) -> list[str]:
    """Names under a letter's closing, preferring lines that give an organisation's acronym."""
    lines = full_text.splitlines()
    for i, line in enumerate(lines):
        if _CLOSING.match(line.strip()) and len(line.strip()) < 40:
            block: list[str] = []
            for nxt in lines[i + 1 :]:
                if not nxt.strip():
                    if block:
                        break
                    continue
                block.append(nxt.strip())
            named = [b for b in block if re.search(r"\([A-Z]{2,}\)\s*$", b)]
            return named or block[:6]
    return []


def _doc_type(lines: Sequence[str], full_text: str, letter: bool) -> str:
    head = " ".join(ln.strip() for ln in lines).lower()
    sample = full_text[:200_000].lower()
    if letter:
        return "letter"
    if re.search(r"\b(thesis|dissertation|capstone)\b", head):
        return "thesis"
    if re.search(r"\bmemorandum\b", head):
        return "memo"
    if re.search(r"^\s*to\s*:", "\n".join(lines), re.I | re.M) or "submission" in head:
        return "submission"
    if re.search(r"\breport\b", head):
        return "report"
    if len(re.findall(r"\bthis (paper|article)\b", sample)) >= 1:
        return "paper" if "this paper" in sample else "article"
    if len(re.findall(r"\bthis report\b", sample)) >= 1:
        return "report"
    return "other"
