"""Footnotes in HTML, whatever wrote them: find each reference, its note, the note's text.

A reference is an in-page link with some sign of being a note reference: inside
or around a ``<sup>``, ``role="doc-noteref"``/``epub:type="noteref"``, a class
such as ``footnote-ref`` or MediaWiki's ``reference``, Word's ``mso-footnote-id``,
or an ``href`` such as ``#fn1``, ``#_ftn1``, ``#ftnt1``, ``#cite_note-…``,
``#note3``. Its note is the element the link points to (``li#fn1``,
``aside#n1``), or the paragraph around an anchor there (Word, Google Docs,
Gutenberg). A link back from a note to its reference (``#fnref1``,
``#cite_ref-…``, a link pointing back up the page) is never a reference.

The rule that keeps text safe: an element is only taken as a note when it holds
no heading and not its own reference, and, outside a note area, no reference on
to another note; anything else stays in the text.
Only the notes themselves leave the text: whatever else a note area
(``section.footnotes``, Word's footnote list) holds stays.
"""

from __future__ import annotations

import re

from ..common import clean_label
from ..notes import unique_label

# Note ids carry a number: "#fn1", "#_ftn1", "#note-3", "#cite_note-Smith2001-5"; an EPUB's
# chapters prefix theirs with "c3-" (see ``epub``).
_CHAPTER = r"^#(?:c\d+-)?"
_NOTE_HREF = re.compile(
    _CHAPTER + r"(?:fn|_ftn|_edn|ftnt|edn|footnote|endnote|note|en(?=\d)|cite_note|user-content-fn)"
    r"[-_:.]?[\w.:-]*\d",
    re.I,
)
_BACK_HREF = re.compile(
    _CHAPTER + r"(?:fnref|_ftnref|_ednref|ftnt_ref|ednref|footnote-ref|ref|cite_ref|FNanchor|fs\d|"
    r"user-content-fnref|noteref|anchor)",
    re.I,
)
_REF_CLASSES = {
    "footnote-ref", "footnoteref", "noteref", "fnanchor", "footnote", "footnote-reference",
}  # fmt: skip
# MediaWiki's <sup class="reference"> holds a reference; on a link itself "reference" says
# nothing (docutils and Sphinx give every cross-reference class="reference internal").
_REF_PARENT_CLASSES = _REF_CLASSES | {"reference"}
_BACK_CLASSES = {
    "footnote-back", "footnote-backref", "reversefootnote", "data-footnote-backref",
    "mw-cite-backlink", "footnote-return", "fn-backref",
}  # fmt: skip
_NOTE_TYPES = {"footnote", "endnote", "note", "rearnote", "doc-footnote", "doc-endnote"}
_BLOCKS = ("p", "li", "div", "aside", "section", "dd", "footer", "td")
_HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
NOTE_AREAS = (
    "//section[contains(concat(' ', @class, ' '), ' footnotes ')]",
    "//div[contains(concat(' ', @class, ' '), ' footnotes ')]",
    "//div[contains(concat(' ', @class, ' '), ' footnote ')]",
    "//*[@role='doc-endnotes' or @role='doc-footnotes' or @data-footnotes]",
    "//*[@*[name()='epub:type'][contains(., 'footnotes') or contains(., 'endnotes')"
    " or contains(., 'rearnotes')]]",
    "//div[contains(@style, 'mso-element:footnote-list')]",
    "//div[contains(@style, 'mso-element:endnote-list')]",
    "//div[@id='footnotes' or @id='endnotes']",
    "//ol[contains(concat(' ', @class, ' '), ' references ')]",
    "//div[contains(concat(' ', @class, ' '), ' reflist ')]",
    "//div[contains(concat(' ', @class, ' '), ' mw-references-wrap ')]",
)
_EMPTY_BRACKETS = re.compile(r"^[\[(]\s*[\])]\s*")
_ARROWS = re.compile(r"^[\s↩↑^⤴︎\ufe0e\ufe0f]*$")
NS = {"epub": "http://www.idpf.org/2007/ops"}


def _classes(el) -> set[str]:
    return set((el.get("class") or "").split())


def _epub_type(el) -> set[str]:
    value = el.get("epub:type") or el.get(f"{{{NS['epub']}}}type") or ""
    return set(value.split()) | {el.get("role") or ""}


