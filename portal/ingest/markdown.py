"""Markdown: ``#`` headings, paragraphs, lists and ``[^1]`` footnotes (markdown-it-py).

Front matter (``---`` ... ``---``, YAML-ish ``key: value`` lines) gives the
metadata; without it the first lone ``# `` heading is the title. Raw HTML is
reduced to its text, so nothing in a Markdown file can become live markup.
"""

from __future__ import annotations

import re
from html import unescape

import nh3
from markdown_it import MarkdownIt
from markdown_it.token import Token
from mdit_py_plugins.footnote import footnote_plugin
from mdit_py_plugins.front_matter import front_matter_plugin

from .base import Block, Draft, Format, Metadata, ParseOptions
from .common import (
    TextRun,
    doc_type,
    normalise_date,
    split_authors,
)
from .detect import decode_text
from .text.endnotes import lift_notes

_MD_FOOTNOTE = re.compile(r"^\[\^[^\]\s]+\]:", re.M)
_MD_HEADING = re.compile(r"^#{1,6} \S", re.M)
# A first line that is an ATX heading, or YAML front matter with a key.
_MD_OPENING = re.compile(r"\s*(?:#{1,6} \S|---[ \t]*\r?\n[A-Za-z_][\w-]*[ \t]*:)")
_HEADING_ATTRS = re.compile(r"\s*\{[#.][^{}]*\}\s*$")
_BLOCK_TAGS = {"paragraph_open": "para", "heading_open": "heading"}


def _markdown() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": True})
    md.enable("table")
    # Keep definitions where they stand (move_to_end=False) so an unused note is still
    # seen, and match [^n] even without a definition so a missing note is reported.
    md.use(footnote_plugin, move_to_end=False, always_match_refs=True)
    md.use(front_matter_plugin)
    return md


def sniff(data: bytes) -> bool:
    """Without a telling file name: footnote definitions, two ATX headings, front matter,
    or a ``# `` heading as the first line say Markdown."""
    text = decode_text(data[:65536]).lstrip("\ufeff")
    return (
        bool(_MD_FOOTNOTE.search(text))
        or len(_MD_HEADING.findall(text)) >= 2
        or bool(_MD_OPENING.match(text))
    )


def read(data: bytes, options: ParseOptions) -> Draft:
    """Read Markdown bytes into a ``Draft``."""
    text = decode_text(data)
    env: dict = {}
    tokens = _markdown().parse(text, env)
    draft = Draft(blocks=[], notes={})
    _walk(tokens, draft, env)
    if not draft.notes:  # notes written out as text: "[1]" and a "Notes" list
        draft.blocks, draft.notes = lift_notes(draft.blocks)
    if all(b.kind == "heading" for b in draft.blocks):
        for block in draft.blocks:  # headings of nothing: the first names it, all are the text
            draft.meta.title = draft.meta.title or block.text
            block.kind = "para"
    return draft


def _walk(tokens: list[Token], draft: Draft, env: dict) -> None:
    note_label: str | None = None
    note_paras: list[str] = []
    list_stack: list[list[int]] = []  # per open list: [next number] or [] for bullets
    item_prefix = ""
    for i, tok in enumerate(tokens):
        kind = tok.type
        if kind == "front_matter":
            if not _front_matter(tok.content, draft.meta) and tok.content.strip():
                # No "key: value" at all: text between two rules, not metadata.
                draft.blocks.append(Block(kind="para", text=tok.content.strip()))
        elif kind == "footnote_reference_open":
            note_label, note_paras = tok.meta["label"], []
        elif kind == "footnote_reference_close":
            draft.notes[note_label or str(len(draft.notes) + 1)] = "\n\n".join(note_paras)
            note_label = None
        elif kind in ("bullet_list_open", "ordered_list_open"):
            start = int(tok.attrGet("start") or 1)
            list_stack.append([start] if kind == "ordered_list_open" else [])
        elif kind in ("bullet_list_close", "ordered_list_close"):
            list_stack.pop()
        elif kind == "list_item_open":
            item_prefix = _item_prefix(list_stack)
        elif kind == "inline":
            run = _inline(tok.children or [], env, draft)
            if note_label is not None:
                note_paras.append(run.block().text)
                continue
            block = _block_for(tokens[i - 1] if i else tok, run, item_prefix)
            item_prefix = ""
            draft.blocks.append(block)
        elif kind in ("html_block", "code_block", "fence"):
            # HTML comments and tags leave nothing; code is kept as it is, in a note too.
            text = _html_text(tok.content) if kind == "html_block" else tok.content.rstrip("\n")
            if not text.strip():
                continue
            if note_label is not None:
                note_paras.append(text.strip())
            else:
                draft.blocks.append(Block(kind="para", text=text.strip()))


