"""Full page or partial: the one test of whether an HTMX request wants only a fragment.

A view renders ``template#partial`` for a plain HTMX swap, and the whole page to
browsers, to boosted requests and to history restores (those two swap the whole page;
a restore after a cache miss must not get a bare fragment).

    return render(request, page_or_partial(request, "search/results.html", "results"), ctx)
"""

from __future__ import annotations

from django.http import HttpRequest
from django_htmx.middleware import HtmxDetails


def wants_partial(request: HttpRequest) -> bool:
    """Whether to answer with a fragment rather than the whole page."""
    htmx: HtmxDetails | None = getattr(request, "htmx", None)
    return bool(htmx) and not (htmx.boosted or htmx.history_restore_request)


def page_or_partial(request: HttpRequest, template: str, partial: str) -> str:
    """``template``, or ``template#partial`` when the request wants a fragment."""
    return f"{template}#{partial}" if wants_partial(request) else template
