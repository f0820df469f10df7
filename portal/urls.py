"""The site's URLs: the admin, search (``search.urls``) and the reading pages (``portal``)."""

from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.http import HttpResponsePermanentRedirect
from django.templatetags.static import static
from django.urls import include, path

from . import export, health, views
from .feeds import LatestDocumentsFeed
from .sitemaps import SITEMAPS

reader_patterns = [
    path("", views.library, name="library"),
    path("d/<slug:slug>/", views.document_detail, name="document-detail"),
    path("d/<slug:slug>/s/<slug:anchor>/", views.section_detail, name="section-detail"),
    path("d/<slug:slug>/notes/<str:label>/", views.footnote_detail, name="footnote-detail"),
    path(
        "d/<slug:slug>/export.<str:fmt>",
        export.document_export,
        name="document-export",
    ),
    path("api/documents", views.api_documents, name="api-documents"),
    path("api/documents/<slug:slug>", views.api_document, name="api-document"),
    path("feed/", LatestDocumentsFeed(), name="feed"),
    path(
        "sitemap.xml",
        sitemap,
        {"sitemaps": SITEMAPS},
        name="sitemap",
    ),
]

urlpatterns = [
    path("admin/", admin.site.urls),
    path("healthz", health.healthz, name="healthz"),
    # Browsers ask for /favicon.ico whatever the page links to; the hashed name is per request.
    path("favicon.ico", lambda request: HttpResponsePermanentRedirect(static("favicon.svg"))),
    path("", include("search.urls")),
    path("", include("portal.citing.urls")),
    path("", include("lists.urls")),
    path("", include((reader_patterns, "portal"))),
]
