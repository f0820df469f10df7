"""``ParsedDocument`` to and from JSON: the one serializer.

``ingest --dry-run --json`` prints it (the DESIGN.md contract: title, authors,
date, type, sections, footnotes, refs, warnings; the other keys are additions),
an upload keeps its parse in it until publishing, and the JSON export writes it.

    data = to_json(parsed)          # a dict ready for json.dumps
    assert from_json(data) == parsed
"""

from __future__ import annotations

from .base import ParsedDocument, ParsedFootnote, ParsedRef, ParsedSection


def to_json(parsed: ParsedDocument) -> dict:
    """The parse as plain data; ``from_json`` gives the same ``ParsedDocument`` back."""
    return {
        "title": parsed.title,
        "subtitle": parsed.subtitle,
        "authors": list(parsed.authors),
        "date": parsed.date,
        "type": parsed.doc_type,
        "language": parsed.language,
        "summary": parsed.summary,
        "format": parsed.source_format,
        "sections": [
            {
                "anchor": s.anchor,
                "heading": s.heading,
                "level": s.level,
                "text": s.text,
                "start_page": s.start_page,
            }
            for s in parsed.sections
        ],
        "footnotes": [{"label": n.label, "text": n.text} for n in parsed.footnotes],
        "refs": [
            {"footnote": r.footnote, "section": s.anchor, "offset": r.offset}
            for s in parsed.sections
            for r in s.refs
        ],
        "warnings": list(parsed.warnings),
    }


def from_json(data: dict) -> ParsedDocument:
    """Rebuild a ``ParsedDocument`` from ``to_json`` output (extra keys are ignored)."""
    refs: dict[str, list[ParsedRef]] = {}
    for r in data.get("refs", []):
        refs.setdefault(r["section"], []).append(ParsedRef(r["footnote"], r["offset"]))
    sections = tuple(
        ParsedSection(
            anchor=s["anchor"],
            heading=s.get("heading", ""),
            level=s.get("level", 1),
            text=s.get("text", ""),
            refs=tuple(refs.get(s["anchor"], ())),
            start_page=s.get("start_page"),
        )
        for s in data.get("sections", [])
    )
    return ParsedDocument(
        title=data.get("title", ""),
        sections=sections,
        footnotes=tuple(ParsedFootnote(n["label"], n["text"]) for n in data.get("footnotes", [])),
        subtitle=data.get("subtitle", ""),
        authors=tuple(data.get("authors", [])),
        date=data.get("date", ""),
        doc_type=data.get("type", "other"),
        language=data.get("language", "en"),
        summary=data.get("summary", ""),
        warnings=tuple(data.get("warnings", [])),
        source_format=data.get("format", ""),
    )
