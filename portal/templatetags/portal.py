"""Template filters for reading pages: partial dates, sizes, reading time."""

from django import template

from portal.citing.dates import display_date

register = template.Library()


@register.filter
def partial_date(value: str) -> str:
    """ "2020-10-27" -> "27 October 2020"; a year or year-month stays as precise as given."""
    return display_date(value or "")


@register.filter
def thousands(value: int | None) -> str:
    return f"{value or 0:,}"


@register.filter
def reading_minutes(words: int | None) -> int:
    """Minutes at about 230 words a minute, at least one."""
    return max(1, round((words or 0) / 230))
