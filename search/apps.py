from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "search"
    verbose_name = "Search"

    def ready(self) -> None:
        from portal import marking

        from . import checks, signals  # noqa: F401
        from .service import reader_marker

        signals.connect()
        marking.register(reader_marker)
