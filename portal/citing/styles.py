"""Chicago (notes and bibliography, 18th ed.), APA (7th), MLA (9th) and OSCOLA (4th).

Each style gives a ``Citation``: ``note`` is what goes in the text (a footnote
for Chicago and OSCOLA, the parenthetical for APA and MLA), with the pinpoint;
``entry`` is the bibliography or reference-list entry. Plain text: italics do
not survive a paste into most course pages, so titles are left as written.
"""

from __future__ import annotations

from dataclasses import dataclass

from .dates import MLA_MONTHS, apa_date, day_month_year, month_day_year
from .reference import SITE_NAME, Name, Reference

# Short works, whose titles Chicago and OSCOLA put in quotation marks.
QUOTED_KINDS = {"paper", "article", "thesis"}


@dataclass(frozen=True)
class Citation:
    style: str
    note: str
    entry: str


def _end(text: str, stop: str = ".") -> str:
    return text if text.endswith((".", "?", "!", "”", "’")) and stop == "." else text + stop


def _and(names: list[str], conj: str, serial: bool) -> str:
    if len(names) <= 2:
        return f" {conj} ".join(names)
    return ", ".join(names[:-1]) + ("," if serial else "") + f" {conj} {names[-1]}"


def _quoted(title: str, close: str = "") -> str:
    """“Title,” with American punctuation inside the marks."""
    if close and not title.endswith(("?", "!")):
        return f"“{title}{close}”"
    return f"“{title}”"


# --- Chicago ---------------------------------------------------------------------------


def _chicago_names_note(names: tuple[Name, ...]) -> str:
    full = [n.full for n in names]
    return f"{full[0]} et al." if len(full) > 2 else " and ".join(full)


def _chicago_names_bib(names: tuple[Name, ...]) -> str:
    listed = [names[0].inverted] + [n.full for n in names[1:]]
    if len(listed) > 6:
        return ", ".join(listed[:3]) + ", et al."
    if len(listed) == 2:
        return f"{listed[0]}, and {listed[1]}"
    return _and(listed, "and", serial=True)


def _chicago_desc(ref: Reference) -> list[str]:
    desc = []
    if ref.kind == "thesis":
        desc.append(ref.genre[0].lower() + ref.genre[1:] if ref.genre else "thesis")
        desc += [ref.institution] if ref.institution else []
    elif ref.kind == "submission":
        desc.append(f"submission to {ref.recipient}" if ref.recipient else "submission")
    elif ref.kind == "memo":
        desc.append("legal memorandum")
    desc.append(month_day_year(ref.date) or "n.d.")
    return desc


def _chicago_pin(ref: Reference) -> str:
    parts = []
    if ref.section_number:
        heading = f" (“{ref.section_heading}”)" if ref.section_heading else ""
        parts.append(f"§ {ref.section_number}{heading}")
    if ref.paragraph:
        parts.append(f"¶ {ref.paragraph}")
    return ", ".join(parts)


def chicago(ref: Reference) -> Citation:
    accessed = f"accessed {month_day_year(ref.accessed.isoformat())}"
    pin = _chicago_pin(ref)
    who = _chicago_names_note(ref.names)
    if ref.kind == "letter" and ref.recipient:
        head = f"{who} to {ref.recipient}, {month_day_year(ref.date) or 'n.d.'}"
        bib_title = f"Letter to {ref.recipient}. {_end(month_day_year(ref.date) or 'N.d.')}"
    else:
        quoted = ref.kind in QUOTED_KINDS
        title = _quoted(ref.title) if quoted else ref.title
        head = ", ".join(p for p in [who, f"{title} ({', '.join(_chicago_desc(ref))})"] if p)
        desc = ", ".join(_chicago_desc(ref))
        bib_title = (_quoted(ref.title, ".") if quoted else _end(ref.title)) + " "
        bib_title += _end(desc[0].upper() + desc[1:])
    note = ", ".join(p for p in [head, pin, accessed, ref.url] if p) + "."
    lead = _end(_chicago_names_bib(ref.names)) + " " if ref.names else ""
    entry = f"{lead}{bib_title} A{accessed[1:]}. {ref.url}."
    return Citation("Chicago", note, entry)


# --- APA -------------------------------------------------------------------------------


def _apa_name(name: Name) -> str:
    return f"{name.family}, {name.initials}" if name.is_person and name.given else name.full


def _apa_names(names: tuple[Name, ...]) -> str:
    listed = [_apa_name(n) for n in names]
    if len(listed) == 1:
        return listed[0]
    comma = "," if len(listed) > 2 or any(n.is_person for n in names) else ""
    return ", ".join(listed[:-1]) + f"{comma} & {listed[-1]}"


def _apa_short(names: tuple[Name, ...], title: str) -> str:
    short = [n.family or n.literal for n in names]
    if not short:
        return title
    return f"{short[0]} et al." if len(short) > 2 else " & ".join(short)


def _apa_desc(ref: Reference) -> str:
    if ref.kind == "thesis":
        return f" [{', '.join(p for p in [ref.genre or 'Thesis', ref.institution] if p)}]"
    if ref.kind == "submission":
        return f" [Submission to {ref.recipient}]" if ref.recipient else " [Submission]"
    if ref.kind == "letter" and not ref.title.lower().startswith("letter"):
        return " [Letter]"
    return ""


