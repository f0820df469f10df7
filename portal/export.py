"""Export a document as Markdown with ``[^n]`` footnotes, or as JSON (sections, notes, refs).

    text = document_markdown(document)     # re-imports through portal.ingest.markdown
    data = document_json(document)         # the shape of ``ingest --dry-run --json``

The Markdown escapes every character that CommonMark or Pandoc's Markdown would
read as markup, so that a re-import (or ``pandoc -f markdown-smart``) gives back
the same text, headings, notes and marker positions.
"""

from __future__ import annotations

import json
import re

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.views.decorators.http import require_GET

from portal.ingest.base import ParsedDocument
from portal.ingest.load import stored_parse
from portal.ingest.serialize import to_json
from portal.models import Document

# Characters Pandoc or CommonMark treat as markup anywhere in a line.
_INLINE = re.compile(r"([\\`*_\[\]{}<>#~^$@|])")
_ENTITY = re.compile(r"&(?=#?\w+;)")
# Line starts that open a list, quote, rule, table, div or definition.
_LINE_START = re.compile(
    r"^(?:([-+=:>%])|(\(?)(\d{1,9}|[A-Za-z]|[ivxlcdmIVXLCDM]{1,6})([.)]))(?=\s|$)"
)
_LABEL = re.compile(r"[^\w.-]")


def escape_markdown(text: str) -> str:
    """Escape a run of plain text so that Markdown shows it as it is."""
    text = _INLINE.sub(r"\\\1", text)
    return _ENTITY.sub(r"\\&", text)


def _escape_line_start(line: str) -> str:
    m = _LINE_START.match(line)
    if not m:
        return line
    if m.group(1):
        return "\\" + line
    paren, body, delim = m.group(2), m.group(3), m.group(4)
    rest = line[m.end() :]
    return ("\\(" if paren else "") + body + "\\" + delim + rest


def note_label(label: str) -> str:
    """A footnote label Markdown accepts (no spaces or brackets)."""
    return _LABEL.sub("-", label) or "note"


def _paragraph(text: str, markers: list[tuple[int, str]]) -> str:
    """One paragraph with ``[^n]`` inserted at the marker offsets; line breaks stay breaks."""
    out: list[str] = []
    pos = 0
    for offset, label in sorted(markers, key=lambda m: m[0]):
        out.append(escape_markdown(text[pos:offset]))
        out.append(f"[^{note_label(label)}]")
        pos = offset
    out.append(escape_markdown(text[pos:]))
    lines = [line.strip() for line in "".join(out).split("\n")]
    lines = [_escape_line_start(line) for line in lines if line]
    return "\\\n".join(lines)


def _section_body(text: str, refs: list[tuple[int, str]]) -> list[str]:
    paragraphs: list[str] = []
    start = 0
    pending = sorted(refs)
    for para in text.split("\n\n"):
        end = start + len(para)
        mine = [(off - start, lb) for off, lb in pending if start <= off <= end]
        pending = [(off, lb) for off, lb in pending if not start <= off <= end]
        if para.strip() or mine:
            paragraphs.append(_paragraph(para, mine))
        start = end + 2
    return [p for p in paragraphs if p]


def _yaml(value: str) -> str:
    return "'" + escape_markdown(value).replace("'", "''") + "'"


def document_markdown(document: Document) -> str:
    """The whole document as Markdown: front matter, headings, text, then the notes."""
    return parsed_markdown(stored_parse(document))


def parsed_markdown(parsed: ParsedDocument) -> str:
    """Markdown from a parse: front matter, headings, text, then the notes."""
    head = ["---", f"title: {_yaml(parsed.title)}"]
    if parsed.subtitle:
        head.append(f"subtitle: {_yaml(parsed.subtitle)}")
    if parsed.authors:
        head.append("author:")
        head += [f"  - {_yaml(a)}" for a in parsed.authors]
    if parsed.date:
        head.append(f"date: {_yaml(parsed.date)}")
    head += [f"type: {parsed.doc_type}", f"lang: {parsed.language}", "---", ""]
    body: list[str] = []
    for section in parsed.sections:
        if section.heading:
            level = min(max(section.level, 1), 6)
            body += ["#" * level + " " + escape_markdown(" ".join(section.heading.split())), ""]
        refs = [(r.offset, r.footnote) for r in section.refs]
        for para in _section_body(section.text, refs):
            body += [para, ""]
    tail = [_note(n.label, n.text) for n in parsed.footnotes]
    return "\n".join(head + body + tail).rstrip() + "\n"


def _note(label: str, text: str) -> str:
    paras = _section_body(text, []) or [""]
    first = f"[^{note_label(label)}]: {paras[0]}"
    rest = ["    " + p.replace("\n", "\n    ") for p in paras[1:]]
    return "\n\n".join([first, *rest]) + "\n"


def document_json(document: Document) -> dict:
    """The shape of ``ingest --dry-run --json``, plus the slug and where each note is cited."""
    data = {"slug": document.slug, **to_json(stored_parse(document))}
    cited_in = dict(document.footnotes.values_list("label", "section__anchor"))
    for note in data["footnotes"]:
        note["section"] = cited_in.get(note["label"])
    return data


@require_GET
def document_export(request: HttpRequest, slug: str, fmt: str) -> HttpResponse:
    """``/d/<slug>/export.md`` or ``.json``; drafts only for staff who may view documents."""
    document = get_object_or_404(Document.objects.readable_by(request.user), slug=slug)
    if fmt == "md":
        response = HttpResponse(
            document_markdown(document), content_type="text/markdown; charset=utf-8"
        )
    elif fmt == "json":
        payload = json.dumps(document_json(document), ensure_ascii=False, indent=2)
        response = HttpResponse(payload, content_type="application/json")
    else:
        raise Http404("No such export format.")
    response["Content-Disposition"] = f'inline; filename="{document.slug}.{fmt}"'
    return response
