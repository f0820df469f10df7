"""``manage.py ingest PATH [PATH ...] [--dry-run] [--json] [--slug SLUG] [--replace] [--format F]``.

Each file becomes a new document unless the identity policy of
``portal.ingest.load`` says which one it replaces: ``--slug`` names it, the same
bytes are the same document ("unchanged" when nothing differs), and ``--replace``
takes a file with the same name and title as a corrected version. Several files
never overwrite one another: two "Annual Report"s become ``annual-report`` and
``annual-report-2``.
"""

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.template.defaultfilters import pluralize

from portal.ingest import IngestError, all_formats, parse_bytes
from portal.ingest.base import ParsedDocument
from portal.ingest.load import ImportResult, import_parsed_document, same_source, sha256
from portal.ingest.serialize import to_json
from portal.languages import with_detected_language
from portal.uploads.validation import check_size


class Command(BaseCommand):
    help = "Parse documents and store, publish and index them (or only show the parse)."

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", metavar="PATH")
        parser.add_argument("--dry-run", action="store_true", help="Parse only; store nothing.")
        parser.add_argument("--json", action="store_true", help="Print the parse as JSON.")
        parser.add_argument(
            "--slug", help="Store as the document at /d/SLUG/, replacing it (one PATH only)."
        )
        parser.add_argument(
            "--replace",
            action="store_true",
            help="Take a file with the same name and title as a stored document as its "
            "corrected version and replace it (otherwise it becomes a new document).",
        )
        parser.add_argument("--format", choices=list(all_formats()), help="Skip format detection.")

    def handle(self, *args, **options):
        paths = [Path(p) for p in options["paths"]]
        if options["slug"] and len(paths) > 1:
            raise CommandError("--slug names one document: give a single PATH with it.")
        outputs, failures = [], 0
        self.written: set[int] = set()  # documents this run stored: none replaces another
        for path in paths:
            try:
                outputs.append(self._ingest(path, options))
            except IngestError as exc:
                failures += 1
                self.stderr.write(f"{path}: {exc}")
        if options["json"] and outputs:
            payload = outputs[0] if len(paths) == 1 else outputs
            self.stdout.write(json.dumps(payload, ensure_ascii=False, indent=2))
        if failures:
            stored = "checked" if options["dry_run"] else "imported"
            raise CommandError(f"{failures} of {len(paths)} file(s) could not be {stored}.")

    def _ingest(self, path: Path, options) -> dict:
        data = read_source(path)
        parsed = parse_bytes(data, name=path.name, fmt=options["format"])
        parsed = with_detected_language(parsed)
        result = to_json(parsed)
        talk = not options["json"] and options["verbosity"] > 0
        if options["dry_run"]:
            if talk:
                self._describe_parse(path, parsed, data)
            return result
        outcome = import_parsed_document(
            parsed,
            slug=options["slug"],
            replace=options["replace"],
            source=data,
            source_name=path.name,
            spare=self.written,
        )
        self.written.add(outcome.document.pk)
        result["slug"] = outcome.document.slug
        result["state"] = outcome.state
        if talk:
            self._describe_import(path, outcome)
        return result

    def _describe_parse(self, path: Path, parsed: ParsedDocument, data: bytes) -> None:
        same = same_source(sha256(data))
        where = f"; the same file as /d/{same.slug}/" if same else ""
        self.stdout.write(
            f"{path.name}: {parsed.source_format} “{parsed.title}”, language {parsed.language}, "
            f"{_sizes(len(parsed.sections), len(parsed.footnotes), len(parsed.warnings))}"
            f"{where} (dry run: nothing stored)"
        )
        for warning in parsed.warnings:
            self.stdout.write(f"  warning: {warning}")

    def _describe_import(self, path: Path, outcome: ImportResult) -> None:
        doc = outcome.document
        sizes = _sizes(doc.sections.count(), doc.footnotes.count(), len(doc.warnings))
        self.stdout.write(f"{path.name}: {outcome.state} “{doc.title}” as /d/{doc.slug}/ {sizes}")
        for anchor, target in outcome.redirects.items():
            self.stdout.write(f"  #{anchor} now redirects to #{target}")
        if outcome.similar is not None:
            self.stdout.write(
                f"  /d/{outcome.similar.slug}/ came from a file of the same name and title; "
                "it was left as it is (pass --replace to replace it instead)"
            )


def _sizes(sections: int, notes: int, warnings: int) -> str:
    return (
        f"({sections} section{pluralize(sections)}, {notes} note{pluralize(notes)}, "
        f"{warnings} warning{pluralize(warnings)})"
    )


def read_source(path: Path) -> bytes:
    """Read a file, refusing what is not a readable regular file or is over the size limit."""
    if not path.is_file():
        raise IngestError("No such file.")
    check_size(path.stat().st_size)
    try:
        return path.read_bytes()
    except OSError as exc:
        raise IngestError(f"The file cannot be read ({exc.strerror}).") from None
