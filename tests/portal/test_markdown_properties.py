"""Properties of the Markdown and plain-text readers on any input: no crash, no text lost."""

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from portal.ingest import IngestError, parse_bytes
from tests.portal.test_ingest_properties import letters, lost_lines

word = st.text(alphabet="abcdefghijklmnopqrstuvwxyzABCDEFGHÉéжЖ", min_size=1, max_size=9)
number = st.integers(0, 2100).map(str)
token = st.one_of(
    word,
    word,
    word,
    number,
    number.map(lambda n: f"[{n}]"),
    number.map(lambda n: f"({n})"),
    st.integers(1, 9).map(lambda n: f"[^{n}]"),
    st.sampled_from([".", ",", ";", ":", "*", "†", "-", "“", "”", "(", ")", "5 mg", "2.5"]),
)
words = st.lists(token, min_size=0, max_size=12).map(" ".join)
line = st.one_of(
    words,
    words.map(lambda s: "# " + s),
    words.map(lambda s: "## " + s),
    words.map(lambda s: "   " + s),
    words.map(lambda s: "- " + s),
    words.map(lambda s: "1. " + s),
    st.integers(1, 9).map(lambda n: f"[^{n}]:"),
    words.map(lambda s: s.upper()),
    st.sampled_from(["", "", "---", "===", "* * *"]),
    st.integers(1, 40).map(lambda n: f"[{n}]"),
    st.integers(1, 40).map(lambda n: f"[Footnote {n}:"),
)
document = st.lists(line, min_size=1, max_size=40).map("\n".join)


def _parse_or_refuse(text: str, name: str):
    try:
        return parse_bytes(text.encode("utf-8"), name=name)
    except IngestError as exc:
        assert "\n" not in str(exc)
        assert not letters(text), f"refused a text with letters: {exc}"
        return None


@pytest.mark.parametrize("name", ["random.txt", "random.md"])
@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=document)
@example(text="A 0\n\n# A 0")  # found by CI: the title printed again was all the file held
def test_random_text_and_markdown_never_crash_and_lose_no_words(name, text):
    doc = _parse_or_refuse(text, name)
    if doc is None:
        return
    assert lost_lines(text, doc) == []
    for section in doc.sections:
        assert all(0 <= r.offset <= len(section.text) for r in section.refs)
    labels = [n.label for n in doc.footnotes]
    assert len(labels) == len(set(labels))


@pytest.mark.parametrize("name", ["upload.txt", "upload.md", "upload"])
@settings(max_examples=100, deadline=None)
@given(data=st.binary(max_size=3000))
def test_arbitrary_bytes_named_as_text_give_a_document_or_a_one_line_error(name, data):
    try:
        doc = parse_bytes(data, name=name)
    except IngestError as exc:
        assert str(exc) and "\n" not in str(exc)
        return
    assert doc.sections
