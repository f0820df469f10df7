"""A reference as BibTeX, RIS and CSL-JSON, for Zotero, Mendeley, EndNote and LaTeX."""

from __future__ import annotations

import json
import re

from .reference import SITE_NAME, Name, Reference

CSL_TYPES = {
    "report": "report",
    "submission": "report",
    "memo": "report",
    "thesis": "thesis",
    "letter": "letter",
    "paper": "manuscript",
    "article": "article",
}
RIS_TYPES = {
    "report": "RPRT",
    "submission": "RPRT",
    "memo": "RPRT",
    "thesis": "THES",
    "letter": "PCOMM",
    "paper": "UNPB",
}
MONTHS = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]
_LATEX_SPECIAL = re.compile(r"([&%$#_{}~^\\])")
_LATEX_REPLACE = {"~": r"\textasciitilde{}", "^": r"\textasciicircum{}", "\\": r"\textbackslash{}"}


def _genre(ref: Reference) -> str:
    if ref.kind == "submission":
        return f"Submission to {ref.recipient}" if ref.recipient else "Submission"
    return {"thesis": ref.genre, "memo": "Legal memorandum"}.get(ref.kind, "")


def _csl_name(name: Name) -> dict:
    if name.is_person:
        return {"family": name.family, "given": name.given}
    return {"literal": name.full}


def csl_item(ref: Reference) -> dict:
    """The CSL-JSON item (https://citeproc-js.readthedocs.io/en/latest/csl-json/markup.html)."""
    item = {
        "id": ref.key,
        "type": CSL_TYPES.get(ref.kind, "document"),
        "title": ref.title,
        "author": [_csl_name(n) for n in ref.names],
        "URL": ref.url,
        "accessed": {"date-parts": [[ref.accessed.year, ref.accessed.month, ref.accessed.day]]},
        "language": ref.language,
        "source": SITE_NAME,
    }
    if ref.date_parts():
        item["issued"] = {"date-parts": [ref.date_parts()]}
    if ref.institution:
        item["publisher"] = ref.institution
    if _genre(ref):
        item["genre"] = _genre(ref)
    if ref.recipient:
        item["recipient"] = [{"literal": ref.recipient}]
    return item


def to_csl_json(ref: Reference) -> str:
    return json.dumps([csl_item(ref)], ensure_ascii=False, indent=2)


def _tex(text: str) -> str:
    return _LATEX_SPECIAL.sub(lambda m: _LATEX_REPLACE.get(m.group(1), "\\" + m.group(1)), text)


def _bib_name(name: Name) -> str:
    # Braces keep an organisation whole: BibTeX would otherwise split it at its last word.
    if name.is_person:
        return f"{_tex(name.family)}, {_tex(name.given)}"
    return f"{{{_tex(name.full)}}}"


def to_bibtex(ref: Reference) -> str:
    """A biblatex-friendly BibTeX entry (``urldate`` for the access date)."""
    kind = {"thesis": "phdthesis" if ref.genre.startswith("PhD") else "mastersthesis"}.get(
        ref.kind, "techreport" if ref.kind in {"report", "submission", "memo"} else "misc"
    )
    fields = {
        "author": " and ".join(_bib_name(n) for n in ref.names),
        "title": f"{{{_tex(ref.title)}}}",
        "year": ref.year,
        "month": MONTHS[ref.date_parts()[1] - 1] if len(ref.date_parts()) > 1 else "",
        "school" if kind.endswith("thesis") else "institution": _tex(ref.institution),
        "type": _tex(_genre(ref)),
        "note": _tex(f"Letter to {ref.recipient}") if ref.kind == "letter" else "",
        "url": ref.url,
        "urldate": ref.accessed.isoformat(),
        "howpublished": SITE_NAME if kind == "misc" else "",
    }
    body = ",\n".join(
        f"  {name} = {value if name == 'month' else '{' + value + '}'}"
        for name, value in fields.items()
        if value
    )
    return f"@{kind}{{{_bibtex_key(ref)},\n{body}\n}}\n"


def _bibtex_key(ref: Reference) -> str:
    first = ref.names[0].family or ref.names[0].full if ref.names else ref.key
    return re.sub(r"[^A-Za-z0-9]", "", first.split(" ")[0])[:20].lower() + (ref.year or "nd")


def to_ris(ref: Reference) -> str:
    """An RIS record (the tags of the RIS specification Zotero and EndNote read)."""
    lines = [("TY", RIS_TYPES.get(ref.kind, "GEN"))]
    lines += [("AU", n.inverted) for n in ref.names]
    lines.append(("TI", ref.title))
    if ref.year:
        lines.append(("PY", ref.year))
        parts = ref.date_parts() + [0, 0]
        lines.append(("DA", f"{parts[0]:04d}/{parts[1]:02d}/{parts[2]:02d}/".replace("/00", "/")))
    if ref.institution:
        lines.append(("PB", ref.institution))
    if _genre(ref):
        lines.append(("M3", _genre(ref)))
    if ref.recipient:
        lines.append(("A2", ref.recipient))
    lines += [("UR", ref.url), ("Y2", ref.accessed.strftime("%Y/%m/%d")), ("LA", ref.language)]
    lines += [("DB", SITE_NAME), ("ER", "")]
    return "".join(f"{tag}  - {value}\n" if value else f"{tag}  - \n" for tag, value in lines)


EXPORTS = {
    "bib": (to_bibtex, "application/x-bibtex"),
    "ris": (to_ris, "application/x-research-info-systems"),
    "csl.json": (to_csl_json, "application/vnd.citationstyles.csl+json"),
}
