"""Reading lists: start one, add passages, reorder, export; and the limits that keep them small.

Nobody logs in. Whoever holds a list's edit token can change it (the session
remembers the last list a browser made, so "add to my list" works from any
page); the share token only reads. Creation is rate-limited per IP address.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.core.cache import cache
from django.db import transaction
from django.db.models import Max

from portal.models import Document

from .models import ITEMS_MAX, NOTE_MAX, QUOTE_MAX, TITLE_MAX, ListItem, ReadingList
from .passages import (
    find_paragraph,
    matching_span,
    nearest_section,
    old_version,
    paragraph_hash,
    paragraphs,
    text_hash,
    word_diff,
)

SESSION_KEY = "reading_list"
CREATE_LIMIT = (10, 60 * 60)  # lists per IP address per hour
ADD_LIMIT = (300, 60 * 60)  # items per IP address per hour


class ListError(Exception):
    """A request we refuse, with a sentence for the person who made it."""


def rate_limited(request, action: str, limit: tuple[int, int]) -> bool:
    """Count one ``action`` for this client; True once it went over ``limit`` (count, seconds)."""
    count, seconds = limit
    key = f"lists:{action}:{request.META.get('REMOTE_ADDR', '')}"
    cache.add(key, 0, seconds)
    try:
        return cache.incr(key) > count
    except ValueError:  # expired between add and incr
        cache.set(key, 1, seconds)
        return False


def current_list_token(request) -> str:
    return request.session.get(SESSION_KEY, "") if hasattr(request, "session") else ""


def current_list(request) -> ReadingList | None:
    token = current_list_token(request)
    return ReadingList.objects.filter(edit_token=token).first() if token else None


def create_list(request, title: str = "") -> ReadingList:
    if rate_limited(request, "create", CREATE_LIMIT):
        raise ListError("Too many new reading lists from your address: try again in an hour.")
    reading_list = ReadingList.objects.create(title=_clean(title, TITLE_MAX) or "Reading list")
    request.session[SESSION_KEY] = reading_list.edit_token
    return reading_list


def _clean(text: str, limit: int, what: str = "") -> str:
    text = (text or "").strip()
    if what and len(text) > limit:
        raise ListError(f"The {what} is {len(text):,} characters long; the limit is {limit:,}.")
    return text[:limit]


@transaction.atomic
def add_item(reading_list: ReadingList, request, data) -> ListItem:
    """Add the section ``anchor`` of ``doc`` (its paragraph ``p``, or a ``quote`` from it)."""
    if rate_limited(request, "add", ADD_LIMIT):
        raise ListError("Too many additions from your address: try again in an hour.")
    if reading_list.items.count() >= ITEMS_MAX:
        raise ListError(f"A reading list holds at most {ITEMS_MAX} passages.")
    document = Document.objects.published().filter(slug=data.get("doc", "")).first()
    section = document.sections.filter(anchor=data.get("anchor", "")).first() if document else None
    if section is None:
        raise ListError("That passage is not in the library.")
    texts = paragraphs(section.text)
    number = int(data["p"]) if str(data.get("p", "")).isdigit() else None
    quote = " ".join(_clean(data.get("quote", ""), QUOTE_MAX, "selected passage").split())
    if quote and not number:
        number = next((i for i, t in enumerate(texts, 1) if quote in " ".join(t.split())), None)
    if number is not None and not 0 < number <= len(texts):
        raise ListError(f"That section has {len(texts)} paragraphs, not {number}.")
    if quote and quote not in " ".join(section.text.split()):
        raise ListError("The selected words are not in that section.")
    words = quote or (" ".join(texts[number - 1].split()) if number else "")
    last = reading_list.items.aggregate(n=Max("position"))["n"]
    item = reading_list.items.create(
        position=0 if last is None else last + 1,
        document=document,
        anchor=section.anchor,
        paragraph=number,
        paragraph_hash=paragraph_hash(texts[number - 1]) if number else "",
        version=text_hash(section.text)[:8],
        quote=words,
        note=_clean(data.get("note", ""), NOTE_MAX, "note"),
    )
    reading_list.save(update_fields=["updated"])
    return item


def update_list(reading_list: ReadingList, data) -> None:
    reading_list.title = _clean(data.get("title", ""), TITLE_MAX, "title") or reading_list.title
    reading_list.intro = _clean(data.get("intro", ""), NOTE_MAX, "introduction")
    reading_list.save(update_fields=["title", "intro", "updated"])


def update_note(item: ListItem, note: str) -> None:
    item.note = _clean(note, NOTE_MAX, "note")
    item.save(update_fields=["note"])


@transaction.atomic
def move_item(item: ListItem, step: int) -> None:
    """Swap ``item`` with its neighbour above (step -1) or below (step 1)."""
    items = list(item.reading_list.items.order_by("position", "pk"))
    i = next(n for n, it in enumerate(items) if it.pk == item.pk)
    j = i + step
    if 0 <= j < len(items):
        items[i], items[j] = items[j], items[i]
    for position, it in enumerate(items):
        if it.position != position:
            it.position = position
            it.save(update_fields=["position"])


@dataclass
class Passage:
    """A list item as a reader sees it now."""

    item: ListItem
    status: str  # same, moved, changed, gone, removed (the document left the library)
    title: str = ""
    where: str = ""
    url: str = ""
    text: list[str] = field(default_factory=list)  # current paragraphs
    was: str = ""
    diff: list[tuple[str, str]] = field(default_factory=list)
    nearest: object = None


def resolve(item: ListItem) -> Passage:
    """Where the item's passage is now, its current words, and what changed since it was added."""
    document = item.document
    if document is None or not document.is_published:
        return Passage(item, "removed", text=[item.quote] if item.quote else [])
    if item.paragraph:
        return _resolve_paragraph(item, document)
    section = document.sections.filter(anchor=item.anchor).first()
    old = old_version(document, item.anchor, item.version)
    if section is None:
        alias = document.aliases.select_related("section").filter(anchor=item.anchor).first()
        section = alias.section if alias else None
    if section is None:
        near = nearest_section(document, old.text if old else "")
        return Passage(item, "gone", document.title, was=old.text if old else "", nearest=near)
    changed = old is not None and not text_hash(section.text).startswith(item.version)
    return Passage(
        item,
        "changed" if changed else "same",
        document.title,
        f"§ {section.position + 1} {section.display_heading}",
        section.get_absolute_url(),
        paragraphs(section.text),
        old.text if changed else "",
        word_diff(old.text, section.text) if changed else [],
    )


