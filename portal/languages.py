"""A document's language: the choices staff pick from, and detection at import.

Detection uses py3langid (a maintained fork of langid.py: a small naive-Bayes
model shipped inside the package, 97 languages, no download at run time) on a
sample of the text. A parser that found a language in the file (front matter
``lang:``, HTML ``lang``) and said something other than the default keeps it.

    parsed = with_detected_language(parse_bytes(data, name))
"""

from __future__ import annotations

from dataclasses import replace
from functools import cache

from django.conf import global_settings

from portal.ingest.base import ParsedDocument

DEFAULT_LANGUAGE = "en"
# Django's own list of language names (codes such as "fr", "hy", "zh-hans").
LANGUAGE_CHOICES = sorted(global_settings.LANGUAGES, key=lambda c: c[1])
_CODES = {code for code, _ in LANGUAGE_CHOICES}
# Detector codes that Django spells differently.
_ALIASES = {"zh": "zh-hans", "no": "nb", "iw": "he"}
SAMPLE_CHARS = 20_000
MIN_WORDS = 8  # fewer words than this say too little to tell languages apart
MIN_CONFIDENCE = 0.6


@cache
def _identifier():
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def detect_language(text: str, default: str = DEFAULT_LANGUAGE) -> str:
    """The language code of ``text``, or ``default`` when the text is too short or unclear."""
    sample = text[:SAMPLE_CHARS]
    if len(sample.split()) < MIN_WORDS:
        return default
    code, confidence = _identifier().classify(sample)
    return normalize(code, default) if confidence >= MIN_CONFIDENCE else default


def normalize(code: str, default: str = DEFAULT_LANGUAGE) -> str:
    """One of ``LANGUAGE_CHOICES`` for a language tag: "en-US" -> "en", "zh" -> "zh-hans"."""
    code = code.strip().lower().replace("_", "-")
    code = _ALIASES.get(code, code)
    if code in _CODES:
        return code
    base = _ALIASES.get(code.split("-")[0], code.split("-")[0])
    return base if base in _CODES else default


def with_detected_language(parsed: ParsedDocument) -> ParsedDocument:
    """``parsed`` with its language detected from its text, unless the file named one."""
    if normalize(parsed.language) != DEFAULT_LANGUAGE:
        return replace(parsed, language=normalize(parsed.language))
    text = "\n\n".join(s.text for s in parsed.sections)
    return replace(parsed, language=detect_language(text))


def language_name(code: str) -> str:
    return dict(LANGUAGE_CHOICES).get(code, code)
