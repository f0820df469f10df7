"""One gzip stream from pieces compressed at different times: a cached body inside a fresh page.

A page whose bulk is the same for every reader but whose shell is not (a CSP nonce,
a CSRF token) would be compressed whole on every response by the GZip middleware.
Deflate blocks can be joined when each piece ends on a byte boundary with no final
block (``Z_SYNC_FLUSH``); a piece's back-references stay inside it, so the joined
stream decodes as one. Only the CRC of the whole is computed per response.

    piece = Piece.of(text)                 # cache this
    data = join([Piece.of(head), piece, Piece.of(tail)])   # a complete .gz member
"""

from __future__ import annotations

import struct
import zlib
from dataclasses import dataclass

LEVEL = 6  # as the GZip middleware
_HEADER = b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\xff"  # deflate, no name, mtime 0, unknown OS


@dataclass(frozen=True)
class Piece:
    raw: bytes
    packed: bytes  # raw deflate, ending with a sync flush

    @classmethod
    def of(cls, text: str) -> Piece:
        raw = text.encode()
        encoder = zlib.compressobj(LEVEL, zlib.DEFLATED, -zlib.MAX_WBITS)
        return cls(raw, encoder.compress(raw) + encoder.flush(zlib.Z_SYNC_FLUSH))


def join(pieces: list[Piece]) -> bytes:
    """A gzip member whose content is the pieces' text in order."""
    out = [_HEADER]
    crc = size = 0
    for piece in pieces:
        out.append(piece.packed)
        crc = zlib.crc32(piece.raw, crc)
        size += len(piece.raw)
    # An empty final block (fixed Huffman, end of block) closes the stream.
    out.append(b"\x03\x00")
    out.append(struct.pack("<II", crc, size & 0xFFFFFFFF))
    return b"".join(out)
