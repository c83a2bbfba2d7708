"""File contents: a published file's bytes -> every text a reader could get out of it, for the identifier check.

Not only what a viewer shows on the page: a PDF's text, its document properties, its XMP metadata,
form fields and comments; an Office or OpenDocument file's text and its properties (author, title,
comments: docProps/, meta.xml) and the pictures inside it; a picture's metadata (PNG text chunks and
EXIF, JPEG's EXIF, XMP, IPTC and comment segments) and anything appended after it. The old binary Word
and Excel formats are read as bytes, in both encodings they store text in. What cannot be read within
the limits is said in `Innhold.problem`, and a file that cannot be checked is not published.
"""

from __future__ import annotations

import html
import io
import re
import struct
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path

MAX_UNPACKED = 50_000_000  # bytes unpacked from one file (zip entries, compressed PNG chunks)
MAX_PDF_PAGES = 2_000
_BLOCK_TAGS = frozenset({  # XML elements that end a paragraph, a cell or a property: no number spans them
    "p", "h", "tc", "tr", "c", "si", "row", "table-cell", "table-row", "list-item", "br", "cr", "tab", "cell",
    "title", "subject", "creator", "keywords", "description", "lastModifiedBy", "revision", "category",
    "contentStatus", "identifier", "language", "version", "created", "modified", "Company", "Manager",
    "property", "lpwstr", "initial-creator", "user-defined", "Template", "Application",
})
_TAG = re.compile(r"<(/?)(?:[\w.-]+:)?([\w.-]+)[^>]*>")
# A spreadsheet stores a typed-in fødselsnummer as a number, without its leading zero: 01019012480 -> 1019012480.
_TEN_DIGITS = re.compile(r"(?<![\d.,])(\d{10})(?![\d.,])")
_PNG = b"\x89PNG\r\n\x1a\n"


class Uleselig(Exception):
    """The file cannot be read within the limits; the text says why, in Norwegian."""


@dataclass(frozen=True)
class Innhold:
    """The texts found in one file (each searched on its own), or why it could not be read."""

    tekster: tuple[str, ...]
    problem: str = ""


def innhold(path: Path) -> Innhold:
    """The texts of the file at `path`, by its (already checked) type."""
    try:
        return Innhold(tuple(_texts(path.suffix.lower(), path.read_bytes())))
    except Uleselig as error:
        return Innhold((), str(error))


def _texts(suffix: str, data: bytes) -> list[str]:
    if suffix == ".pdf":
        return _pdf(data)
    if suffix in (".docx", ".xlsx", ".pptx", ".odt", ".ods"):
        return _zip(data)
    if suffix == ".png":
        return _png(data)
    if suffix in (".jpg", ".jpeg"):
        return _jpeg(data)
    return _raw(data)  # .doc, .xls: compound files whose text and properties are 8-bit or UTF-16 strings


