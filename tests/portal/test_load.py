"""Storing parsed documents: atomic, idempotent, and keeping the anchors readers shared."""

from dataclasses import replace

import pytest
from django.core.management import call_command

from portal.ingest import parse_bytes
from portal.ingest.load import import_parsed_document, plan_anchors
from portal.models import Document, Footnote, FootnoteRef, Section, SectionAlias
from tests.conftest import corpus_file
from tests.factories import parsed_document

pytestmark = pytest.mark.django_db


def snapshot(document: Document) -> dict:
    return {
        "doc": Document.objects.filter(pk=document.pk).values(
            "slug", "title", "authors", "date", "doc_type", "status", "warnings"
        )[0],
        "sections": list(
            Section.objects.filter(document=document).values_list(
                "pk", "position", "anchor", "heading", "text", "html"
            )
        ),
        "notes": list(
            Footnote.objects.filter(document=document).values_list(
                "pk", "label", "text", "section_id"
            )
        ),
        "refs": sorted(
            FootnoteRef.objects.filter(section__document=document).values_list(
                "section_id", "footnote_id", "offset"
            )
        ),
        "aliases": list(SectionAlias.objects.filter(document=document).values_list("anchor")),
    }


@pytest.mark.parametrize("prefix", ["001", "002", "003", "004"])
def test_reingesting_the_same_file_leaves_the_database_identical(prefix):
    path = corpus_file(prefix)
    call_command("ingest", str(path), verbosity=0)
    document = Document.objects.get()
    before = snapshot(document)
    call_command("ingest", str(path), verbosity=0)
    assert Document.objects.count() == 1
    assert snapshot(document) == before


def test_stored_document_matches_the_parse():
    path = corpus_file("001")
    parsed = parse_bytes(path.read_bytes(), name=path.name)
    document = import_parsed_document(parsed, source=path.read_bytes(), source_name=path.name)
    document = document.document
    assert document.slug == "the-2020-armenian-genocide"
    assert document.is_published and document.year == 2021
    assert document.source_sha256 and document.source_name == path.name
    assert document.sections.count() == len(parsed.sections)
    assert document.footnotes.count() == 132
    assert FootnoteRef.objects.filter(section__document=document).count() == 132
    note = document.footnotes.get(label="12")
    ref = note.refs.get()
    assert ref.section.text[: ref.offset].endswith("the Baku Pogrom of January 1990")
    assert note.section == ref.section
    assert 'id="ref-12"' in ref.section.html and 'href="#fn-12"' in ref.section.html
    assert document.footnotes.get(label="5").is_missing


def test_a_changed_heading_keeps_every_other_anchor_and_redirects_the_old_one():
    sections = [
        ("Introduction", "The war began in September 2020 and lasted forty-four days."),
        ("War Crimes", "Civilians were targeted in Stepanakert and Shushi."),
        ("Conclusion", "Impunity is the fuel of future crimes."),
    ]
    first = import_parsed_document(parsed_document(sections=sections), slug="report")
    ids = dict(first.document.sections.values_list("anchor", "pk"))
    corrected = [sections[0], ("Crimes of War", sections[1][1]), sections[2]]
    second = import_parsed_document(parsed_document(sections=corrected), slug="report")
    document = second.document
    assert list(document.sections.values_list("anchor", flat=True)) == [
        "introduction",
        "crimes-of-war",
        "conclusion",
    ]
    # Unchanged sections keep their rows (and so their permalinks and index entries).
    assert document.sections.get(anchor="introduction").pk == ids["introduction"]
    assert document.sections.get(anchor="conclusion").pk == ids["conclusion"]
    alias = SectionAlias.objects.get(document=document, anchor="war-crimes")
    assert alias.section.anchor == "crimes-of-war"
    assert second.redirects == {"war-crimes": "crimes-of-war"}


def test_an_alias_follows_its_text_through_two_reimports_and_yields_to_a_real_section():
    text = "Civilians were targeted in Stepanakert and Shushi by drones."
    import_parsed_document(parsed_document(sections=[("War Crimes", text)]), slug="r")
    import_parsed_document(parsed_document(sections=[("Crimes", text)]), slug="r")
    import_parsed_document(parsed_document(sections=[("Atrocities", text)]), slug="r")
    aliases = dict(SectionAlias.objects.values_list("anchor", "section__anchor"))
    assert aliases == {"war-crimes": "atrocities", "crimes": "atrocities"}
    import_parsed_document(parsed_document(sections=[("War Crimes", text)]), slug="r")
    aliases = dict(SectionAlias.objects.values_list("anchor", "section__anchor"))
    assert "war-crimes" not in aliases
    assert aliases == {"crimes": "war-crimes", "atrocities": "war-crimes"}


def test_plan_anchors_sends_a_vanished_anchor_to_the_section_holding_its_text():
    new = parsed_document(
        sections=[("Intro", "alpha beta gamma delta"), ("Body", "the quick brown fox jumps")]
    ).sections
    anchors, moved = plan_anchors(
        [("intro", "Intro", "alpha beta gamma delta"), ("old", "Old", "the quick brown fox")],
        list(new),
    )
    assert anchors == ["intro", "body"]
    assert moved == {"old": 1}


def test_a_failure_while_storing_leaves_nothing_behind(monkeypatch):
    parsed = parsed_document()
    bad = replace(parsed, footnotes=parsed.footnotes)
    import portal.ingest.load as load

    def explode(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(load, "_store_footnotes", explode)
    with pytest.raises(RuntimeError):
        import_parsed_document(bad, slug="atomic")
    assert not Document.objects.filter(slug="atomic").exists()
    assert Section.objects.count() == 0
