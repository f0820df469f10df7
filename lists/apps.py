from django.apps import AppConfig


class ListsConfig(AppConfig):
    name = "lists"
    verbose_name = "Reading lists and passage versions"

    def ready(self) -> None:
        # Connected here so that portal's loader never needs to know this app exists.
        from . import versions

        versions.connect()
