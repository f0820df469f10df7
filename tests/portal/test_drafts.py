"""Drafts are readable only by staff with the view permission, in every view."""

import pytest
from django.contrib.auth.models import Permission, User

from tests.factories import make_document

pytestmark = pytest.mark.django_db


@pytest.fixture
def draft():
    return make_document(
        slug="draft-report",
        status="draft",
        sections=[("Introduction", "Secret findings about the water station.")],
        notes={"1": "A confidential source."},
        refs={"introduction": [("1", 10)]},
    )


def draft_urls(document) -> list[str]:
    section = document.sections.get()
    note = document.footnotes.get()
    return [
        document.get_absolute_url(),
        section.get_absolute_url(),
        note.get_absolute_url(),
        f"/d/{document.slug}/export.md",
        f"/d/{document.slug}/export.json",
        f"/api/documents/{document.slug}",
    ]


def _staff(*codenames: str) -> User:
    user = User.objects.create_user("staff", password="pw", is_staff=True)
    user.user_permissions.add(*Permission.objects.filter(codename__in=codenames))
    return user


def test_anonymous_readers_get_404_on_every_draft_url(client, draft):
    for url in draft_urls(draft):
        assert client.get(url).status_code == 404, url


def test_staff_without_permissions_get_404_on_every_draft_url(client, draft):
    client.force_login(_staff())
    for url in draft_urls(draft):
        response = client.get(url)
        assert response.status_code == 404, url
        assert b"water station" not in response.content and b"confidential" not in response.content


@pytest.mark.parametrize("codename", ["view_document", "change_document"])
def test_staff_who_may_view_documents_read_drafts_everywhere(client, draft, codename):
    client.force_login(_staff(codename))
    for url in draft_urls(draft):
        assert client.get(url).status_code == 200, url
    page = client.get(draft.get_absolute_url()).content.decode()
    assert "water station" in page and 'class="draft-flag"' in page


def test_a_published_document_shows_no_draft_flag(client):
    document = make_document(slug="public")
    page = client.get(document.get_absolute_url()).content.decode()
    assert 'class="draft-flag"' not in page


def test_favicon_is_not_a_404(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 301 and response["Location"].endswith(".svg")
    page = client.get("/").content.decode()
    assert 'rel="icon"' in page
