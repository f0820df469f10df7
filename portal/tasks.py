"""Background work: parsing an upload runs on the "background" backend (django_tasks_db worker)."""

from django.tasks import task

from portal.uploads.services import parse_stored_upload


@task(backend="background")
def parse_upload(upload_id: int) -> None:
    """Parse the upload ``upload_id``, recording progress and the result on its row."""
    parse_stored_upload(upload_id)
