"""What publishing an upload over an existing document would change, for the preview.

Sections are matched the way the loader keeps anchors (``plan_anchors``): by
heading. A section matched by heading whose text is the same is unchanged, or
moved when its order among the matched sections changed; one whose text changed
is changed. An unmatched new section whose text is an old unmatched section's
text is that section renamed; the other new ones are new, the other old ones gone.
Metadata staff edited since the last import are listed beside the file's values.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from portal.ingest.base import ParsedDocument
from portal.ingest.load import plan_anchors
from portal.models import METADATA_FIELDS, Document

FIELD_LABELS = {
    "title": "Title",
    "subtitle": "Subtitle",
    "authors": "Authors",
    "date": "Date",
    "doc_type": "Type",
    "language": "Language",
    "summary": "Summary",
}


@dataclass(frozen=True)
class KeptField:
    """A metadata field staff edited: the value kept, and what the new file says."""

    name: str
    label: str
    kept: str
    from_file: str


@dataclass
class ChangeSummary:
    """What publishing over an existing document would do to it."""

    document: Document
    identical_file: bool
    new: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    moved: list[str] = field(default_factory=list)
    renamed: list[tuple[str, str]] = field(default_factory=list)  # (old heading, new heading)
    gone: list[str] = field(default_factory=list)
    redirects: dict[str, str] = field(default_factory=dict)  # old anchor -> new anchor
    kept: list[KeptField] = field(default_factory=list)


def summarize(document: Document, parsed: ParsedDocument, identical_file: bool) -> ChangeSummary:
    old = list(document.sections.order_by("position"))
    anchors, moved_to = plan_anchors(
        [(s.anchor, s.heading, s.text) for s in old], list(parsed.sections)
    )
    summary = ChangeSummary(document, identical_file, kept=kept_fields(document, parsed))
    by_anchor = {s.anchor: s for s in old}
    in_order = _in_order([by_anchor[a].position for a in anchors if a in by_anchor])
    vanished = [by_anchor[a] for a in moved_to]
    for anchor, new in zip(anchors, parsed.sections, strict=True):
        label = new.heading or anchor
        before = by_anchor.get(anchor)
        if before is None:
            renamed = next((s for s in vanished if _same_text(s.text, new.text)), None)
            if renamed is not None:
                vanished.remove(renamed)
                summary.renamed.append((renamed.heading or renamed.anchor, label))
            else:
                summary.new.append(label)
        elif (before.text, before.level) != (new.text, new.level):
            summary.changed.append(label)
        elif before.position not in in_order:
            summary.moved.append(label)
        else:
            summary.unchanged.append(label)
    summary.gone = [s.heading or s.anchor for s in vanished]
    summary.redirects = {anchor: anchors[index] for anchor, index in moved_to.items()}
    return summary


def kept_fields(document: Document, parsed: ParsedDocument) -> list[KeptField]:
    """The edited fields of ``document`` whose value differs from the file's."""
    out = []
    for name in METADATA_FIELDS:
        if name not in document.edited_fields:
            continue
        kept, from_file = getattr(document, name), getattr(parsed, name)
        if _display(kept) != _display(from_file):
            out.append(KeptField(name, FIELD_LABELS[name], _display(kept), _display(from_file)))
    return out


def _display(value) -> str:
    return "; ".join(value) if isinstance(value, list | tuple) else str(value)


def _same_text(a: str, b: str) -> bool:
    return bool(a.strip()) and a.split() == b.split()


def _in_order(positions: list[int]) -> set[int]:
    """The old positions that keep their order: a longest increasing subsequence."""
    tails: list[int] = []  # tails[k]: index in ``positions`` ending the best run of k + 1
    back: list[int | None] = []
    for i, pos in enumerate(positions):
        lo, hi = 0, len(tails)
        while lo < hi:
            mid = (lo + hi) // 2
            if positions[tails[mid]] < pos:
                lo = mid + 1
            else:
                hi = mid
        back.append(tails[lo - 1] if lo else None)
        if lo == len(tails):
            tails.append(i)
        else:
            tails[lo] = i
    keep: set[int] = set()
    i = tails[-1] if tails else None
    while i is not None:
        keep.add(positions[i])
        i = back[i]
    return keep
