"""A parse runs in a child process that a time or memory limit ends, with a clear message."""

from __future__ import annotations

import io
import time
import zipfile
from pathlib import Path

import pytest

from portal.ingest import IngestError, parse_bytes
from portal.ingest.bounded import Limits, ParseCancelled, parse_bounded

CORPUS = Path(__file__).resolve().parents[2] / "corpus"


def test_a_bounded_parse_gives_what_an_in_process_parse_gives():
    path = sorted(CORPUS.iterdir())[1]
    data = path.read_bytes()
    seen: list[float] = []
    bounded = parse_bounded(data, name=path.name, progress=seen.append)
    assert bounded == parse_bytes(data, name=path.name)


def test_an_unreadable_file_is_the_parsers_own_message():
    with pytest.raises(IngestError, match="empty"):
        parse_bounded(b"   ", name="blank.txt")


def test_a_parse_over_its_time_limit_stops_with_a_message_and_frees_the_caller():
    # 45 MB of text without a heading: the upload that once parsed for 40 minutes.
    data = ("word " * 200 + "\n\n").encode() * 45_000
    started = time.monotonic()
    with pytest.raises(IngestError, match="longer than the 2-second limit"):
        parse_bounded(data, name="big.txt", limits=Limits(seconds=2))
    assert time.monotonic() - started < 20
    # The caller is free: the next parse runs normally.
    assert parse_bounded(b"# Next\n\nA paragraph.\n", name="next.md").title == "Next"


def _padded_bomb() -> bytes:
    """A DOCX whose one XML part unpacks to 300 MB, padded so the whole archive's ratio is low."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("word/document.xml", b"<w/>" + b" " * (300 * 1024 * 1024), zipfile.ZIP_DEFLATED)
        zf.writestr("word/media/padding.bin", bytes(range(256)) * 12_000, zipfile.ZIP_STORED)
    return buf.getvalue()


def test_a_padded_zip_bomb_is_refused_before_it_is_unpacked():
    with pytest.raises(IngestError, match="zip bomb"):
        parse_bounded(_padded_bomb(), name="bomb.docx")


def test_a_parse_over_its_memory_limit_stops_with_a_message():
    # Under a 0.6 GB address-space limit a 300 MB document cannot even be read into memory.
    data = ("word " * 200 + "\n\n").encode() * 300_000
    with pytest.raises(IngestError, match="memory limit"):
        parse_bounded(data, name="huge.txt", limits=Limits(seconds=120, memory_bytes=600 * 2**20))


def test_should_stop_cancels_the_parse():
    data = ("word " * 200 + "\n\n").encode() * 45_000
    asked = time.monotonic()
    with pytest.raises(ParseCancelled):
        parse_bounded(data, name="big.txt", should_stop=lambda: time.monotonic() - asked > 1)
