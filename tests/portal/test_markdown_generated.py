"""200 generated Markdown files: one ``# Heading``, then paragraphs of numeric prose.

Read as Markdown (``x.md``) and as plain text (``x.txt``), none may come out as
"Untitled document", keep the ``#`` in its text, or get a note: numbers in
measurements and scientific prose are never footnote markers.
"""

import random

import pytest

from portal.ingest import parse_bytes

SUBJECTS = ["patients", "samples", "sites", "households", "wells", "schools", "mice", "plots"]
UNITS = ["mg", "kg", "ml", "km", "°C", "mmHg", "%", "ppm", "MB", "hours"]
TOPICS = ["Trial", "Survey", "Assay", "Census", "Audit", "Study", "Review", "Report"]


def sentence(rng: random.Random) -> str:
    year = rng.randint(1950, 2024)
    n, m = rng.randint(2, 900), rng.randint(1, 60)
    subject, unit = rng.choice(SUBJECTS), rng.choice(UNITS)
    forms = [
        f"In {year}, {n} {subject} received {m} {unit} daily.",
        f"In {year} {m} {subject} were lost, {rng.randint(1, 9)} of them in week {m % 12 + 1}.",
        f"The mean was {m}.{rng.randint(0, 9)} {unit} (SD {rng.randint(1, 9)}), n = {n}.",
        f"Table {m} lists {n} {subject}; {rng.randint(1, 99)}% were above {m} {unit}.",
        f"Of {n} {subject}, {m} ({rng.randint(1, 99)}%) improved by {year % 100} {unit}.",
        f"Values rose from {m} to {n} {unit} between {year} and {year + m}.",
        f"Step {m % 9 + 1}: dilute {m} {unit} in {n} ml, then wait {m % 30 + 1} minutes.",
        f"See section {m % 7 + 1}.{m % 5 + 1} and Figure {m % 4 + 1}, p. {n}.",
    ]
    return rng.choice(forms)


def generated(seed: int) -> tuple[str, bytes]:
    rng = random.Random(seed)
    title = f"{rng.choice(TOPICS)} {seed + 1} of {rng.randint(1990, 2024)}"
    paras = [
        " ".join(sentence(rng) for _ in range(rng.randint(1, 6))) for _ in range(rng.randint(1, 8))
    ]
    return title, (f"# {title}\n\n" + "\n\n".join(paras) + "\n").encode("utf-8")


FILES = [generated(seed) for seed in range(200)]


@pytest.mark.parametrize("name", ["x.md", "x.txt"])
def test_generated_markdown_files_keep_their_title_and_get_no_invented_notes(name):
    failures = []
    for title, data in FILES:
        doc = parse_bytes(data, name=name)
        text = "\n\n".join(s.text for s in doc.sections)
        problems = []
        if doc.title != title:
            problems.append(f"title {doc.title!r}")
        if "#" in text:
            problems.append("'#' left in the text")
        if doc.footnotes or any(s.refs for s in doc.sections):
            problems.append(f"{len(doc.footnotes)} notes invented")
        if any("note" in w.lower() or "marker" in w.lower() for w in doc.warnings):
            problems.append(f"warnings {doc.warnings}")
        if problems:
            failures.append(f"{title}: {'; '.join(problems)}")
    assert failures == [], f"{len(failures)} of {len(FILES)} files:\n" + "\n".join(failures[:10])
