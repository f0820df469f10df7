"""Errors of the search package; views turn them into HTTP answers at the edge."""

from django.core.exceptions import ImproperlyConfigured


class SearchError(Exception):
    """Base class for search errors."""


class InvalidSearchBackend(SearchError, ImproperlyConfigured):
    """SEARCH_BACKENDS names a backend that cannot be loaded."""


class QuerySyntaxError(SearchError, ValueError):
    """A query the parser cannot read; the message tells the reader what to fix."""


class SearchIndexError(SearchError):
    """An index write failed (lock held too long, disk full...)."""
