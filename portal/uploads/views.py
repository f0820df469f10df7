"""Staff views of the upload flow, served inside the admin (``UploadAdmin.get_urls``)."""

from __future__ import annotations

from functools import partial

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.views.decorators.http import require_http_methods
from django_htmx.http import HttpResponseClientRefresh

from portal.htmx import wants_partial
from portal.ingest import IngestError
from portal.models import Upload
from portal.tasks import parse_upload

from .forms import PublishForm, UploadForm
from .services import cancel, change_summary, create_upload, discard, publish
from .validation import upload_limit

UPLOAD_PERMS = ("portal.add_document", "portal.change_document")


def can_upload(user) -> bool:
    return user.is_active and user.is_staff and user.has_perms(UPLOAD_PERMS)


def _check(request: HttpRequest) -> None:
    if not can_upload(request.user):
        raise PermissionDenied("Uploading needs the add and change permissions on documents.")


@require_http_methods(["GET", "POST"])
def upload_new(request: HttpRequest, admin_context: dict) -> HttpResponse:
    """Take one or several files; each valid one is stored and queued for parsing."""
    _check(request)
    form = UploadForm(request.POST or None, request.FILES or None)
    created: list[Upload] = []
    rejected: list[tuple[str, str]] = []
    if request.method == "POST" and form.is_valid():
        for f in form.cleaned_data["files"]:
            try:
                upload = create_upload(f.name, f.read(), request.user)
            except IngestError as exc:
                rejected.append((f.name, str(exc)))
                continue
            transaction.on_commit(partial(parse_upload.enqueue, upload.pk))
            created.append(upload)
        if len(created) == 1 and not rejected:
            return redirect("admin:portal_upload_preview", created[0].pk)
        form = UploadForm()
    context = admin_context | {
        "title": "Upload documents",
        "form": form,
        "created": created,
        "rejected": rejected,
        "recent": Upload.objects.filter(status=Upload.Status.READY)[:10],
        "limit": upload_limit(),
    }
    status = 400 if (rejected and not created) or form.errors else 200
    return TemplateResponse(request, "admin/portal/upload/new.html", context, status=status)


@require_http_methods(["GET", "POST"])
def upload_preview(request: HttpRequest, pk: int, admin_context: dict) -> HttpResponse:
    """Progress while parsing; then the parse to review, edit, publish or discard."""
    _check(request)
    upload = get_object_or_404(Upload.objects.select_related("document"), pk=pk)
    template = "admin/portal/upload/preview.html"
    if wants_partial(request):
        if request.GET.get("part") == "row":
            context = {"upload": upload, "row": True}
            return TemplateResponse(request, template + "#progress", context)
        if request.GET.get("part") == "changes":
            slug = request.GET.get("slug", "")
            context = {"upload": upload, "changes": change_summary(upload, slug)}
            return TemplateResponse(request, template + "#changes", context)
        if not upload.is_pending:
            return HttpResponseClientRefresh()
        return TemplateResponse(request, template + "#progress", {"upload": upload, "poll": True})
    if request.method == "POST" and "cancel" in request.POST:
        if cancel(upload, request.user):
            messages.success(request, f"Cancelled “{upload.original_name}”; nothing was stored.")
        return redirect("admin:portal_upload_preview", upload.pk)
    if request.method == "POST":
        return _act(request, upload, admin_context)
    form = None
    if upload.status == Upload.Status.READY:
        meta = upload.parsed.get("meta", {})
        form = PublishForm.from_meta(meta, kept=_kept(upload, meta.get("slug", "")))
    return _render_preview(request, upload, form, admin_context)


def _kept(upload: Upload, slug: str):
    changes = change_summary(upload, slug)
    return changes.kept if changes else []


def _act(request: HttpRequest, upload: Upload, admin_context: dict) -> HttpResponse:
    if upload.status != Upload.Status.READY:
        messages.error(request, "This upload is not waiting for review any more.")
        return redirect("admin:portal_upload_preview", upload.pk)
    if "discard" in request.POST:
        discard(upload)
        messages.success(request, f"Discarded “{upload.original_name}”; nothing was published.")
        return redirect("admin:portal_upload_new")
    form = PublishForm(request.POST, kept=_kept(upload, request.POST.get("slug", "")))
    if not form.is_valid():
        return _render_preview(request, upload, form, admin_context, status=400)
    result = publish(upload, form.cleaned_data, request.user, use_file=form.use_file)
    verb = "Published" if result.created else "Republished"
    messages.success(request, f"{verb} “{result.document.title}”.")
    return redirect("admin:portal_upload_preview", upload.pk)


def _render_preview(request, upload, form, admin_context, status=200) -> HttpResponse:
    slug = form["slug"].value() if form is not None else ""
    published = upload.status == Upload.Status.PUBLISHED
    context = admin_context | {
        "title": _title(upload),
        "upload": upload,
        "form": form,
        "parsed": upload.parsed,
        "changes": change_summary(upload, slug) if slug else None,
        "published": upload.parsed.get("published", {}) if published else None,
        "poll": upload.is_pending,
    }
    return TemplateResponse(request, "admin/portal/upload/preview.html", context, status=status)


def _title(upload: Upload) -> str:
    if upload.status == Upload.Status.PUBLISHED and upload.document:
        return f"Published “{upload.document.title}”"
    return f"Review “{upload.original_name}”"
