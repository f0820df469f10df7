"""Lectern settings: embedded defaults, deploy differences from the environment.

DATABASE_URL (default SQLite under var/), SEARCH_INDEX_DIR (default var/index),
SECRET_KEY, DEBUG, ALLOWED_HOSTS: one checkout can serve a second library by
pointing these elsewhere. README.md ("Configuration") lists every variable.
"""

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("LECTERN_VAR_DIR", BASE_DIR / "var"))


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


DEBUG = env_bool("DEBUG", False)
DEVELOPMENT_KEY = "lectern-insecure-development-key-change-me"
# A fixed development key is fine for the embedded default; production sets SECRET_KEY.
SECRET_KEY = os.environ.get("SECRET_KEY", DEVELOPMENT_KEY)
LOCAL_HOSTS = {"127.0.0.1", "localhost", "testserver", "[::1]"}
ALLOWED_HOSTS = [
    h.strip()
    for h in os.environ.get("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver").split(",")
    if h.strip()
]
# Production: serving names other than this machine's (or LECTERN_PRODUCTION=1).
PRODUCTION = env_bool("LECTERN_PRODUCTION", not DEBUG and not set(ALLOWED_HOSTS) <= LOCAL_HOSTS)
if PRODUCTION and not DEBUG and SECRET_KEY == DEVELOPMENT_KEY:
    raise ImproperlyConfigured(
        "SECRET_KEY is the development key: set SECRET_KEY to a long random value "
        "(python -c 'import secrets; print(secrets.token_urlsafe(50))') before serving "
        f"{', '.join(ALLOWED_HOSTS)}."
    )
CSRF_TRUSTED_ORIGINS = [
    o.strip() for o in os.environ.get("CSRF_TRUSTED_ORIGINS", "").split(",") if o.strip()
]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django.contrib.syndication",
    "django_htmx",
    "django_tasks_db",
    "portal",
    "search",
    "lists",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.middleware.gzip.GZipMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
]

ROOT_URLCONF = "portal.urls"
WSGI_APPLICATION = "portal.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.csp",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{VAR_DIR / 'lectern.sqlite3'}"),
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "0")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    Path(DATABASES["default"]["NAME"]).parent.mkdir(parents=True, exist_ok=True)
    # WAL lets readers go on while a writer commits. Writers queue instead of failing:
    # IMMEDIATE takes the write lock when a transaction starts (no read-then-upgrade
    # deadlock), and the busy timeout (seconds) waits for another process's import.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "timeout": 60,
            "transaction_mode": "IMMEDIATE",
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        }
    )

# A streaming standby for reader pages and searches (see portal/routers.py).
if os.environ.get("DATABASE_REPLICA_URL"):
    DATABASES["replica"] = dj_database_url.parse(
        os.environ["DATABASE_REPLICA_URL"],
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "0")),
    )
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
    DATABASE_ROUTERS = ["portal.routers.ReplicaRouter"]
    # Before the session is read: the whole request reads from one database.
    MIDDLEWARE.insert(
        MIDDLEWARE.index("django.contrib.sessions.middleware.SessionMiddleware"),
        "portal.routers.ReplicaMiddleware",
    )
# After a write, a client reads from the primary for this long (replication lag margin).
REPLICA_PIN_SECONDS = int(os.environ.get("REPLICA_PIN_SECONDS", "10"))

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# The search backend follows the database: PostgreSQL searches itself, so every server
# sharing it shares the index; SQLite gets a Whoosh index under var/.
SEARCH_BACKEND_CLASSES = {
    "postgres": "search.backends.postgres.PostgresSearchBackend",
    "whoosh": "search.backends.whoosh.WhooshSearchBackend",
    # A library that outgrows Whoosh on one machine: SEARCH_BACKEND=tantivy.
    "tantivy": "search.backends.tantivy.TantivySearchBackend",
}
_on_postgres = DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql"
SEARCH_BACKEND = os.environ.get("SEARCH_BACKEND", "postgres" if _on_postgres else "whoosh")
SEARCH_INDEX_DIR = Path(os.environ.get("SEARCH_INDEX_DIR", VAR_DIR / "index"))
SEARCH_BACKENDS = {
    "default": {
        "BACKEND": SEARCH_BACKEND_CLASSES.get(SEARCH_BACKEND, SEARCH_BACKEND),
        "OPTIONS": {"PATH": SEARCH_INDEX_DIR},
    }
}

# "default" runs small jobs (index updates) in-process after commit; "background"
# queues long ones (parsing a large upload) for the worker that `make run` starts.
TASKS = {
    "default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"},
    "background": {
        "BACKEND": os.environ.get("BACKGROUND_TASKS_BACKEND", "django_tasks_db.DatabaseBackend")
    },
}

LANGUAGE_CODE = "en"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", VAR_DIR / "static"))
MEDIA_URL = "/media/"
MEDIA_ROOT = VAR_DIR / "media"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        # Hashed names (served with far-future caching) need ``collectstatic``, which
        # ``make setup`` runs; the tests use plain names (tests/conftest.py).
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
WHITENOISE_USE_FINDERS = True

# Content Security Policy: scripts and styles from this site, or inline with the
# request's nonce (templates write nonce="{{ csp_nonce }}").
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF, CSP.NONCE],
    "img-src": [CSP.SELF, "data:"],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "frame-ancestors": [CSP.SELF],
    "form-action": [CSP.SELF],
}

if PRODUCTION:
    # Behind a TLS-terminating proxy that sets X-Forwarded-Proto (README.md: several servers).
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]  # load balancers probe over plain HTTP
    SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", 60 * 60 * 24 * 365))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", False)
    if not SECURE_HSTS_PRELOAD:
        # Joining browsers' preload list is the operator's decision, not a default.
        SILENCED_SYSTEM_CHECKS = ["security.W021"]
    SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = True

# Documents a fresh install serves (``make setup`` runs ``manage.py load_corpus``).
CORPUS_DIR = Path(os.environ.get("LECTERN_CORPUS_DIR", BASE_DIR / "corpus"))

# Uploads: the size limit administrators see in messages (bytes).
LECTERN_MAX_UPLOAD_BYTES = int(os.environ.get("LECTERN_MAX_UPLOAD_BYTES", 50 * 1024 * 1024))
# One upload's parse runs in a child process the worker ends past these limits.
LECTERN_PARSE_SECONDS = float(os.environ.get("LECTERN_PARSE_SECONDS", 600))
LECTERN_PARSE_MEMORY_MB = int(os.environ.get("LECTERN_PARSE_MEMORY_MB", 2048))
# Index writes a killed process left (search.outbox) are finished by the next search
# once they are this old: younger ones may still be under way in their own process.
SEARCH_OUTBOX_GRACE_SECONDS = float(os.environ.get("SEARCH_OUTBOX_GRACE_SECONDS", 10))
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

LOGIN_URL = "/admin/login/"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
    # Every index update is a task: its start and end are not news.
    "loggers": {"django.tasks": {"level": "WARNING"}, "django_tasks_db": {"level": "WARNING"}},
}