def _raw(data: bytes) -> list[str]:
    """Bytes as text in the encodings files store strings in: 8-bit, and UTF-16 from either byte."""
    even, odd = data[: len(data) // 2 * 2], data[1:][: (len(data) - 1) // 2 * 2]
    return [data.decode("latin-1"), even.decode("utf-16-le", "replace"), odd.decode("utf-16-le", "replace")]


def _xml_text(data: bytes) -> str:
    """The text of an XML part: runs joined (Word splits a number across runs), paragraphs and cells apart."""
    text = data.decode("utf-8", "replace")
    return html.unescape(_TAG.sub(lambda m: "\n\n" if m[2] in _BLOCK_TAGS else "", text))


def _zip(data: bytes) -> list[str]:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        entries = archive.infolist()
        if sum(entry.file_size for entry in entries) > MAX_UNPACKED:
            raise Uleselig(f"den pakker ut til mer enn {MAX_UNPACKED // 1_000_000} MB")
        texts: list[str] = []
        for entry in entries:
            name = entry.filename.lower()
            if name.endswith((".xml", ".rels")):
                text = _xml_text(archive.read(entry))
                texts += [text, *("0" + number for number in _TEN_DIGITS.findall(text))]
            elif name.endswith(".png"):
                texts += _png(archive.read(entry))
            elif name.endswith((".jpg", ".jpeg")):
                texts += _jpeg(archive.read(entry))
            elif not name.endswith("/"):
                texts += _raw(archive.read(entry))  # embedded objects, custom data: read as bytes
    except (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, RuntimeError, OSError, EOFError,
            zlib.error, ValueError) as error:
        raise Uleselig(f"den kan ikke pakkes ut ({type(error).__name__})") from None
    return texts


def _png(data: bytes) -> list[str]:
    """Every chunk but the picture itself (text, compressed text, EXIF, anything unknown), and what follows IEND."""
    texts, at = [], len(_PNG)
    while at + 8 <= len(data):
        length, kind = struct.unpack(">I4s", data[at:at + 8])
        body = data[at + 8:at + 8 + length]
        if kind == b"zTXt":
            texts += _raw(body.split(b"\0", 1)[0]) + _raw(_inflate(body.split(b"\0", 1)[-1][1:]))
        elif kind == b"iTXt":
            texts += _itxt(body)
        elif kind not in (b"IDAT", b"IHDR", b"PLTE", b"IEND"):
            texts += _raw(body)
        at += 12 + length
        if kind == b"IEND":
            break
    return texts + _raw(data[at:])


def _itxt(body: bytes) -> list[str]:
    keyword, _, rest = body.partition(b"\0")
    compressed, rest = rest[:1], rest[2:]
    language, _, rest = rest.partition(b"\0")
    translated, _, text = rest.partition(b"\0")
    return _raw(keyword + b"\n" + language + b"\n" + translated) + _raw(_inflate(text) if compressed == b"\1" else text)


def _inflate(data: bytes) -> bytes:
    inflater = zlib.decompressobj()
    try:
        out = inflater.decompress(data, MAX_UNPACKED)
    except zlib.error as error:
        raise Uleselig(f"en komprimert tekst i bildet kan ikke leses ({error})") from None
    if inflater.unconsumed_tail:
        raise Uleselig(f"en tekst i bildet pakker ut til mer enn {MAX_UNPACKED // 1_000_000} MB")
    return out


def _jpeg(data: bytes) -> list[str]:
    """Every segment before the picture's data but the tables that draw it (EXIF, XMP, IPTC, comments,
    anything unknown), and what follows the picture's end."""
    texts, at = [], 2
    while at + 4 <= len(data) and data[at] == 0xFF:
        marker = data[at + 1]
        if marker == 0xFF:  # fill byte
            at += 1
            continue
        length = struct.unpack(">H", data[at + 2:at + 4])[0]
        if marker not in (0xC0, 0xC1, 0xC2, 0xC3, 0xC4, 0xDB, 0xDD, 0xDA):
            texts += _raw(data[at + 4:at + 2 + length])
        at += 2 + length
        if marker == 0xDA:  # start of scan: the picture's data follows, to the last end marker
            end = data.rfind(b"\xff\xd9")
            at = end + 2 if end >= at else len(data)
            break
    return texts + _raw(data[at:])


def _pdf(data: bytes) -> list[str]:
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError
    from pypdf.generic import StreamObject

    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            raise Uleselig("den er passordbeskyttet")
        if len(reader.pages) > MAX_PDF_PAGES:
            raise Uleselig(f"den har mer enn {MAX_PDF_PAGES} sider")
        info = reader.metadata
        texts = [str(info[key]) for key in info] if info is not None else []  # indexing resolves references
        xmp = reader.root_object.get("/Metadata")  # as stored: pypdf's own reading refuses XML it cannot parse
        stream = xmp.get_object() if xmp is not None else None
        if isinstance(stream, StreamObject):
            texts.append(_xml_text(stream.get_data()))
        texts += [str(field.get("/V", "")) for field in (reader.get_fields() or {}).values()]
        for page in reader.pages:
            texts.append(page.extract_text() or "")
            for annotation in page.get("/Annots") or ():
                texts.append(str(annotation.get_object().get("/Contents", "")))
    except Uleselig:
        raise
    except (PyPdfError, ValueError, KeyError, TypeError, AttributeError, RecursionError, zlib.error) as error:
        raise Uleselig(f"den kan ikke leses ({type(error).__name__})") from None
    return texts
