"""The per-query work budget of ``test_budget.py``, with the tantivy backend."""

from .test_budget import (  # noqa: F401  (fixtures and tests collected here again)
    _isolated_storage,
    big_library,
    pytestmark,
    test_approximate_count_is_shown_as_about,
    test_capped_prefix_says_its_count_is_approximate,
    test_exact_queries_say_their_count_is_exact,
    test_expensive_queries_stay_within_budget,
    test_repeated_clauses_are_folded,
)

BACKEND = "search.backends.tantivy.TantivySearchBackend"
