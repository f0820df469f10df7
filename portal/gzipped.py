"""One gzip stream from pieces compressed at different times: a cached body inside a fresh page.

A page whose bulk is the same for every reader but whose shell is not (a CSP nonce,
a CSRF token) would be compressed whole on every response by the GZip middleware.
Deflate blocks can be joined when each piece ends on a byte boundary with no final
block (``Z_SYNC_FLUSH``); a piece's back-references stay inside it, so the joined
stream decodes as one. The CRC of the whole is carried through each fresh piece's
bytes and across each cached piece by an operator made once with it (zlib's
``crc32_combine``), so a cached piece keeps only its compressed bytes.

    piece = Piece.of(text)                 # cache this
    data = join([Piece.of(head), piece, Piece.of(tail)])   # a complete .gz member
"""

from __future__ import annotations

import struct
import zlib
from dataclasses import dataclass, field

LEVEL = 6  # as the GZip middleware
_HEADER = b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\xff"  # deflate, no name, mtime 0, unknown OS


@dataclass(frozen=True)
class Piece:
    packed: bytes  # raw deflate, ending with a sync flush
    crc: int
    size: int
    raw: bytes | None = None  # kept for fresh pieces only
    shift: tuple[int, ...] = field(default=(), repr=False)  # crc operator for `size` zero bytes

    @classmethod
    def of(cls, text: str, cached: bool = False) -> Piece:
        raw = text.encode()
        encoder = zlib.compressobj(LEVEL, zlib.DEFLATED, -zlib.MAX_WBITS)
        packed = encoder.compress(raw) + encoder.flush(zlib.Z_SYNC_FLUSH)
        if cached:
            return cls(packed, zlib.crc32(raw), len(raw), None, _zeros_operator(len(raw)))
        return cls(packed, zlib.crc32(raw), len(raw), raw)

    def text_bytes(self) -> bytes:
        if self.raw is not None:
            return self.raw
        return zlib.decompressobj(-zlib.MAX_WBITS).decompress(self.packed)


def join(pieces: list[Piece]) -> bytes:
    """A gzip member whose content is the pieces' text in order."""
    out = [_HEADER]
    crc = size = 0
    for piece in pieces:
        out.append(piece.packed)
        if piece.raw is not None:
            crc = zlib.crc32(piece.raw, crc)
        else:
            crc = _times(piece.shift, crc) ^ piece.crc
        size += piece.size
    # An empty final block (fixed Huffman, end of block) closes the stream.
    out.append(b"\x03\x00")
    out.append(struct.pack("<II", crc, size & 0xFFFFFFFF))
    return b"".join(out)


def _times(matrix, vector: int) -> int:
    total, row = 0, 0
    while vector:
        if vector & 1:
            total ^= matrix[row]
        vector >>= 1
        row += 1
    return total


def _square(matrix) -> list[int]:
    return [_times(matrix, matrix[n]) for n in range(32)]


def _zeros_operator(length: int) -> tuple[int, ...]:
    """The GF(2) matrix that moves a CRC over ``length`` zero bytes (zlib's crc32_combine)."""
    result = [1 << n for n in range(32)]  # identity
    power = [0xEDB88320] + [1 << n for n in range(31)]  # one zero bit
    for _ in range(3):
        power = _square(power)  # one zero byte
    while length:
        if length & 1:
            result = [_times(power, column) for column in result]
        length >>= 1
        if length:
            power = _square(power)
    return tuple(result)
