"""The facets search offers, as ``portal.facets`` declares them for the whole site.

Search reads that one declaration (``portal`` may not import ``search``, and the
library page needs the same facets): the schema takes each passage's values from it,
the backends build their fields from it, forms and views their parameters and titles.
"""

from portal.facets import BODY, FACETS, FACETS_BY_NAME, NOTES, UNDATED, Facet

__all__ = ["BODY", "FACETS", "FACETS_BY_NAME", "FACET_NAMES", "NOTES", "UNDATED", "Facet"]

FACET_NAMES = tuple(facet.name for facet in FACETS)
