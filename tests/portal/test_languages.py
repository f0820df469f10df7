"""A document's language: detected at import, editable, written in ``lang`` on its pages."""

import pytest
from django.core.management import call_command

from portal.ingest import parse_bytes
from portal.languages import detect_language, normalize, with_detected_language
from portal.models import Document
from tests.conftest import CORPUS_DIR

FRENCH = """# Rapport de mission

La délégation s'est rendue dans la région au mois de mai. Elle a rencontré les
représentants des communes, qui ont décrit les dégâts causés aux réseaux d'eau.

Les habitants déplacés vivent encore dans des écoles et des gymnases, faute de
logements. Les autorités locales demandent une aide d'urgence pour l'hiver.
"""
GERMAN = """# Bericht der Mission

Die Delegation besuchte die Region im Mai. Sie traf die Vertreter der Gemeinden,
die die Schäden an der Wasserversorgung beschrieben haben.

Die vertriebenen Bewohner leben noch immer in Schulen und Turnhallen, weil es an
Wohnungen fehlt. Die örtlichen Behörden bitten um Nothilfe für den Winter.
"""
RUSSIAN = """# Доклад миссии

Делегация посетила регион в мае. Она встретилась с представителями общин, которые
описали ущерб, нанесённый системам водоснабжения.

Перемещённые жители до сих пор живут в школах и спортивных залах, потому что не
хватает жилья. Местные власти просят о срочной помощи на зиму.
"""


@pytest.mark.parametrize("path", sorted(CORPUS_DIR.glob("0*.txt")), ids=lambda p: p.name[:3])
def test_the_corpus_is_detected_as_english(path):
    parsed = with_detected_language(parse_bytes(path.read_bytes(), name=path.name))
    assert parsed.language == "en"


@pytest.mark.parametrize(
    "text, code", [(FRENCH, "fr"), (GERMAN, "de"), (RUSSIAN, "ru")], ids=["fr", "de", "ru"]
)
def test_french_german_and_russian_documents_are_detected(text, code):
    parsed = parse_bytes(text.encode(), name=f"mission-{code}.md")
    assert with_detected_language(parsed).language == code


def test_short_or_unclear_text_keeps_the_default_and_tags_are_normalised():
    assert detect_language("Annex 3: 2021-2022") == "en"
    assert detect_language("1 2 3 4 5 6 7 8 9 10 11 12") == "en"
    assert normalize("en-US") == "en" and normalize("fr_CA") == "fr"
    assert normalize("zh") == "zh-hans" and normalize("xx-unknown") == "en"


def test_a_language_the_file_names_is_kept():
    text = "---\ntitle: 'Report'\nlang: de\n---\n\n" + FRENCH.split("\n", 2)[2]
    parsed = parse_bytes(text.encode(), name="named.md")
    assert with_detected_language(parsed).language == "de"


@pytest.mark.django_db
def test_ingest_stores_the_language_and_pages_carry_it(tmp_path, client):
    path = tmp_path / "rapport.md"
    path.write_text(FRENCH, encoding="utf-8")
    call_command("ingest", str(path), verbosity=0)
    document = Document.objects.get()
    assert document.language == "fr"
    section = document.sections.get()
    for url in (document.get_absolute_url(), section.get_absolute_url()):
        page = client.get(url).content.decode()
        assert page.startswith('<!doctype html>\n<html lang="fr"'), url
        assert '<header class="site-header" lang="en">' in page
    library = client.get("/").content.decode()
    assert '<h3 lang="fr"><a href="/d/rapport-de-mission/">' in library
