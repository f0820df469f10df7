"""``/feed/``: newly published documents, for readers who follow the library in a feed reader."""

from django.contrib.syndication.views import Feed
from django.urls import reverse_lazy
from django.utils.feedgenerator import Atom1Feed

from .models import Document


class LatestDocumentsFeed(Feed):
    feed_type = Atom1Feed
    title = "Lectern: new in the library"
    link = reverse_lazy("portal:library")
    subtitle = "Documents recently added to the library."

    def items(self):
        return Document.objects.published().order_by("-created")[:30]

    def item_title(self, item: Document) -> str:
        return item.title

    def item_description(self, item: Document) -> str:
        # Plain text: the feed framework escapes it.
        return item.summary or item.subtitle or item.authors_display

    def item_author_name(self, item: Document) -> str:
        return item.authors_display

    def item_pubdate(self, item: Document):
        return item.created

    def item_updateddate(self, item: Document):
        return item.updated
