"""BibTeX, RIS and CSL-JSON downloads, read back with independent parsers."""

import json

import bibtexparser
import pytest
import rispy
from bibtexparser.middlewares import SeparateCoAuthors, SplitNameParts
from citeproc import (
    Citation,
    CitationItem,
    CitationStylesBibliography,
    CitationStylesStyle,
    formatter,
)
from citeproc.source.json import CiteProcJSON

from tests.portal.corpus_docs import stored


@pytest.fixture
def thesis(db):
    return stored("003")


@pytest.fixture
def letter(db):
    return stored("004")


def download(client, document, fmt):
    response = client.get(f"/d/{document.slug}/cite.{fmt}")
    assert response.status_code == 200
    assert f'filename="{document.slug}.{fmt}"' in response["Content-Disposition"]
    return response.content.decode()


def test_bibtex_parses_as_a_masters_thesis(client, thesis):
    library = bibtexparser.parse_string(
        download(client, thesis, "bib"),
        append_middleware=[SeparateCoAuthors(), SplitNameParts()],
    )
    assert not library.failed_blocks
    (entry,) = library.entries
    assert entry.entry_type == "mastersthesis"
    assert entry["school"] == "Tufts University"
    assert (
        entry["title"]
        == "{Remedial Secession as Soft Law: The Case Study of Artsakh's Self-Determination}"
    )
    (author,) = entry["author"]
    assert (author.first, author.last) == (["Alex"], ["Avaneszadeh"])
    assert entry["year"] == "2023"
    assert entry["url"] == f"http://testserver/d/{thesis.slug}/"


def test_bibtex_keeps_organisations_whole(client, letter):
    library = bibtexparser.parse_string(
        download(client, letter, "bib"), append_middleware=[SeparateCoAuthors()]
    )
    (entry,) = library.entries
    assert entry["author"] == [
        "{Armenian General Benevolent Union (AGBU)}",
        "{Armenian International Women's Association (AIWA)}",
        "{Armenian Relief Society (ARS)}",
    ]
    assert entry["month"] == "oct" and entry["year"] == "2020"


def test_ris_parses(client, thesis, letter):
    (record,) = rispy.loads(download(client, thesis, "ris"))
    assert record["type_of_reference"] == "THES"
    assert record["authors"] == ["Avaneszadeh, Alex"]
    assert record["publisher"] == "Tufts University"
    assert record["type_of_work"] == "Master’s thesis"
    assert record["year"] == "2023"
    (record,) = rispy.loads(download(client, letter, "ris"))
    assert record["type_of_reference"] == "PCOMM"
    assert record["date"] == "2020/10/27/"
    assert record["secondary_authors"] == [
        "António Manuel de Oliveira Guterres, Secretary General of the United Nations"
    ]


def test_csl_json_renders_through_citeproc(client, thesis):
    items = json.loads(download(client, thesis, "csl.json"))
    assert items[0]["type"] == "thesis" and items[0]["publisher"] == "Tufts University"
    style = CitationStylesStyle("harvard-cite-them-right", validate=False)
    bibliography = CitationStylesBibliography(style, CiteProcJSON(items), formatter.plain)
    bibliography.register(Citation([CitationItem(items[0]["id"])]))
    (entry,) = [str(e) for e in bibliography.bibliography()]
    assert entry.startswith("Avaneszadeh, A. (2023) Remedial Secession as Soft Law")
    assert "Tufts University" in entry


def test_unknown_format_and_drafts_are_404(client, thesis):
    assert client.get(f"/d/{thesis.slug}/cite.docx").status_code == 404
    thesis.status = "draft"
    thesis.save()
    assert client.get(f"/d/{thesis.slug}/cite.bib").status_code == 404
