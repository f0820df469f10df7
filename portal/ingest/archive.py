"""Reading the ZIP-packaged formats (DOCX, ODT, EPUB): bounded members, safe XML.

``detect.check_zip`` refuses a bomb from the sizes an archive declares; reading
here also stops at ``MEMBER_LIMIT`` bytes per member, so a member whose header
lies about its size cannot unpack past it either.
"""

from __future__ import annotations

import posixpath
import zipfile
import zlib
from io import BytesIO
from urllib.parse import unquote

from lxml import etree

from .base import IngestError
from .detect import check_zip, zip_mimetype

# The largest XML part a document can have: 64 MB is far past any real one.
MEMBER_LIMIT = 64 * 1024 * 1024
# What unpacking a damaged member can raise.
_UNPACK_ERRORS = (
    zipfile.BadZipFile,
    OSError,
    EOFError,
    ValueError,
    NotImplementedError,
    zlib.error,
)
# No entities, no network, no huge trees: a hostile XML part cannot expand.
XML_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)


class Archive:
    """The members of a checked ZIP archive, read on demand with a size limit."""

    def __init__(self, data: bytes, what: str) -> None:
        check_zip(data)
        self.what = what  # "Word file", "EPUB book"... for messages
        self.zip = zipfile.ZipFile(BytesIO(data))
        self.names = set(self.zip.namelist())

    def read(self, name: str) -> bytes | None:
        """A member's bytes, or None when the archive has no such member."""
        if name not in self.names:
            return None
        try:
            with self.zip.open(name) as member:
                data = member.read(MEMBER_LIMIT + 1)
        except _UNPACK_ERRORS:
            raise IngestError(f"This {self.what} is damaged ({name} cannot be unpacked).") from None
        if len(data) > MEMBER_LIMIT:
            raise IngestError(
                f"This {self.what} holds a part ({name}) over {MEMBER_LIMIT // 2**20} MB "
                "unpacked, which no real document has, so it was refused."
            )
        return data

    def xml(self, name: str):
        """A member parsed as XML (None when missing); damaged XML is a clear error."""
        data = self.read(name)
        if data is None:
            return None
        try:
            return etree.fromstring(data, XML_PARSER)
        except etree.XMLSyntaxError:
            raise IngestError(f"This {self.what} is damaged ({name} is not valid XML).") from None


def has_mimetype(data: bytes, *mimetypes: str) -> bool:
    """Whether an OpenDocument/EPUB archive declares one of these types in ``mimetype``."""
    try:
        return zip_mimetype(data) in mimetypes
    except _UNPACK_ERRORS:
        return False


def resolve(base: str, href: str) -> str:
    """A path inside the archive for ``href`` relative to the member ``base``."""
    path = unquote(href.split("#", 1)[0])
    joined = posixpath.normpath(posixpath.join(posixpath.dirname(base), path))
    return joined.lstrip("/")
