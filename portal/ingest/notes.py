"""Note labels as a document prints them, kept unique within the document.

A document may print the same label for different notes: an asterisk on every
note, numbers restarting in each chapter of a book, a footnote 1 and an endnote
1. Each note still needs its own label here, so a repeated one gets a prefix
saying where it stands ("2.1": chapter 2, note 1) or, without one, a running
suffix ("*.2").
"""

from __future__ import annotations


def unique_label(label: str, taken: set[str] | dict, where: str = "") -> str:
    """``label`` itself when free, else ``where.label``, else ``label.2``, ``label.3``..."""
    label = label.strip() or str(len(taken) + 1)
    if label not in taken:
        return label
    if where and f"{where}.{label}" not in taken:
        return f"{where}.{label}"
    n = 2
    while f"{label}.{n}" in taken:
        n += 1
    return f"{label}.{n}"
