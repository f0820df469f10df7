"""``manage.py load_corpus``: import the documents in ``corpus/`` (idempotent)."""

from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand

from portal.ingest import all_formats


class Command(BaseCommand):
    help = "Ingest every document in the corpus folder; unchanged documents stay as they are."

    def add_arguments(self, parser):
        parser.add_argument("--dir", default=str(settings.CORPUS_DIR))

    def handle(self, *args, **options):
        extensions = {ext for fmt in all_formats().values() for ext in fmt.extensions}
        paths = sorted(
            str(p)
            for p in Path(options["dir"]).iterdir()
            if p.is_file()
            and p.suffix.lower() in extensions
            and not p.name.upper().startswith("README")
        )
        if paths:
            # A corrected corpus file (same name and title) replaces its document.
            call_command("ingest", *paths, "--replace", verbosity=options["verbosity"])
