"""Template tags the reading pages load: metadata, citations, paragraph links and notices.

Pages in ``templates/portal/`` include these, so the reading views need no
knowledge of citations, versions or reading lists.
"""

from __future__ import annotations

from django import template
from django.urls import reverse
from django.utils.html import json_script

from lists import metadata
from lists.notices import notice_for
from lists.passages import link, paragraph_hash, paragraphs, text_hash
from lists.services import current_list
from portal.citing import EXPORTS, cite, reference_for

register = template.Library()


def _paragraph(request, section) -> int | None:
    value = request.GET.get("p", "")
    if section is None or not value.isdigit():
        return None
    number = int(value)
    return number if 0 < number <= len(paragraphs(section.text)) else None


@register.inclusion_tag("includes/_meta.html", takes_context=True)
def page_meta(context, document, section=None, note=None):
    """Description, canonical link, Highwire, OpenGraph and Twitter tags for a page."""
    request = context["request"]
    url = request.build_absolute_uri((note or section or document).get_absolute_url())
    ref = reference_for(document, url, section=section)
    if note is not None:
        description = metadata.plain_description(note.text)
    elif section is not None:
        description = metadata.plain_description(section.text)
    else:
        description = metadata.document_description(document)
    return {
        "url": url,
        "description": description or metadata.plain_description(document.title),
        "title": metadata.page_title(document, section, note),
        "document": document,
        "highwire": metadata.highwire(ref, document, request, section),
        "markdown_url": request.build_absolute_uri(metadata.markdown_url(document)),
    }


@register.inclusion_tag("includes/_cite.html", takes_context=True)
def cite_block(context, document, section=None):
    """The citation block: every style, with the paragraph pinpoint when ``?p=`` names one."""
    request = context["request"]
    paragraph = _paragraph(request, section)
    if section is not None:
        path = link(document.slug, section.anchor, paragraph=paragraph, text=section.text)
        path = path if paragraph else section.get_absolute_url()
    else:
        path = document.get_absolute_url()
    ref = reference_for(
        document, request.build_absolute_uri(path), section=section, paragraph=paragraph
    )
    downloads = [(fmt, reverse("citing:download", args=[document.slug, fmt])) for fmt in EXPORTS]
    what = "paragraph" if paragraph else ("section" if section is not None else "document")
    return {"citations": cite(ref), "downloads": downloads, "what": what, "paragraph": paragraph}


def _hashes(section) -> dict:
    """What the "¶ n" links of a section carry: its URL, text version and paragraph hashes."""
    texts = paragraphs(section.text)
    return {
        "anchor": section.anchor,
        "url": section.get_absolute_url(),
        "v": text_hash(section.text)[:8],
        "p": {str(i): paragraph_hash(t) for i, t in enumerate(texts, start=1)},
    }


@register.inclusion_tag("includes/_cite_passage.html", takes_context=True)
def passage_tools(context, document, section):
    """The changed-passage notice, and the hashes for the section's "¶ n" links."""
    return {
        "section": section,
        "notice": notice_for(document, section, context["request"].GET),
        "hashes": {"sections": [_hashes(section)]},
    }


@register.simple_tag
def paragraph_links(sections):
    """The hashes for the "¶ n" links of every section on a whole-document page."""
    return json_script({"sections": [_hashes(s) for s in sections]}, "passage-hashes")


@register.inclusion_tag("includes/_cite_add.html", takes_context=True)
def add_to_list(context, document, section):
    """The form that adds the section, a paragraph or selected words to this browser's list."""
    request = context["request"]
    choices = []
    for number, text in enumerate(paragraphs(section.text), start=1):
        words = text.split()
        choices.append((number, " ".join(words[:8]) + ("…" if len(words) > 8 else "")))
    return {
        "document": document,
        "section": section,
        "choices": choices,
        "chosen": _paragraph(request, section),
        "current": current_list(request),
        "next": request.get_full_path(),
        "csrf_token": context.get("csrf_token"),
    }
