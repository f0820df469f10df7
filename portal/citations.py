"""Citations of a section in common styles, for "cite this section".

Plain text only (italics are lost when pasted into most LMS fields anyway), so
templates show and copy them as they are, escaped.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

MONTHS = [datetime.date(2000, m, 1).strftime("%B") for m in range(1, 13)]


@dataclass(frozen=True)
class Citation:
    style: str
    text: str


def display_date(date: str) -> str:
    """ "2020-10-27" -> "27 October 2020", "2022-11" -> "November 2022", "2021" -> "2021"."""
    parts = date.split("-")
    try:
        if len(parts) == 3:
            return f"{int(parts[2])} {MONTHS[int(parts[1]) - 1]} {parts[0]}"
        if len(parts) == 2:
            return f"{MONTHS[int(parts[1]) - 1]} {parts[0]}"
    except (ValueError, IndexError):
        pass
    return date


def _join(names: list[str], last_sep: str) -> str:
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + f"{last_sep}{names[-1]}"


def _end(text: str) -> str:
    return text if text.endswith((".", "?", "!")) else text + "."


def chicago(authors, title, heading, date, url) -> str:
    """Chicago notes-bibliography, bibliography entry for a part of a larger work."""
    who = _join(authors, ", and ") if len(authors) > 2 else _join(authors, " and ")
    parts = [_end(who)] if who else []
    if heading:
        parts.append(f"“{_end(heading)}” In {_end(title)}")
    else:
        parts.append(_end(title))
    if date:
        parts.append(_end(display_date(date)))
    parts.append(_end(url))
    return " ".join(parts)


def apa(authors, title, heading, date, url) -> str:
    """APA 7th: organisation or person as author, date in parentheses, work in sentence form."""
    who = _join(authors, ", & " if len(authors) > 2 else " & ")
    when = _apa_date(date)
    lead = f"{_end(who)} ({when})." if who else f"{_end(title)} ({when})."
    parts = [lead]
    if who:
        parts.append(_end(title))
    if heading:
        parts.append(f"Section: {_end(heading)}")
    parts.append(url)
    return " ".join(parts)


def _apa_date(date: str) -> str:
    """ "2020-10-27" -> "2020, October 27"; "2022-11" -> "2022, November"; "" -> "n.d."."""
    shown = display_date(date).split(" ") if date else []
    if len(shown) == 3:
        return f"{shown[2]}, {shown[1]} {shown[0]}"
    if len(shown) == 2:
        return f"{shown[1]}, {shown[0]}"
    return date[:4] or "n.d."


def oscola(authors, title, heading, date, url) -> str:
    """OSCOLA, used by UK law schools: no full stops, date in brackets, URL in angle brackets."""
    who = _join(authors, " and ")
    lead = f"{who}, " if who else ""
    section = f", section ‘{heading}’" if heading else ""
    when = f" ({display_date(date)})" if date else ""
    return f"{lead}‘{title}’{when}{section} <{url}>"


def cite(authors: list[str], title: str, heading: str, date: str, url: str) -> list[Citation]:
    """Every style we offer, Chicago first."""
    args = (list(authors), title.strip(), heading.strip(), date, url)
    return [
        Citation("Chicago", chicago(*args)),
        Citation("APA", apa(*args)),
        Citation("OSCOLA", oscola(*args)),
    ]
