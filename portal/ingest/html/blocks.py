"""The body of a sanitised HTML tree as blocks: headings, paragraphs, list items.

Headings are real section titles: ``h1``-``h6`` outside infoboxes, tables of
contents and navigation (those are read as paragraphs), plus paragraphs that
carry a Word style as their class (docx4j and Word write ``p.Heading1``,
``p.Title``, Google Docs ``p.title``). MediaWiki's "[edit]" links are page
furniture, not text; a saved MediaWiki page is read from its title and article,
without the site's menus and footer.
"""

from __future__ import annotations

import re

from ..base import Block
from ..common import TextRun

HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
_LEAVES = HEADINGS | {"p", "li", "dt", "dd", "pre", "td", "th", "caption", "figcaption"}
_CONTAINERS = {
    "body", "div", "section", "article", "main", "header", "footer", "aside", "blockquote",
    "ul", "ol", "dl", "table", "thead", "tbody", "tfoot", "tr", "figure", "nav",
}  # fmt: skip
_STYLE_HEADING = re.compile(r"^(?:Mso)?[Hh]eading\s?([1-6])$")
_STYLE_TITLE = {"Title", "MsoTitle", "title"}
# Where a heading element labels a box, not a section of the text (a layout table is no box).
_NOT_SECTIONS = (
    "ancestor::*[contains(concat(' ', @class, ' '), ' portable-infobox ')"
    " or contains(concat(' ', @class, ' '), ' infobox ')"
    " or contains(concat(' ', @class, ' '), ' toc ') or @id='toc'"
    " or contains(concat(' ', @class, ' '), ' navbox ')"
    " or self::nav or @role='navigation']"
)
_FURNITURE = (
    "//*[contains(concat(' ', @class, ' '), ' mw-editsection ')]",
    "//*[contains(concat(' ', @class, ' '), ' mw-jump-link ')]",
    # Sphinx's and markdown-it's permalinks: a "¶" or "#" after each heading and API entry.
    "//a[contains(concat(' ', @class, ' '), ' headerlink ')"
    " or contains(concat(' ', @class, ' '), ' header-anchor ')]"
    "[string-length(normalize-space()) <= 2]",
)
_MW_TITLE = "//h1[@id='firstHeading' or contains(@class, 'page-header__title')]"
_MW_CONTENT = "//*[@id='mw-content-text']"
MAIN_SHARE = 0.25


def prepare(root) -> None:
    """Mark heading-styled paragraphs and box headings; strip page furniture."""
    for xpath in _FURNITURE:
        for el in root.xpath(xpath):
            el.drop_tree()
    for el in root.iter("p"):
        level = style_level(el)
        if level is not None:
            el.set("data-heading", str(level))
    for el in root.xpath(" | ".join(f"//{h}" for h in HEADINGS)):
        if el.xpath(_NOT_SECTIONS):
            el.set("data-heading", "none")


def style_level(el) -> int | None:
    """The heading level a Word style class gives a paragraph (0 for a title), or None."""
    if el.tag != "p":
        return None
    for cls in (el.get("class") or "").split():
        if cls in _STYLE_TITLE:
            return 0
        if m := _STYLE_HEADING.match(cls):
            return int(m.group(1))
    return None


def article(root):
    """The part of the tree to read: a MediaWiki page's title and article, else the page's
    one main region (``<main>``, ``role="main"``: Sphinx and most site templates keep their
    navigation and footers outside it), else the body."""
    body = root.find(".//body")
    body = body if body is not None else root
    content = root.xpath(_MW_CONTENT)
    if content:
        title = root.xpath(_MW_TITLE)
    else:
        content = _main_region(body)
        if not content:
            return body
        title = [h for h in body.iter("h1") if _before(h, content[0])][:1]
    wrapper = body.makeelement("div", {})
    if title:
        wrapper.append(title[0])
    wrapper.append(content[0])
    return wrapper


def _main_region(body) -> list:
    """The one outermost main region, when it holds most of the text (a tiny element marked
    main in a page of text is not where the text is)."""
    mains = body.xpath(".//main | .//*[@role='main']")
    outer = [m for m in mains if not any(a in mains for a in m.iterancestors())]
    if len(outer) != 1:
        return []
    share = len(outer[0].text_content().strip()) / max(1, len(body.text_content().strip()))
    return outer if share >= MAIN_SHARE else []


def _before(el, region) -> bool:
    """``el`` comes before ``region`` in the document and is not inside it."""
    if region in el.iterancestors() or el in region.iterancestors():
        return False
    order = {e: i for i, e in enumerate(region.getroottree().iter())}
    return order[el] < order[region]


def walk(el, blocks: list[Block], list_kind: str = "", number: list | None = None) -> None:
    """Emit a block per leaf element; containers recurse, loose inline text becomes a paragraph."""
    if (el.tag in _LEAVES or el.get("data-heading")) and not _has_block_children(el):
        _emit(el, blocks, list_kind, number)
        return
    run = TextRun()
    if el.text:
        run.add(el.text)
    counter = [int(el.get("start") or 1)] if el.tag == "ol" and _digits(el.get("start")) else None
    counter = counter or ([1] if el.tag == "ol" else None)
    kind = {"ol": "ol", "ul": "ul"}.get(el.tag, list_kind)
    for child in el:
        if not isinstance(child.tag, str):
            pass
        elif child.tag in _LEAVES or child.tag in _CONTAINERS or child.tag == "hr":
            _flush(run, blocks)
            run = TextRun()
            if child.tag != "hr":
                walk(child, blocks, kind, counter if el.tag == "ol" else number)
        else:
            _inline(child, run)
        if child.tail:
            run.add(child.tail)
    _flush(run, blocks)


def _digits(value: str | None) -> bool:
    return bool(value) and value.strip().isdigit()


def _has_block_children(el) -> bool:
    return any(isinstance(c.tag, str) and (c.tag in _LEAVES or c.tag in _CONTAINERS) for c in el)


def _flush(run: TextRun, blocks: list[Block]) -> None:
    block = run.block()
    if block.text or block.markers:
        blocks.append(block)


def _emit(el, blocks: list[Block], list_kind: str, number: list | None) -> None:
    run = TextRun()
    if el.tag == "li":
        if list_kind == "ol" and number is not None:
            run.add(f"{number[0]}. ")
            number[0] += 1
        elif list_kind == "ul":
            run.add("- ")
    if el.tag == "pre":
        text = el.text_content().strip("\n")
        blocks.append(Block(kind="para", text=text))
        return
    add_content(el, run)
    marked = el.get("data-heading")
    if marked == "none" or not (el.tag in HEADINGS or marked):
        block = run.block(kind="item" if el.tag == "li" else "para")
    else:
        block = run.block(kind="heading", level=int(marked) if marked else int(el.tag[1]))
        block.kind = "heading" if block.text else "para"
    if block.text or block.markers:
        blocks.append(block)


def _inline(el, run: TextRun) -> None:
    label = el.get("data-note-label")
    if label is not None:
        run.mark(label)
        return
    inner = [a.get("data-note-label") for a in el.iter("a") if a.get("data-note-label")]
    if el.tag == "sup" and inner:
        for label in inner:  # <sup>[1], [2]</sup>: the markers, not the brackets and commas
            run.mark(label)
        return
    if el.tag == "br":
        run.add_break()
        return
    add_content(el, run)


def add_content(el, run: TextRun) -> None:
    """An element's own text, its inline children, and the text between them."""
    if el.text:
        run.add(el.text)
    for child in el:
        if isinstance(child.tag, str):
            _inline(child, run)
        if child.tail:
            run.add(child.tail)
