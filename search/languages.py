"""What a query's plain words stand for when the library holds several languages.

The reader's language is unknown, so each plain word is looked up in every language
the index holds: "Verträge" as the English stem "vertrag" and the German "de:vertrag"
(``search.analysis.tagged``), and a passage matches by the stems of its own language.
Stop words are per language: "the" says nothing in English, "les" nothing in French,
so ``les états membres`` drops "les" from its French forms but not from others.

An English library's queries are what they always were: one language, English forms.
The set of languages comes from the index itself (its ``language`` facet values), so
it changes only when a document is published or withdrawn and costs nothing to keep.
It is not narrowed to a selected ``language`` filter: the language facet counts the
other languages' matches too, and a tagged stem never matches another language.
"""

from __future__ import annotations

from collections.abc import Iterable

from .analysis import DEFAULT_LANGUAGE, Analysis, stemmer_of
from .query import Node, Term, positive_leaves, without_stop_words


def query_languages(codes: Iterable[str]) -> tuple[str, ...]:
    """The stemmers to look plain words up in, for documents in languages ``codes``.

    English always (documents of unknown language read as English), and first.
    """
    found = {stemmer_of(code) for code in codes if code} - {DEFAULT_LANGUAGE}
    return (DEFAULT_LANGUAGE, *sorted(found))


class PlainWords:
    """The stems of a query's plain words in each of ``languages`` (stemmer codes).

    ``node`` is the query without the plain words that are stop words in every one
    of them; ``forms(term)`` gives a kept word's stems per language where it counts.
    """

    def __init__(self, analysis: Analysis, node: Node | None, languages=(DEFAULT_LANGUAGE,)):
        self.analysis = analysis
        self.languages = tuple(languages)
        self._stops: dict[tuple[str, str], bool] = {}
        self._positive = _terms(node)
        kept = {lang: without_stop_words(node, self._stop_in(lang)) for lang in self.languages}
        self._kept = {language: _terms(tree) for language, tree in kept.items()}
        if len(self.languages) == 1:
            self.node = kept[self.languages[0]]  # one language: what it keeps
        else:
            self.node = without_stop_words(node, self.is_stop)

    def _stop_in(self, language: str):
        return lambda text: self._is_stop(text, language)

    def _is_stop(self, text: str, language: str) -> bool:
        key = (text, language)
        if key not in self._stops:
            self._stops[key] = self.analysis.is_query_stop(text, language)
        return self._stops[key]

    def is_stop(self, text: str) -> bool:
        """A stop word in every language: the word goes from the query altogether."""
        return all(self._is_stop(text, language) for language in self.languages)

    def forms(self, term: Term) -> list[tuple[str, list[str]]]:
        """(language, stems) for each language where ``term`` counts.

        A word inside an exclusion counts in every language.
        """
        found = []
        for language in self.languages:
            stems = self.analysis.query_words(term.text, language)
            if stems and self.counts(term, language):
                found.append((language, stems))
        return found

    def counts(self, term: Term, language: str) -> bool:
        """False for a stop word of ``language`` beside words that say more."""
        return id(term) not in self._positive or id(term) in self._kept[language]

    def sequence(self, language: str) -> list[str]:
        """The stems of the unscoped positive plain words in ``language``, in query order."""
        return [
            stem
            for scope, leaf in positive_leaves(self.node)
            if scope is None and isinstance(leaf, Term) and id(leaf) in self._kept[language]
            for stem in self.analysis.query_words(leaf.text, language)
        ]

    def stems(self, language: str) -> set[str]:
        """Every stem the positive plain words of the query stand for in ``language``."""
        return {
            stem
            for scope, leaf in positive_leaves(self.node)
            if isinstance(leaf, Term) and scope not in ("author", "title", "heading")
            if id(leaf) in self._kept.get(language, ())
            for stem in self.analysis.query_words(leaf.text, language)
        }


def _terms(node: Node | None) -> set[int]:
    """Identities of the plain words among the positive leaves of ``node``."""
    return {id(leaf) for _scope, leaf in positive_leaves(node) if isinstance(leaf, Term)}
