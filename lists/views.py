"""Reading-list pages: start, add to, edit (secret link), read (share link), export.

Every page is ``noindex`` and sends no referrer, so neither token leaks to a
search engine or to the sites a passage links to. The edit view serves the
whole page or, to HTMX, the ``list-items`` partial.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django.views.decorators.vary import vary_on_headers

from portal.htmx import page_or_partial

from . import services
from .models import ReadingList

ACTIONS = {"update", "note", "up", "down", "remove"}


def _private(response: HttpResponse) -> HttpResponse:
    response["X-Robots-Tag"] = "noindex, nofollow"
    response["Referrer-Policy"] = "no-referrer"
    return response


@require_GET
@never_cache
def start(request: HttpRequest) -> HttpResponse:
    context = {"current": services.current_list(request)}
    return _private(render(request, "lists/start.html", context))


@require_POST
def new(request: HttpRequest) -> HttpResponse:
    try:
        reading_list = services.create_list(request, request.POST.get("title", ""))
    except services.ListError as exc:
        return _private(render(request, "lists/start.html", {"error": str(exc)}, status=429))
    return redirect(reading_list.get_edit_url())


@require_POST
def add(request: HttpRequest) -> HttpResponse:
    """Add a passage to this browser's list, starting one if it has none."""
    try:
        reading_list = services.current_list(request) or services.create_list(request)
        item = services.add_item(reading_list, request, request.POST)
    except services.ListError as exc:
        status = 429 if "Too many" in str(exc) else 400
        context = {"error": str(exc), "current": services.current_list(request)}
        return _private(render(request, "lists/start.html", context, status=status))
    back = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(back, {request.get_host()}):
        back = ""
    url = reading_list.get_edit_url()
    return redirect(f"{url}?back={back}#item-{item.pk}" if back else f"{url}#item-{item.pk}")


@require_http_methods(["GET", "POST"])
@never_cache
@vary_on_headers("HX-Request")
def edit(request: HttpRequest, token: str) -> HttpResponse:
    reading_list = get_object_or_404(ReadingList, edit_token=token)
    error = ""
    if request.method == "POST":
        try:
            _apply(reading_list, request.POST)
        except services.ListError as exc:
            error = str(exc)
        if not error and not getattr(request, "htmx", None):
            return redirect(reading_list.get_edit_url())
    request.session[services.SESSION_KEY] = reading_list.edit_token
    context = _context(request, reading_list, editable=True, error=error)
    template = page_or_partial(request, "lists/list_detail.html", "list-items")
    # htmx swaps only 2xx answers: its partial carries the error in a 200.
    status = 400 if error and template.endswith(".html") else 200
    return _private(render(request, template, context, status=status))


def _apply(reading_list: ReadingList, data) -> None:
    action = data.get("action", "")
    if action not in ACTIONS:
        raise services.ListError("Unknown change.")
    if action == "update":
        return services.update_list(reading_list, data)
    item = reading_list.items.filter(pk=data.get("item") or 0).first()
    if item is None:
        raise services.ListError("That passage is no longer in the list.")
    if action == "note":
        services.update_note(item, data.get("note", ""))
    elif action == "remove":
        item.delete()
    else:
        services.move_item(item, -1 if action == "up" else 1)


@require_GET
def shared(request: HttpRequest, token: str) -> HttpResponse:
    reading_list = get_object_or_404(ReadingList, share_token=token)
    return _private(render(request, "lists/list_detail.html", _context(request, reading_list)))


@require_GET
def export(request: HttpRequest, token: str) -> HttpResponse:
    reading_list = get_object_or_404(ReadingList, share_token=token)
    base = request.build_absolute_uri("/").rstrip("/")
    response = HttpResponse(
        services.as_markdown(reading_list, base), content_type="text/markdown; charset=utf-8"
    )
    response["Content-Disposition"] = 'inline; filename="reading-list.md"'
    return _private(response)


def _context(request: HttpRequest, reading_list: ReadingList, editable=False, error="") -> dict:
    items = reading_list.items.select_related("document")
    back = request.GET.get("back", "")
    if not url_has_allowed_host_and_scheme(back, {request.get_host()}):
        back = ""
    return {
        "list": reading_list,
        "passages": [services.resolve(item) for item in items],
        "editable": editable,
        "error": error,
        "back": back,
        "share_url": request.build_absolute_uri(reading_list.get_absolute_url()),
        "edit_url": request.build_absolute_uri(reading_list.get_edit_url()),
    }
