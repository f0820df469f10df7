"""``manage.py check_index [--backend NAME]``: exit 1 listing how the index and database differ."""

from django.core.management.base import BaseCommand, CommandError

from search.backends import search_backends

SHOW = 50


class Command(BaseCommand):
    help = "Compare the search index with the database: missing, stale and extra entries."

    def add_arguments(self, parser):
        parser.add_argument("--backend", help="Only this alias of SEARCH_BACKENDS.")

    def handle(self, *args, **options):
        aliases = [options["backend"]] if options["backend"] else list(search_backends.settings)
        problems = []
        for alias in aliases:
            problems += [
                f"{alias}: {line}" for line in search_backends[alias].compare_with_database()
            ]
        if problems:
            for line in problems[:SHOW]:
                self.stderr.write(line)
            if len(problems) > SHOW:
                self.stderr.write(f"... and {len(problems) - SHOW} more")
            raise CommandError(
                f"The index differs from the database in {len(problems)} entries: "
                "run `manage.py rebuild_index`.",
                returncode=1,
            )
        if options["verbosity"] > 0:
            self.stdout.write("The index is in step with the database.")
