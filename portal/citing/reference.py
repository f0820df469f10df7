"""What a citation says about a document, read once from the stored document.

A ``Reference`` holds the facts every style and export needs: names (persons
split into family and given, organisations kept whole), the full title, the
kind of work and who issued it, the recipient of a letter or submission, the
date as precise as the document gives it, and the pinpoint (section, paragraph).
Facts the model has no field for (a thesis's degree and university, a
submission's addressee) are read from the document's title page, the untitled
first section, as a reader would.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field

SITE_NAME = "Lectern"

# Words that make a name an organisation, not a person.
_ORGANISATION = re.compile(
    r"\b(NGO|Union|Association|Society|Foundation|Cent(?:er|re)|Assembly|Council|Commission|"
    r"Committee|Institute|University|College|School|Organi[sz]ation|Office|Ministry|Agency|"
    r"Group|Network|Federation|League|Coalition|Trust|Fund|Bureau|Department|Watch|"
    r"International|Nations|Borders|Rights|Program(?:me)?|Project|Initiative|Party|Rapporteur|"
    r"Government|Republic|Parliament|Court|Tribunal|Mission|Embassy|Commissioner|Ombudsman|"
    r"Authority|Service|Press|News|Times|Journal|Institution|Secretariat)\b",
    re.I,
)
_ACRONYM = re.compile(r"\b[A-Z]{2,}\b")  # "UN", "OSCE": an organisation's name
_DEGREES = [
    (re.compile(r"\b(Ph\.?\s?D|Doctor of Philosophy|Doctoral|Dissertation)\b", re.I), "PhD"),
    (re.compile(r"\b(Master|M\.?A\.?|LL\.?M|M\.?Sc|MALD)\b", re.I), "Master’s"),
    (re.compile(r"\b(Bachelor|B\.?A\.? Hons|Honou?rs|Undergraduate)\b", re.I), "Bachelor’s"),
]
_INSTITUTION = re.compile(r"[^|\n]*\b(?:University|College|Institute)\b[^|\n,]*")
_RECIPIENT = re.compile(r"^(?:TO|To)\s*:\s*(.+)$", re.M)
_LETTER_TO = re.compile(r"^Letter to\s+(.+)$", re.I)
# Lower-case words that belong to a family name ("de la Fontaine", "van der Berg").
_PARTICLES = {"de", "la", "le", "du", "del", "della", "van", "von", "der", "den", "da", "dos", "al"}


@dataclass(frozen=True)
class Name:
    """A person (``family`` and ``given``) or an organisation (``literal``)."""

    family: str = ""
    given: str = ""
    literal: str = ""

    @property
    def is_person(self) -> bool:
        return bool(self.family)

    @property
    def full(self) -> str:
        return self.literal or f"{self.given} {self.family}".strip()

    @property
    def inverted(self) -> str:
        """ "Avaneszadeh, Alex"; an organisation as it is."""
        return self.literal or (f"{self.family}, {self.given}" if self.given else self.family)

    @property
    def initials(self) -> str:
        """ "A." for "Alex", "J.-P." for "Jean-Pierre"."""
        parts = re.split(r"\s+", self.given.strip())
        return " ".join("-".join(f"{p[0]}." for p in part.split("-") if p) for part in parts)


@dataclass(frozen=True)
class Reference:
    """One work (and optionally a place in it) to cite."""

    key: str
    kind: str  # the document's type: report, paper, article, thesis, letter, submission, memo...
    title: str
    names: tuple[Name, ...]
    date: str  # "2020", "2022-11" or "2020-10-27"
    url: str
    accessed: datetime.date
    genre: str = ""  # "Master’s thesis", for a thesis
    institution: str = ""  # a thesis's university
    recipient: str = ""  # a letter's or a submission's addressee
    language: str = "en"
    section_number: int | None = None  # 1-based; None for the whole work or a one-section work
    section_heading: str = ""  # a real heading only, never a generated label
    paragraph: int | None = None
    extra: dict = field(default_factory=dict)

    @property
    def year(self) -> str:
        return self.date[:4] if self.date[:4].isdigit() else ""

    def date_parts(self) -> list[int]:
        return [int(p) for p in self.date.split("-") if p.isdigit()]


def parse_name(text: str) -> Name:
    """A person's name split at its last word; anything organisation-like kept whole."""
    text = " ".join(text.split())
    words = text.split(" ")
    organisation = (
        _ORGANISATION.search(text)
        or _ACRONYM.search(text)
        or len(words) < 2
        or len(words) > 4
        or any(not w[:1].isupper() and w not in _PARTICLES for w in words)
        or re.search(r"[\d()“”\"&/]", text)
    )
    if organisation:
        return Name(literal=text)
    particles = 0
    while len(words) - particles > 2 and words[-2 - particles] in _PARTICLES:
        particles += 1
    cut = len(words) - 1 - particles
    return Name(family=" ".join(words[cut:]), given=" ".join(words[:cut]))


def title_page_facts(kind: str, title: str, front_text: str) -> dict[str, str]:
    """Genre, institution and recipient, from the title and the untitled title page."""
    facts: dict[str, str] = {}
    if kind == "thesis":
        degree = next((d for rx, d in _DEGREES if rx.search(front_text)), "")
        facts["genre"] = f"{degree} thesis" if degree and degree != "PhD" else "PhD dissertation"
        if not degree:
            facts["genre"] = "Thesis"
        found = _INSTITUTION.search(front_text)
        if found:
            facts["institution"] = found.group(0).strip(" |,")
    letter_to = _LETTER_TO.match(title)
    if kind == "letter" and letter_to:
        facts["recipient"] = letter_to.group(1).strip()
    elif kind in {"submission", "letter", "memo"}:
        to = _RECIPIENT.search(front_text)
        if to:
            facts["recipient"] = _shorten_recipient(to.group(1))
    return facts


def _shorten_recipient(text: str) -> str:
    """ "Alice Ndreitu, Special Adviser … to United Nations Secretary General" -> up to the "to"."""
    text = " ".join(text.split()).rstrip(".")
    return re.split(r"\s+to\s+(?=[A-Z])", text, maxsplit=1)[0]


def full_title(title: str, subtitle: str) -> str:
    """Title and subtitle joined by a colon, as every style writes them."""
    title, subtitle = title.strip(), subtitle.strip()
    if not subtitle:
        return title
    return f"{title.rstrip(':')}: {subtitle}"
