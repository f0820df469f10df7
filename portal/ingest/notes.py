"""Note labels as a document prints them, kept unique within the document.

A document may print the same label for different notes: an asterisk on every
note, a footnote 1 and an endnote 1. Each note still needs its own label here,
so a repeated one gets a running suffix ("*.2", "*.3"). (Chapters that number
their notes afresh are told apart by the chapter instead: see ``html.notes``.)
"""

from __future__ import annotations


def unique_label(label: str, taken: set[str] | dict) -> str:
    """``label`` itself when free, else ``label.2``, ``label.3``..."""
    label = label.strip() or str(len(taken) + 1)
    if label not in taken:
        return label
    n = 2
    while f"{label}.{n}" in taken:
        n += 1
    return f"{label}.{n}"
