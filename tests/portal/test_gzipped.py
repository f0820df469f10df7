"""Pieces compressed apart, joined into one gzip member that decoders and its CRC accept."""

import gzip
import random
import subprocess

import pytest

from portal.gzipped import Piece, join


@pytest.mark.parametrize("size", [0, 1, 255, 4096, 300_000])
def test_cached_and_fresh_pieces_join_into_one_valid_stream(size):
    rng = random.Random(size)
    body = "".join(rng.choice("ab cé\n<>") for _ in range(size))
    cached = Piece.of(body, cached=True)
    assert cached.raw is None and cached.text_bytes() == body.encode()
    parts = [Piece.of("<html nonce=1>"), cached, Piece.of(""), cached, Piece.of("</html>")]
    data = join(parts)
    expected = ("<html nonce=1>" + body + body + "</html>").encode()
    assert gzip.decompress(data) == expected  # checks the CRC and the length
    assert subprocess.run(["gzip", "-t"], input=data).returncode == 0
