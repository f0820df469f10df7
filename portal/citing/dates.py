"""Partial dates ("2021", "2022-11", "2020-10-27") in the form each style writes them."""

from __future__ import annotations

import datetime

MONTHS = [datetime.date(2000, m, 1).strftime("%B") for m in range(1, 13)]
# MLA abbreviates months longer than four letters (MLA Handbook 9th ed., appendix 1).
MLA_MONTHS = [m if len(m) <= 4 else m[: 4 if m == "September" else 3] + "." for m in MONTHS]


def _parts(date: str) -> list[int]:
    try:
        parts = [int(p) for p in date.split("-")] if date else []
    except ValueError:
        return []
    if len(parts) > 1 and not 1 <= parts[1] <= 12:
        return parts[:1]
    return parts[:3]


def display_date(date: str) -> str:
    """ "2020-10-27" -> "27 October 2020", "2022-11" -> "November 2022", "2021" -> "2021"."""
    return day_month_year(date, MONTHS) or date


def day_month_year(date: str, months: list[str] = MONTHS) -> str:
    """British order, as OSCOLA and MLA write dates."""
    parts = _parts(date)
    names = [str(parts[0])] if parts else []
    if len(parts) > 1:
        names.insert(0, months[parts[1] - 1])
    if len(parts) > 2:
        names.insert(0, str(parts[2]))
    return " ".join(names)


def month_day_year(date: str) -> str:
    """American order, as Chicago writes dates: "October 27, 2020", "November 2022"."""
    parts = _parts(date)
    if len(parts) == 3:
        return f"{MONTHS[parts[1] - 1]} {parts[2]}, {parts[0]}"
    if len(parts) == 2:
        return f"{MONTHS[parts[1] - 1]} {parts[0]}"
    return str(parts[0]) if parts else ""


def apa_date(date: str) -> str:
    """ "2020, October 27"; "2022, November"; "2021"; "n.d." when the document gives none."""
    parts = _parts(date)
    if not parts:
        return "n.d."
    text = str(parts[0])
    if len(parts) > 1:
        text += f", {MONTHS[parts[1] - 1]}"
    if len(parts) > 2:
        text += f" {parts[2]}"
    return text


def iso_parts(date: str) -> list[int]:
    return _parts(date)
