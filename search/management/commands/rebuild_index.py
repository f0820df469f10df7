"""``manage.py rebuild_index [--backend NAME] [--chunk-size N]``: build afresh, swap atomically."""

import time

from django.core.management.base import BaseCommand
from django.utils import timezone

from search.backends import search_backends
from search.backends.whoosh_build import Progress
from search.models import PendingIndex


class Command(BaseCommand):
    help = "Rebuild the search index from the published documents, replacing it atomically."

    def add_arguments(self, parser):
        parser.add_argument("--backend", help="Only this alias of SEARCH_BACKENDS.")
        parser.add_argument("--chunk-size", type=int, default=100, help="Documents per query.")

    def handle(self, *args, **options):
        aliases = [options["backend"]] if options["backend"] else list(search_backends.settings)
        started_at = timezone.now()
        for alias in aliases:
            started = time.monotonic()
            count = search_backends[alias].rebuild(
                chunk_size=options["chunk_size"], progress=self._progress(options)
            )
            if options["verbosity"] > 0:
                seconds = time.monotonic() - started
                self.stdout.write(f"{alias}: indexed {count} entries in {seconds:.1f} s.")
        if not options["backend"]:
            # Everything committed before the rebuild started is in it now.
            PendingIndex.objects.filter(created__lt=started_at).delete()

    def _progress(self, options):
        if options["verbosity"] < 1:
            return None
        if options["verbosity"] == 1:
            return Progress(self.stdout.write)  # a line every few seconds
        return lambda document, count: self.stdout.write(f"  {document.slug}: {count} entries")
