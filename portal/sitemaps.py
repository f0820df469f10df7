"""``/sitemap.xml``: every published document and section permalink."""

from django.contrib.sitemaps import Sitemap

from .models import Document, Section


class DocumentSitemap(Sitemap):
    changefreq = "monthly"
    priority = 0.8

    def items(self):
        return Document.objects.published().order_by("pk")

    def lastmod(self, item: Document):
        return item.updated


class SectionSitemap(Sitemap):
    changefreq = "monthly"
    priority = 0.5

    def items(self):
        return Section.objects.published().select_related("document").in_reading_order()

    def lastmod(self, item: Section):
        return item.document.updated


SITEMAPS = {"documents": DocumentSitemap, "sections": SectionSitemap}