def _apa_pin(ref: Reference) -> str:
    parts = []
    if ref.section_number:
        heading = ref.section_heading
        parts.append(f"{heading} section" if heading else f"Section {ref.section_number}")
    if ref.paragraph:
        parts.append(f"para. {ref.paragraph}")
    return ", ".join(parts)


def apa(ref: Reference) -> Citation:
    when = f"({apa_date(ref.date)})."
    work = _end(ref.title + _apa_desc(ref)) if _apa_desc(ref) else _end(ref.title)
    lead = f"{_end(_apa_names(ref.names))} {when} {work}" if ref.names else f"{work} {when}"
    retrieved = f"Retrieved {month_day_year(ref.accessed.isoformat())}, from {ref.url}"
    entry = f"{lead} {SITE_NAME}. {retrieved}"
    year = ref.year or "n.d."
    note = "(" + ", ".join(p for p in [_apa_short(ref.names, ref.title), year, _apa_pin(ref)] if p)
    return Citation("APA", note + ")", entry)


# --- MLA -------------------------------------------------------------------------------


def _mla_names(names: tuple[Name, ...]) -> str:
    if len(names) > 2:
        return f"{names[0].inverted}, et al."
    if len(names) == 2:
        return f"{names[0].inverted}, and {names[1].full}"
    return names[0].inverted


def _mla_short(names: tuple[Name, ...], title: str) -> str:
    short = [n.family or n.literal for n in names]
    if not short:
        return title
    return f"{short[0]} et al." if len(short) > 2 else " and ".join(short)


def _mla_pin(ref: Reference) -> str:
    parts = [f"sec. {ref.section_number}"] if ref.section_number else []
    return ", ".join(parts + ([f"par. {ref.paragraph}"] if ref.paragraph else []))


def mla(ref: Reference) -> Citation:
    title = _quoted(ref.title, ".") if ref.kind in {"paper", "article"} else _end(ref.title)
    parts = [_end(_mla_names(ref.names))] if ref.names else []
    parts.append(title)
    if ref.date:
        parts.append(_end(day_month_year(ref.date, MLA_MONTHS)))
    if ref.kind == "thesis":
        school = ref.institution.replace("University", "U")
        genre = ref.genre[0].lower() + ref.genre[1:] if ref.genre else "thesis"
        element = ", ".join(p for p in [school, genre] if p)
        parts.append(_end(element[:1].upper() + element[1:]))
    if ref.kind == "submission" and ref.recipient:
        parts.append(f"Submitted to {ref.recipient}.")
    accessed = day_month_year(ref.accessed.isoformat(), MLA_MONTHS)
    parts.append(f"{SITE_NAME}, {ref.url}. Accessed {accessed}.")
    pin = _mla_pin(ref)
    note = f"({_mla_short(ref.names, ref.title)}{', ' + pin if pin else ''})"
    return Citation("MLA", note, " ".join(parts))


# --- OSCOLA ----------------------------------------------------------------------------


def _oscola_names(names: tuple[Name, ...], bibliography: bool = False) -> str:
    listed = [
        (f"{n.family} {n.initials.replace('.', '').replace(' ', '')}" if n.is_person else n.full)
        if bibliography
        else n.full
        for n in names
    ]
    if len(listed) > 3:
        return f"{listed[0]} and others"
    return _and(listed, "and", serial=False)


def _oscola_pin(ref: Reference) -> str:
    parts = [f"s {ref.section_number}"] if ref.section_number else []
    return ", ".join(parts + ([f"para {ref.paragraph}"] if ref.paragraph else []))


def _oscola_work(ref: Reference, names: str) -> str:
    if ref.kind == "letter" and ref.recipient:
        return f"Letter from {names} to {ref.recipient} ({day_month_year(ref.date) or 'nd'})"
    title = f"‘{ref.title}’" if ref.kind in QUOTED_KINDS else ref.title
    if ref.kind == "thesis":
        desc = ", ".join(p for p in [ref.genre or "thesis", ref.institution] if p)
        desc += f" {ref.year}" if ref.year else ""
    elif ref.kind == "submission":
        to = f"Submission to {ref.recipient}, " if ref.recipient else ""
        desc = to + (day_month_year(ref.date) or "nd")
    else:
        desc = ref.year or "nd"
    return ", ".join(p for p in [names, f"{title} ({desc})"] if p)


def oscola(ref: Reference) -> Citation:
    accessed = f"<{ref.url}> accessed {day_month_year(ref.accessed.isoformat())}"
    pin = _oscola_pin(ref)
    work = _oscola_work(ref, _oscola_names(ref.names))
    note = f"{work}{' ' + pin if pin else ''} {accessed}."
    entry = f"{_oscola_work(ref, _oscola_names(ref.names, bibliography=True))} {accessed}"
    return Citation("OSCOLA", note, entry)


STYLES = [chicago, apa, mla, oscola]


def cite(ref: Reference) -> list[Citation]:
    """Every style we offer, Chicago first."""
    return [style(ref) for style in STYLES]
