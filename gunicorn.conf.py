"""Gunicorn settings from the environment; gunicorn reads this file from its working directory.

``gunicorn portal.wsgi`` then binds HOST:PORT with WEB_CONCURRENCY workers (deploy/README.md).
"""

import os

bind = f"{os.environ.get('HOST', '127.0.0.1')}:{os.environ.get('PORT', '8000')}"
# Two sync workers per core is gunicorn's own advice; a small machine gets two.
workers = int(os.environ.get("WEB_CONCURRENCY", 2))
threads = int(os.environ.get("GUNICORN_THREADS", 1))
# Long reader pages of large documents render in well under this; uploads are parsed
# by the background worker, never in a request.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", 120))
graceful_timeout = 30
keepalive = 5
# Restart workers now and then, so a slow leak never grows without bound.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", 2000))
max_requests_jitter = max_requests // 10
accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-")
errorlog = "-"
# Behind a proxy on this machine, trust its X-Forwarded-* headers.
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1,::1")


def post_worker_init(worker):
    """Warm search in each worker, so the first reader's search is as fast as the second."""
    from search.service import warm

    warm()