def collect(root) -> dict[str, str]:
    """Label each reference link (``data-note-label``) and lift its note out of the tree.

    Returns the notes (label -> text) in order of first reference.
    """
    ids = _ids(root)
    order = {el: i for i, el in enumerate(root.iter())}
    areas = set(note_areas(root))
    found: dict = {}  # reference link -> note element, in reading order
    printed: dict = {}  # note element -> (label as printed, chapter)
    for a in list(root.iter("a")):
        note = _note_for(a, ids, order, areas)
        if note is not None:
            found[a] = note
            printed.setdefault(note, (clean_label(a.text_content()), _chapter(a)))
    labels = _labels(printed)
    for a, note in found.items():
        a.set("data-note-label", labels[note])
    notes = {label: note_text(note, label) for note, label in labels.items()}
    _mark_missing(root, ids, set(notes))
    for note in labels:
        label_term = note.getprevious() if note.tag == "dd" else None
        if label_term is not None and label_term.tag == "dt":
            label_term.drop_tree()
        if note.getparent() is not None:
            note.drop_tree()
    _drop_emptied_areas(root)
    return notes


def _mark_missing(root, ids: dict, labels: set[str]) -> None:
    """Keep a reference whose note is not in the file as a marker, so the check warns of it.

    ``<sup><a href="#fn7">7</a></sup>`` pointing nowhere is still the author's marker:
    dropping it silently would hide that note 7 was lost.
    """
    for a in root.iter("a"):
        href = a.get("href") or ""
        if a.get("data-note-label") or not href.startswith("#") or href[1:] in ids:
            continue
        label = clean_label(a.text_content())
        if label and len(label) <= 4 and label not in labels and _refish(a) and not is_backlink(a):
            a.set("data-note-label", label)


def _labels(printed: dict) -> dict:
    """Each note's label: as printed, unless chapters number their notes afresh (an EPUB
    whose chapters each start at 1), then with the chapter in front ("3.1") throughout."""
    by_label: dict[str, set[str]] = {}
    for label, chapter in printed.values():
        by_label.setdefault(label, set()).add(chapter)
    restart = any(len(chapters) > 1 for chapters in by_label.values())
    # Chapters count from the first that cites a note: a title page is no chapter 1.
    ordinal: dict[str, int] = {}
    for _, chapter in printed.values():
        ordinal.setdefault(chapter, len(ordinal) + 1)
    labels: dict = {}
    taken: set[str] = set()
    for i, (note, (label, chapter)) in enumerate(printed.items()):
        label = label or str(i + 1)
        wanted = f"{ordinal[chapter]}.{label}" if restart and chapter else label
        labels[note] = unique_label(wanted, taken)
        taken.add(labels[note])
    return labels


def _ids(root) -> dict[str, object]:
    ids: dict[str, object] = {}
    for el in root.iter():
        if not isinstance(el.tag, str):
            continue
        for key in (el.get("id"), el.get("name") if el.tag == "a" else None):
            if key and key not in ids:
                ids[key] = el
    return ids


def _chapter(el) -> str:
    for anc in el.iterancestors():
        if anc.get("data-chapter"):
            return anc.get("data-chapter")
    return ""


def _note_for(a, ids: dict, order: dict, areas: set):
    """The note element ``a`` refers to, or None when ``a`` is not a note reference."""
    href = a.get("href") or ""
    if not href.startswith("#") or len(href) < 2 or is_backlink(a):
        return None
    target = ids.get(href[1:])
    if target is None or order.get(target, 0) < order.get(a, 0) and not _noteish(target):
        return None  # a link back up the page is a back-link, unless it lands on a note
    if not (_refish(a) or _noteish(target)):
        return None
    note = _note_block(target)
    if note is None or not _safe(note, a, areas, ids, order):
        return None
    return note


def is_backlink(a) -> bool:
    if _BACK_HREF.match(a.get("href") or "") or a.get("data-footnote-backref") is not None:
        return True
    if _classes(a) & _BACK_CLASSES or "doc-backlink" in _epub_type(a):
        return True
    return any(_classes(anc) & _BACK_CLASSES for anc in a.iterancestors())


def _refish(a) -> bool:
    parent = a.getparent()
    style = a.get("style") or ""
    return bool(
        (parent is not None and parent.tag == "sup")
        or a.find(".//sup") is not None
        or {"doc-noteref", "noteref"} & _epub_type(a)
        or a.get("data-footnote-ref") is not None
        or _classes(a) & _REF_CLASSES
        or (parent is not None and _classes(parent) & _REF_PARENT_CLASSES)
        or "mso-footnote-id" in style
        or "mso-endnote-id" in style
        or _NOTE_HREF.match(a.get("href") or "")
    )