def _item_prefix(list_stack: list[list[int]]) -> str:
    if not list_stack:
        return ""
    counter = list_stack[-1]
    if not counter:
        return "- "
    counter[0] += 1
    return f"{counter[0] - 1}. "


def _block_for(opener: Token, run: TextRun, item_prefix: str) -> Block:
    if opener.type == "heading_open":
        block = run.block(kind="heading", level=int(opener.tag[1]))
        block.text = _HEADING_ATTRS.sub("", block.text) or block.text  # pandoc's "{#id .class}"
        return block
    block = run.block(kind="item" if item_prefix else "para")
    if item_prefix:
        block.text = item_prefix + block.text
        block.markers = [(lb, off + len(item_prefix)) for lb, off in block.markers]
    return block


def _inline(children: list[Token], env: dict, draft: Draft) -> TextRun:
    run = TextRun()
    for child in children:
        kind = child.type
        if kind in ("text", "code_inline"):
            run.add(child.content)
        elif kind == "softbreak":
            run.add(" ")
        elif kind == "hardbreak":
            run.add_break()
        elif kind == "footnote_ref":
            run.mark(_ref_label(child, env, draft))
        elif kind == "image":
            run.add(child.content)
        # html_inline is dropped: only the text between tags is kept (inert by design).
    return run


def _ref_label(token: Token, env: dict, draft: Draft) -> str:
    if "label" in token.meta:
        return token.meta["label"]
    # An inline note ^[...]: number it by order and keep its text.
    entry = env.get("footnotes", {}).get("list", {}).get(token.meta["id"], {})
    label = str(token.meta["id"] + 1)
    draft.notes[label] = _inline(entry.get("tokens", []), env, draft).block().text
    return label


def _html_text(html: str) -> str:
    """The text of a raw HTML block, without scripts or styles."""
    cleaned = nh3.clean(html, tags=set(), clean_content_tags={"script", "style"})
    return re.sub(r"[ \t]+", " ", unescape(cleaned)).strip()


def _front_matter(content: str, meta: Metadata) -> bool:
    """Read ``key: value`` lines into ``meta``; False when there are none."""
    fields: dict[str, list[str]] = {}
    key = ""
    for line in content.splitlines():
        if m := re.match(r"^([A-Za-z_][\w-]*)\s*:\s*(.*)$", line):
            key, value = m.group(1).lower(), m.group(2).strip()
            fields[key] = _yaml_values(value) if value else []
        elif key and (m := re.match(r"^\s*-\s+(?:name\s*:\s*)?(.*)$", line)):
            fields[key].append(_unquote(m.group(1)))  # "- name: A. Author" in a list of maps
    _apply_front_matter(fields, meta)
    return bool(fields)


def _yaml_values(value: str) -> list[str]:
    if value.startswith("[") and value.endswith("]"):
        return [_unquote(v) for v in value[1:-1].split(",") if v.strip()]
    return [_unquote(value)]


def _unquote(value: str) -> str:
    value = value.strip()
    if len(value) >= 2 and value[0] == value[-1] and value[0] in "'\"":
        value = value[1:-1]
        value = value.replace("''", "'") if value and "'" in value else value
    # Values are Markdown (as Pandoc reads them): drop backslash escapes.
    return re.sub(r"\\([!-/:-@\[-`{-~])", r"\1", value).strip()


def _apply_front_matter(fields: dict[str, list[str]], meta: Metadata) -> None:
    def first(*keys: str) -> str:
        return next((fields[k][0] for k in keys if fields.get(k)), "")

    meta.title = first("title")
    meta.subtitle = first("subtitle")
    authors = next((fields[k] for k in ("authors", "author", "organisations") if fields.get(k)), [])
    meta.authors = [a for v in authors for a in (split_authors(v) if len(authors) == 1 else [v])]
    meta.date = normalise_date(first("date", "created", "published"))
    meta.doc_type = doc_type(first("type", "doc_type"))
    meta.language = first("lang", "language") or meta.language
    meta.summary = first("summary", "abstract", "description")


FORMAT = Format(
    name="md",
    label="Markdown",
    extensions=(".md", ".markdown", ".mdown", ".mkd"),
    sniff=sniff,
    read=read,
    textual=True,
    check=decode_text,  # an encoding that cannot be read is refused before storing
)
