"""The query parser: structure, forgiving reading, and clear errors."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from search.exceptions import QuerySyntaxError
from search.query import And, Any, Field, Not, Or, Phrase, Prefix, Term, parse


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("ethnic cleansing", Any((Term("ethnic"), Term("cleansing")))),
        ('"right to self-determination"', Phrase("right to self-determination")),
        ("“curly quotes”", Phrase("curly quotes")),
        ("state*", Any((Prefix("state"),))),
        ("a OR b", Any((Or((Term("a"), Term("b"))),))),
        ("a OR b OR c", Any((Or((Term("a"), Term("b"), Term("c"))),))),
        ('title:"the report"', Field("title", Phrase("the report"))),
        ("Author:amnesty", Field("author", Term("amnesty"))),
        ("notes:watch", Field("note", Term("watch"))),
        ("http:x", Any((Term("http:x"),))),
        ('x -y -"z w"', And((Any((Term("x"),)), Not(Term("y")), Not(Phrase("z w"))))),
        (
            '"ethnic cleansing" genocide',
            And((Phrase("ethnic cleansing"), Any((Term("genocide"),)))),
        ),
    ],
)
def test_parse(text, expected):
    assert parse(text) == expected


@pytest.mark.parametrize(
    "text", ["", "   ", "OR", '""', "-", "title:", "***", "\x00\x07", "( ) [ ]", "- OR -"]
)
def test_nothing_to_look_for(text):
    assert parse(text) is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('"unbalanced phrase', Phrase("unbalanced phrase")),
        ("OR word", Any((Term("word"),))),
        ("word OR", Any((Term("word"),))),
        ("tab\tseparated", Any((Term("tab"), Term("separated")))),
        ("x --double", And((Any((Term("x"),)), Not(Term("double"))))),
    ],
)
def test_forgiving(text, expected):
    assert parse(text) == expected


def test_only_exclusions_is_an_error():
    with pytest.raises(QuerySyntaxError, match="only excludes"):
        parse("-genocide")


def test_very_long_query_is_an_error():
    with pytest.raises(QuerySyntaxError, match="5,000 characters"):
        parse("word " * 1000)


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=300))
def test_any_text_parses_or_raises_syntax_error(text):
    try:
        parse(text)
    except QuerySyntaxError as exc:
        assert str(exc)