def _noteish(el) -> bool:
    return bool(_epub_type(el) & _NOTE_TYPES) or bool(_classes(el) & {"footnote", "endnote"})


def _note_block(target):
    """The element holding the note: the target, or the block around an anchor in it."""
    dt = target if target.tag == "dt" else next(target.iterancestors("dt"), None)
    if dt is not None:  # docutils: <dt class="label" id="id3">[1]</dt><dd>the note</dd>
        dd = dt.getnext()
        if not _classes(dt) & {"label"} and not _noteish(dt.getparent()):
            return None  # a term of a definition list (an API entry), never a note
        return dd if dd is not None and dd.tag == "dd" else None
    if target.tag in _BLOCKS:
        block = target
    else:
        block = next((anc for anc in target.iterancestors() if anc.tag in _BLOCKS), None)
        if block is None:
            return None
    parent = block.getparent()
    if block.tag == "p" and parent is not None and _wraps_one_note(parent, block):
        block = parent
    return block


def _wraps_one_note(div, p) -> bool:
    """Word (``div#ftn1``) and Google Docs (a bare div) wrap each note's paragraphs in a div."""
    if div.tag != "div":
        return False
    style = div.get("style") or ""
    if "mso-element:footnote" in style or "mso-element:endnote" in style:
        return True
    first = next((c for c in div if isinstance(c.tag, str)), None)
    anchors = div.xpath(".//*[@id or @name]")
    back = any((link.get("href") or "").startswith("#") for link in p.iter("a"))
    return first is p and len(anchors) <= 1 and back


def _safe(note, a, areas: set, ids: dict, order: dict) -> bool:
    """A note holds no heading and not the reference itself; outside a note area, no
    reference onward to another note either (that would be running text, not a note)."""
    if note.tag in ("body", "html", "main", "article") or a in note.iterdescendants():
        return False
    if any(el.tag in _HEADINGS for el in note.iter()):
        return False
    if note in areas or any(anc in areas for anc in note.iterancestors()) or _noteish(note):
        return True
    return not any(
        (href := link.get("href") or "").startswith("#")
        and not is_backlink(link)
        and _refish(link)
        and order.get(ids.get(href[1:]), -1) > order.get(link, 0)  # back-links point up
        for link in note.iter("a")
    )


def note_text(note, label: str) -> str:
    """The note's text without its printed number or back-links (other link text stays)."""
    for link in list(note.iter("a")):
        if link.getparent() is not None and _backlink_only(link, label):
            link.drop_tree()
    for span in note.xpath(".//*[contains(concat(' ', @class, ' '), ' mw-cite-backlink ')]"):
        span.drop_tree()
    paras = [el for el in note.iter("p", "li", "dd", "blockquote") if not _has_para(el)]
    texts = [_plain(p) for p in paras] or [_plain(note)]
    text = "\n\n".join(t for t in texts if t)
    text = _EMPTY_BRACKETS.sub("", text)  # "[1]" once its back-link is gone
    return _without_label(text, label.split(".")[-1] if "." in label else label).strip()


def _without_label(text: str, printed: str) -> str:
    """'1 According to…', '[1] According…', '1. According…' -> 'According…'."""
    for lead in (f"[{printed}]", printed):
        if text.startswith(lead):
            rest = text[len(lead) :]
            rest = rest[1:] if rest[:1] in (".", ")", ":") else rest
            if rest[:1].isspace():
                return rest
    return text


def _has_para(el) -> bool:
    return any(d.tag in ("p", "li", "dd", "blockquote") for d in el.iterdescendants())


def _backlink_only(link, label: str) -> bool:
    """A back-link whose text is an arrow, a caret or the note's own label (not words)."""
    href = link.get("href") or ""
    if not href.startswith("#"):
        return False
    text = link.text_content().strip()
    printed = label.split(".")[-1] if "." in label else label
    return bool(_ARROWS.match(text)) or clean_label(text) in (label, printed)


def _plain(el) -> str:
    text = " ".join(el.text_content().split())
    return re.sub(r"\s*[↩↑]\ufe0e?(?=\s|$)", "", text).strip()


def note_areas(root) -> list:
    return root.xpath(" | ".join(NOTE_AREAS))


def _drop_emptied_areas(root) -> None:
    """A note area goes once its notes are out, if nothing but rules and blanks is left:
    a heading, a table or a paragraph in it is text and stays."""
    for area in note_areas(root):
        if area.getparent() is not None and not area.text_content().strip():
            area.drop_tree()
