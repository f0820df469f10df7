"""``manage.py ingest PATH [PATH ...] [--dry-run] [--json] [--slug SLUG] [--format FMT]``."""

import json
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from portal.ingest import IngestError, all_formats, parse_bytes
from portal.ingest.load import import_parsed_document


class Command(BaseCommand):
    help = "Parse documents and store, publish and index them (or only show the parse)."

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", metavar="PATH")
        parser.add_argument("--dry-run", action="store_true", help="Parse only; store nothing.")
        parser.add_argument("--json", action="store_true", help="Print the parse as JSON.")
        parser.add_argument("--slug", help="The document's slug (one PATH only).")
        parser.add_argument("--format", choices=list(all_formats()), help="Skip format detection.")

    def handle(self, *args, **options):
        paths = [Path(p) for p in options["paths"]]
        if options["slug"] and len(paths) > 1:
            raise CommandError("--slug names one document: give a single PATH with it.")
        outputs, failures = [], 0
        for path in paths:
            try:
                outputs.append(self._ingest(path, options))
            except IngestError as exc:
                failures += 1
                self.stderr.write(f"{path}: {exc}")
        if options["json"]:
            payload = outputs[0] if len(paths) == 1 and outputs else outputs
            self.stdout.write(json.dumps(payload, ensure_ascii=False, indent=2))
        if failures:
            raise CommandError(f"{failures} of {len(paths)} file(s) could not be imported.")

    def _ingest(self, path: Path, options) -> dict:
        data = read_source(path)
        parsed = parse_bytes(data, name=path.name, fmt=options["format"])
        result = parsed.to_json()
        if options["dry_run"]:
            return result
        outcome = import_parsed_document(
            parsed, slug=options["slug"], source=data, source_name=path.name
        )
        doc = outcome.document
        result["slug"] = doc.slug
        if not options["json"] and options["verbosity"] > 0:
            state = (
                "created" if outcome.created else ("updated" if outcome.changed else "unchanged")
            )
            self.stdout.write(
                f"{path.name}: {state} “{doc.title}” as /d/{doc.slug}/ "
                f"({doc.sections.count()} sections, {doc.footnotes.count()} notes, "
                f"{len(doc.warnings)} warnings)"
            )
            for anchor, target in outcome.redirects.items():
                self.stdout.write(f"  #{anchor} now redirects to #{target}")
        return result


def read_source(path: Path) -> bytes:
    """Read a file, refusing what is not a readable regular file or is over the size limit."""
    if not path.is_file():
        raise IngestError("No such file.")
    size = path.stat().st_size
    limit = settings.LECTERN_MAX_UPLOAD_BYTES
    if size > limit:
        raise IngestError(
            f"The file is {size / 1e6:.1f} MB, over the {limit / 1e6:.0f} MB limit: "
            "split it or raise LECTERN_MAX_UPLOAD_BYTES."
        )
    try:
        return path.read_bytes()
    except OSError as exc:
        raise IngestError(f"The file cannot be read ({exc.strerror}).") from None
