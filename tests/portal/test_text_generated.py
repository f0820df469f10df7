"""Generated plain texts with notes in each written-out style, mixed with numeric prose.

Every note written is read back with its text, every marker lands after the words
it followed, and no other number becomes a marker.
"""

import random

import pytest

from portal.ingest import parse_bytes
from tests.portal.test_markdown_generated import sentence

WORDS = [
    "river",
    "stone",
    "council",
    "winter",
    "harvest",
    "treaty",
    "ledger",
    "village",
    "harbour",
    "chapel",
]


def wrap(text: str, width: int = 70) -> str:
    lines, line = [], ""
    for word in text.split():
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    return "\n".join([*lines, line])


def note_text(rng: random.Random, n: int) -> str:
    page, year = rng.randint(1, 400), rng.randint(1800, 2020)
    return f"Note {n} on the {rng.choice(WORDS)}, see p. {page} ({year})."


def marker(style: str, n: int) -> str:
    return {"bracket": f"[{n}]", "gutenberg": f"[{n}]", "paren": f"({n})"}[style]


def generated(style: str, seed: int) -> tuple[str, dict[str, str], list[tuple[str, str]]]:
    """The text, the notes by label, and (label, the words before its marker) in order."""
    rng = random.Random(seed)
    paras, notes, cites, chapter_notes = [], {}, [], []
    n = 0
    for chapter in range(rng.randint(1, 3)):
        paras.append(f"CHAPTER {chapter + 1}")
        for _ in range(rng.randint(1, 4)):
            text = " ".join(sentence(rng) for _ in range(rng.randint(1, 4)))
            if rng.random() < 0.7:
                n += 1
                words = f"the {rng.choice(WORDS)} was {rng.choice(WORDS)}."
                text += f" Then {words}{marker(style, n)}"
                notes[str(n)] = note_text(rng, n)
                cites.append((str(n), words[-12:]))
                chapter_notes.append(n)
                if style == "gutenberg":
                    text = wrap(text) + f"\n\n[Footnote {n}: {wrap(notes[str(n)])}]"
            paras.append(wrap(text) if style != "gutenberg" or "[Footnote" not in text else text)
        if style == "bracket":  # notes after each chapter, as Gutenberg and pandoc write them
            paras += [f"[{k}]  {wrap(notes[str(k)])}" for k in chapter_notes]
            chapter_notes = []
    if style == "paren":  # all notes at the end, one per line
        paras.append("\n".join(f"({k}) {notes[str(k)]}" for k in chapter_notes))
    return "\n\n".join(paras) + "\n", notes, cites


@pytest.mark.parametrize("style", ["bracket", "gutenberg", "paren"])
def test_generated_notes_are_read_back_exactly(style):
    failures = []
    for seed in range(60):
        text, notes, cites = generated(style, seed)
        doc = parse_bytes(text.encode("utf-8"), name="g.txt")
        got_notes = {n.label: n.text for n in doc.footnotes}
        got_cites = [
            (r.footnote, s.text[max(0, r.offset - 12) : r.offset])
            for s in doc.sections
            for r in s.refs
        ]
        if got_notes != notes or got_cites != cites:
            failures.append(
                f"seed {seed}: notes {got_notes == notes}, markers {got_cites == cites}"
            )
        if any("cited in the text" in w or "no marker" in w for w in doc.warnings):
            failures.append(f"seed {seed}: {doc.warnings}")
    assert failures == [], "\n".join(failures[:10])
