"""The project's gunicorn settings for bench/load.py's bare engine app, minus the hook
that warms the portal's search (a bare engine's process has no Django to warm)."""

from pathlib import Path

exec((Path(__file__).resolve().parent.parent / "gunicorn.conf.py").read_text())


def post_worker_init(worker):
    """Nothing to warm: the bare engine opens its index on the first request."""
