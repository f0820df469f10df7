"""The admin: browse documents, sections and notes; upload, preview and publish new files."""

from __future__ import annotations

from django.contrib import admin
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.http import content_disposition_header

from .editing import DocumentForm, SectionForm
from .models import Document, Footnote, FootnoteRef, Section, SectionAlias, Upload
from .uploads import views as upload_views


class ImportedPartAdmin(admin.ModelAdmin):
    """Sections, notes and refs come from imports: edited in place, never added or deleted here.

    Their ``html`` is rendered on save (``portal.rendering``) and never shown as a field.
    """

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def save_model(self, request: HttpRequest, obj, form, change: bool):
        super().save_model(request, obj, form, change)
        new_version(obj)


def new_version(part) -> None:
    """Reading pages are cached per document version (``portal.reader``): an edit makes one."""
    Document.objects.filter(pk=part.document_id).update(updated=timezone.now())


class SectionInline(admin.TabularInline):
    model = Section
    fields = ("position", "level", "heading", "anchor", "word_count", "start_page")
    readonly_fields = fields
    extra = 0
    show_change_link = True
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj=None) -> bool:
        return False


class FootnoteInline(admin.TabularInline):
    model = Footnote
    fields = ("label", "text", "section")
    readonly_fields = fields
    extra = 0
    show_change_link = True
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj=None) -> bool:
        return False


@admin.register(Document)
class DocumentAdmin(admin.ModelAdmin):
    form = DocumentForm
    list_display = ("title", "slug", "doc_type", "date", "status", "source_format", "updated")
    list_filter = ("status", "doc_type", "source_format", "year", "language")
    search_fields = ("title", "subtitle", "slug", "summary", "source_name", "source_sha256")
    prepopulated_fields = {"slug": ("title",)}
    readonly_fields = (
        "source_link",
        "source_name",
        "source_format",
        "source_sha256",
        "uploaded_by",
        "created",
        "updated",
        "warnings",
        "edited_fields",
        "export_links",
    )
    inlines = (SectionInline, FootnoteInline)
    date_hierarchy = "created"

    def save_model(self, request: HttpRequest, obj: Document, form: DocumentForm, change: bool):
        if change:  # a first save is an import by hand: nothing to keep against yet
            obj.edited_fields = form.edited_fields()
        super().save_model(request, obj, form, change)

    @admin.display(description="Source file")
    def source_link(self, obj: Document) -> str:
        if not obj.source_id:
            return "—"
        url = reverse("admin:portal_document_source", args=[obj.pk])
        return format_html('<a href="{}">{}</a>', url, obj.source_name or "Download")

    def get_urls(self):
        view = self.admin_site.admin_view(self.source_view)
        return [path("<int:pk>/source/", view, name="portal_document_source"), *super().get_urls()]

    def source_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        """The file the document was imported from, read from the database."""
        document = get_object_or_404(Document.objects.select_related("source"), pk=pk)
        if not self.has_view_permission(request, document) or document.source is None:
            raise Http404("No source file.")
        response = HttpResponse(document.source.read(), content_type="application/octet-stream")
        name = document.source_name or f"{document.slug}.{document.source_format or 'bin'}"
        response["Content-Disposition"] = content_disposition_header(True, name)
        return response

    @admin.display(description="Export")
    def export_links(self, obj: Document) -> str:
        if not obj.pk:
            return "—"
        md = reverse("portal:document-export", args=[obj.slug, "md"])
        js = reverse("portal:document-export", args=[obj.slug, "json"])
        return format_html('<a href="{}">Markdown</a> · <a href="{}">JSON</a>', md, js)


@admin.register(Section)
class SectionAdmin(ImportedPartAdmin):
    form = SectionForm
    list_display = ("__str__", "document", "position", "level", "anchor", "word_count")
    list_filter = ("level", "document")
    search_fields = ("heading", "anchor", "text", "document__title")
    list_select_related = ("document",)
    fields = ("document", "position", "anchor", "heading", "level", "text", "start_page")
    # The anchor is the permalink readers shared; a re-import manages it and its aliases.
    readonly_fields = ("document", "position", "anchor", "word_count")

    def save_model(self, request: HttpRequest, obj: Section, form: SectionForm, change: bool):
        form.store(obj)
        new_version(obj)


@admin.register(Footnote)
class FootnoteAdmin(ImportedPartAdmin):
    list_display = ("__str__", "document", "position", "section")
    list_filter = ("document",)
    search_fields = ("label", "text", "document__title")
    list_select_related = ("document", "section")
    fields = ("document", "label", "position", "section", "text")
    # The label is printed in the text's markers and in the note's URL.
    readonly_fields = ("document", "label", "position", "section")


@admin.register(FootnoteRef)
class FootnoteRefAdmin(ImportedPartAdmin):
    """Read-only: markers are edited inside their section's text."""

    list_display = ("__str__", "section", "footnote", "offset")
    list_filter = ("section__document",)
    search_fields = ("footnote__label", "section__anchor", "section__document__title")
    list_select_related = ("section", "footnote")

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return False


@admin.register(SectionAlias)
class SectionAliasAdmin(admin.ModelAdmin):
    list_display = ("anchor", "section", "document", "created")
    list_filter = ("document",)
    search_fields = ("anchor", "section__anchor", "document__title")
    raw_id_fields = ("document", "section")


@admin.register(Upload)
class UploadAdmin(admin.ModelAdmin):
    """Uploads are listed here; adding one goes to the upload page, opening one to its preview."""

    list_display = (
        "original_name",
        "status",
        "progress",
        "source_format",
        "uploaded_by",
        "created",
    )
    list_filter = ("status", "source_format")
    search_fields = ("original_name", "sha256")
    list_display_links = None

    def has_module_permission(self, request: HttpRequest) -> bool:
        return upload_views.can_upload(request.user)

    def has_view_permission(self, request: HttpRequest, obj=None) -> bool:
        return upload_views.can_upload(request.user)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return upload_views.can_upload(request.user)

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return False  # reviewed and published through the preview, not edited as a row

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return upload_views.can_upload(request.user)

    def get_list_display(self, request: HttpRequest):
        return ("review_link", *self.list_display[1:])

    @admin.display(description="File", ordering="original_name")
    def review_link(self, obj: Upload) -> str:
        url = reverse("admin:portal_upload_preview", args=[obj.pk])
        return format_html('<a href="{}">{}</a>', url, obj.original_name)

    def add_view(self, request, form_url="", extra_context=None):
        return redirect("admin:portal_upload_new")

    def get_urls(self):
        def wrap(view):
            def inner(request, *args, **kwargs):
                context = self.admin_site.each_context(request) | {"opts": self.opts}
                return view(request, *args, admin_context=context, **kwargs)

            return self.admin_site.admin_view(inner)

        return [
            path("new/", wrap(upload_views.upload_new), name="portal_upload_new"),
            path(
                "<int:pk>/preview/", wrap(upload_views.upload_preview), name="portal_upload_preview"
            ),
            *super().get_urls(),
        ]
