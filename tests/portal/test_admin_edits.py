"""Staff edits in the admin: text is text, HTML is rendered from it, markers stay in step."""

import pytest
from django.contrib.auth.models import User
from django.urls import reverse

from portal.models import Footnote, FootnoteRef, Section
from portal.rendering import paragraph_spans, render_note, render_section
from tests.factories import make_document

pytestmark = pytest.mark.django_db

TEXT = "The war began in 2020.\n\nCivilians were targeted in Stepanakert."


@pytest.fixture
def document():
    return make_document(
        slug="report",
        sections=[("Introduction", TEXT)],
        notes={"1": "See the report.", "2": "Ibid."},
        refs={"introduction": [("1", 22)]},
    )


@pytest.fixture
def admin_client(client):
    client.force_login(User.objects.create_superuser("root", "root@example.org", "pw"))
    return client


def _edit_section(client, section, text, **extra):
    url = reverse("admin:portal_section_change", args=[section.pk])
    data = {"heading": section.heading, "level": section.level, "text": text, "start_page": ""}
    return client.post(url, data | extra)


def test_the_section_form_shows_markers_inline_and_no_html_field(admin_client, document):
    section = document.sections.get()
    page = admin_client.get(reverse("admin:portal_section_change", args=[section.pk])).content
    assert b"The war began in 2020.[^1]" in page
    assert b'name="html"' not in page and b'name="anchor"' not in page


def test_script_typed_into_text_is_escaped_on_the_public_page(admin_client, document):
    section = document.sections.get()
    hostile = "<script>alert('x')</script> <b onclick=evil()>bold</b>[^1]\n\nMore."
    response = _edit_section(admin_client, section, hostile)
    assert response.status_code == 302
    section.refresh_from_db()
    assert section.text.startswith("<script>alert")  # kept as typed: it is text
    page = admin_client.get(document.get_absolute_url()).content.decode()
    main = page[page.index("<main") : page.index("</main>")]
    assert "<script>alert" not in main and "<b onclick" not in main
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in main


def test_html_follows_the_text_and_the_moved_marker_after_an_edit(admin_client, document):
    section = document.sections.get()
    edited = "The war began in 2020.\r\n\r\nCivilians[^2] were targeted in Stepanakert.[^1]"
    assert _edit_section(admin_client, section, edited).status_code == 302
    section.refresh_from_db()
    assert section.text == "The war began in 2020.\n\nCivilians were targeted in Stepanakert."
    refs = sorted(section.refs.values_list("offset", "footnote__label"))
    assert refs == [(33, "2"), (len(section.text), "1")]
    assert section.html == render_section(section.text, refs, "introduction")
    assert section.word_count == 10
    assert '<p id="introduction-p2" data-p="2">Civilians<sup class="fn-ref">' in section.html
    assert Footnote.objects.get(document=document, label="2").section == section


def test_a_marker_for_a_note_the_document_lacks_is_refused(admin_client, document):
    section = document.sections.get()
    response = _edit_section(admin_client, section, "Changed.[^99]")
    assert response.status_code == 200
    assert "This document has no note 99" in response.content.decode()
    section.refresh_from_db()
    assert section.text == TEXT and section.refs.count() == 1


def test_a_note_edit_rerenders_its_html_and_the_note_page_escapes_it(admin_client, document):
    note = Footnote.objects.get(document=document, label="1")
    url = reverse("admin:portal_footnote_change", args=[note.pk])
    assert b'name="html"' not in admin_client.get(url).content
    response = admin_client.post(url, {"text": "<img src=x onerror=alert(1)> see www.un.org"})
    assert response.status_code == 302
    note.refresh_from_db()
    assert note.html == render_note(note.text)
    page = admin_client.get(note.get_absolute_url()).content.decode()
    assert "<img" not in page and "&lt;img src=x onerror=alert(1)&gt;" in page
    assert 'href="https://www.un.org"' in page


def test_refs_are_read_only_and_parts_cannot_be_added(admin_client, document):
    ref = FootnoteRef.objects.get()
    url = reverse("admin:portal_footnoteref_change", args=[ref.pk])
    admin_client.post(url, {"offset": 0})
    ref.refresh_from_db()
    assert ref.offset == 22
    assert admin_client.get(reverse("admin:portal_section_add")).status_code == 403
    assert admin_client.get(reverse("admin:portal_footnote_add")).status_code == 403


def test_paragraphs_are_numbered_with_anchored_ids():
    text = "First.\n\n- one\n\n- two\n \n\nLast line\nwith a break."
    assert [text[s:e] for s, e in paragraph_spans(text)] == [
        "First.",
        "- one",
        "- two",
        "Last line\nwith a break.",
    ]
    html = render_section(text, [(6, "1"), (7, "2")], "intro")
    assert html.startswith('<p id="intro-p1" data-p="1">First.<sup class="fn-ref">')
    assert '<li id="intro-p2" data-p="2">one</li><li id="intro-p3" data-p="3">two</li>' in html
    assert '<p id="intro-p4" data-p="4">Last line<br>with a break.</p>' in html
    # The marker in the gap after "First." belongs to that paragraph.
    assert html.count("fn-ref") == 2 and html.index('data-note="2"') < html.index("intro-p2")


def test_a_section_saved_on_its_own_renders_from_its_stored_refs(document):
    section = Section.objects.get()
    section.text = section.text.replace("war", "conflict")
    section.save()
    assert "conflict" in section.html and 'data-note="1"' in section.html
