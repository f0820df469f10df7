"""The checks every parse goes through, whatever its format.

Each returns sentences for the administrator (shown in the preview and stored
with the document); none drops or changes what the parser found.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import replace

from .base import Draft, ParsedDocument

# Letters may go missing by design (a running head, a page number's words) up to this share.
LOST_TOLERANCE = 0.002


def check_draft(draft: Draft) -> None:
    """Add the warnings that can be told from the blocks and notes alone."""
    if not any(b.text.strip() for b in draft.blocks):
        draft.warnings.append("No body text was found in this file.")
    outside = [
        label for b in draft.blocks for label, off in b.markers if not 0 <= off <= len(b.text)
    ]
    if outside:
        draft.warnings.append(
            f"{_plural(outside, 'Marker')} {_ranges(outside)} pointed outside the text of "
            "its paragraph; check where it belongs."
        )


def check_document(draft: Draft, doc: ParsedDocument) -> ParsedDocument:
    """The document formed from ``draft`` keeps every letter of its blocks and notes."""
    before = [draft.meta.title, draft.meta.subtitle, *draft.meta.authors]
    before += [b.text for b in draft.blocks] + list(draft.notes.values())
    after = [doc.title, doc.subtitle, *doc.authors]
    after += [s.heading + " " + s.text for s in doc.sections] + [n.text for n in doc.footnotes]
    warning = lost_text_warning(before, after)
    return replace(doc, warnings=(*doc.warnings, warning)) if warning else doc


def lost_text_warning(source: Iterable[str], kept: Iterable[str]) -> str:
    """A sentence when letters of ``source`` are missing from ``kept`` (order aside), else ""."""
    want, have = _letters(source), _letters(kept)
    lost = sum((want - have).values())
    total = sum(want.values())
    if not lost or lost <= LOST_TOLERANCE * total:
        return ""
    return (
        f"About {lost:,} of the file's {total:,} letters are missing from the parsed "
        "document: compare it with the original before publishing."
    )


def _letters(texts: Iterable[str]) -> Counter:
    """How often each letter occurs: characters counted in C, then the letters kept."""
    counts = Counter("".join(texts).casefold())
    return Counter({c: n for c, n in counts.items() if c.isalpha()})


def reference_warnings(notes: dict[str, str], cited: list[str]) -> list[str]:
    """Markers without a note, notes without a marker, repeats and numbers out of order."""
    warnings: list[str] = []
    missing = [label for label in dict.fromkeys(cited) if not notes.get(label, "").strip()]
    if missing:
        warnings.append(
            f"{_plural(missing, 'Note')} {_ranges(missing)} "
            f"{'is' if len(missing) == 1 else 'are'} cited in the text "
            "but no note text was found for "
            f"{'it' if len(missing) == 1 else 'them'}."
        )
    cited_set = set(cited)  # once: building it per note was quadratic
    uncited = [label for label in notes if label not in cited_set]
    if uncited:
        warnings.append(
            f"{_plural(uncited, 'Note')} {_ranges(uncited)} "
            f"{'has' if len(uncited) == 1 else 'have'} no marker in the text."
        )
    counts = Counter(cited)
    repeated = sorted((lb for lb, n in counts.items() if n > 1), key=_label_key)
    if repeated:
        warnings.append(
            f"{_plural(repeated, 'Marker')} {_ranges(repeated)} "
            f"{'appears' if len(repeated) == 1 else 'appear'} more than once in the text."
        )
    numbers = [int(label) for label in cited if label.isdigit()]
    warnings += _sequence_warnings(numbers, {int(lb) for lb in notes if lb.isdigit()})
    return warnings


def _sequence_warnings(numbers: list[int], known: set[int]) -> list[str]:
    """Numbered markers should run 1, 2, 3...: say where they go back or skip numbers."""
    warnings = []
    seen = 0
    for before, after in zip(numbers, numbers[1:], strict=False):
        if after < before and after <= seen:
            continue  # a note cited again
        if after < before:
            warnings.append(f"Marker {after} comes after marker {before}: out of sequence.")
        seen = max(seen, before)
    if numbers:
        skipped = sorted(set(range(1, max(numbers) + 1)) - set(numbers) - known)
        if skipped and len(skipped) <= max(numbers) // 2:
            warnings.append(
                f"Note {_ranges([str(n) for n in skipped])} "
                f"{'is' if len(skipped) == 1 else 'are'} never cited: the numbering skips "
                f"{'it' if len(skipped) == 1 else 'them'}."
            )
    return warnings


def _label_key(label: str) -> tuple[int, int, str]:
    return (0, int(label), "") if label.isdigit() else (1, 0, label)


def _plural(items: list[str], word: str) -> str:
    return word if len(items) == 1 else word + "s"


def _ranges(labels: list[str]) -> str:
    """'3–8, 15, 17' from a list of labels; non-numeric labels are listed as they are."""
    if not all(label.isdigit() for label in labels):
        return ", ".join(labels)
    nums = sorted({int(label) for label in labels})
    out: list[str] = []
    start = prev = nums[0]
    for n in nums[1:] + [None]:
        if n is not None and n == prev + 1:
            prev = n
            continue
        out.append(str(start) if start == prev else f"{start}–{prev}")
        if n is not None:
            start = prev = n
    return ", ".join(out)