def _resolve_paragraph(item: ListItem, document: Document) -> Passage:
    found = find_paragraph(document, item.anchor, item.paragraph, item.paragraph_hash, item.quote)
    if found.status == "gone":
        near = nearest_section(document, item.quote)
        return Passage(item, "gone", document.title, was=item.quote, nearest=near)
    where = f"§ {found.section.position + 1} {found.section.display_heading}, ¶ {found.paragraph}"
    passage = Passage(item, found.status, document.title, where, found.url, [found.text])
    words = " ".join(found.text.split())
    # A selection shows, and is compared as, only the words it covers now.
    selection = item.quote and paragraph_hash(item.quote) != item.paragraph_hash
    now = matching_span(item.quote, words) if selection else words
    if found.status == "changed" or (item.quote and item.quote not in words):
        passage.status, passage.was = "changed", item.quote
        passage.diff = word_diff(item.quote, now)
    passage.text = [now]
    return passage


def _quote(text: str) -> str:
    return "\n".join(f"> {line}" if line.strip() else ">" for line in text.splitlines())


def as_markdown(reading_list: ReadingList, base_url: str) -> str:
    """The list as Markdown: each passage quoted as it reads now, with its link and note."""
    lines = [f"# {reading_list.title}", ""]
    if reading_list.intro:
        lines += [reading_list.intro, ""]
    for n, passage in enumerate(map(resolve, reading_list.items.select_related("document")), 1):
        heading = f"{passage.title} — {passage.where}".strip(" —") or "A passage now gone"
        lines += [f"## {n}. {heading}", ""]
        if passage.url:
            lines += [f"<{base_url}{passage.url}>", ""]
        for para in passage.text:
            lines += [_quote(para), ""]
        if passage.status == "changed":
            lines += ["*This passage has changed since it was added. It read:*", ""]
            lines += [_quote(passage.was), ""]
        if passage.status in {"gone", "removed"}:
            lines += ["*This passage is no longer in the document.*", ""]
        if passage.item.note:
            lines += [passage.item.note, ""]
    return "\n".join(lines).rstrip() + "\n"
