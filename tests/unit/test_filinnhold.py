"""File contents: every text a reader could get out of a published file (text, properties, metadata), for the
identifier check — built here byte by byte, so each place a number can hide is one case."""

from __future__ import annotations

import io
import struct
import zipfile
import zlib
from pathlib import Path

import pytest
from pypdf import PdfWriter
from pypdf.generic import DecodedStreamObject, NameObject

from conftest import REPO
from handbok.checks.filinnhold import MAX_UNPACKED, _texts, innhold
from handbok.checks.privacy import finn_identifikatorer

FNR = "01019012480"


def found(suffix: str, data: bytes) -> list[str]:
    return [hit.maskert for text in _texts(suffix, data) for hit in finn_identifikatorer(text)]


def zipped(parts: dict[str, bytes | str]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():  # a fixed date: the same bytes in every process (xdist collects in each)
            archive.writestr(zipfile.ZipInfo(name, date_time=(2026, 1, 1, 0, 0, 0)), data)
    return buffer.getvalue()


def chunk(kind: bytes, body: bytes) -> bytes:
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))


def png(*chunks: bytes, after: bytes = b"") -> bytes:
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 1, 1, 8, 0, 0, 0, 0)) + b"".join(chunks)
            + chunk(b"IDAT", zlib.compress(b"\0\0")) + chunk(b"IEND", b"") + after)


def jpeg(*segments: tuple[int, bytes], after: bytes = b"") -> bytes:
    def segment(marker: int, body: bytes) -> bytes:
        return bytes([0xFF, marker]) + struct.pack(">H", len(body) + 2) + body
    return (b"\xff\xd8" + b"".join(segment(m, b) for m, b in segments) + segment(0xDA, b"\0" * 10)
            + b"\x12\xff\x00\x34" + b"\xff\xd9" + after)


@pytest.mark.parametrize("suffix, data", [
    (".docx", zipped({"word/document.xml": f"<w:p><w:r><w:t>Bruker {FNR[:6]}</w:t></w:r><w:proofErr/><w:r>"
                                           f"<w:rPr><w:lang/></w:rPr><w:t>{FNR[6:]}</w:t></w:r></w:p>"})),
    (".docx", zipped({"docProps/custom.xml": f"<property name='Pasient'><vt:lpwstr>{FNR}</vt:lpwstr></property>"})),
    (".docx", zipped({"word/media/image1.png": png(chunk(b"tEXt", b"Author\0" + FNR.encode()))})),
    (".odt", zipped({"meta.xml": f"<meta:initial-creator>Ola {FNR}</meta:initial-creator>"})),
    (".docx", zipped({"word/document.xml": "<w:t>&#48;1019012480</w:t>"})),  # a digit as a character reference
    (".png", png(chunk(b"iTXt", b"Comment\0\1\0nb\0\0" + zlib.compress(FNR.encode())))),
    (".png", png(after=f"etter slutten {FNR}".encode())),
    (".jpg", jpeg((0xFE, f"Kommentar {FNR}".encode()))),
    (".jpg", jpeg((0xE1, b"http://ns.adobe.com/xap/1.0/\0<x:xmpmeta><dc:creator>" + FNR.encode() + b"</dc:creator>"))),
    (".jpg", jpeg((0xED, b"Photoshop 3.0\0" + FNR.encode()))),
    (".jpg", jpeg(after=FNR.encode())),
    (".doc", b"\xd0\xcf\x11\xe0" + b"\0" * 60 + f"Bruker {FNR}".encode("utf-16-le")),
    (".xls", b"\xd0\xcf\x11\xe0" + b"\0" * 61 + f"Bruker {FNR}".encode("utf-16-le")),  # odd offset
    (".doc", b"\xd0\xcf\x11\xe0" + b"\0" * 60 + f"Forfatter {FNR}".encode("latin-1")),
])
def test_a_number_is_found_wherever_it_hides(suffix: str, data: bytes) -> None:
    assert found(suffix, data) == ["010190*****"]


def test_a_pdf_s_xmp_metadata_is_read_as_stored_even_when_it_is_not_valid_xml() -> None:
    writer = PdfWriter()
    writer.add_blank_page(200, 200)
    xmp = DecodedStreamObject()
    xmp.set_data(f"<x:xmpmeta><dc:creator><rdf:li>Ola {FNR}</rdf:li></dc:creator></x:xmpmeta>".encode())
    xmp[NameObject("/Type")] = NameObject("/Metadata")
    writer._root_object[NameObject("/Metadata")] = writer._add_object(xmp)
    buffer = io.BytesIO()
    writer.write(buffer)
    assert found(".pdf", buffer.getvalue()) == ["010190*****"]


def test_the_example_attachment_holds_no_identifier() -> None:
    pdf = REPO / "vedlegg" / "fallrisiko-kartlegging.pdf"
    result = innhold(pdf)
    assert result.problem == "" and any(text.strip() for text in result.tekster)
    assert not [hit for text in result.tekster for hit in finn_identifikatorer(text)]


def test_a_zip_bomb_is_refused_before_it_is_unpacked(tmp_path: Path) -> None:
    (tmp_path / "bombe.docx").write_bytes(zipped({"word/document.xml": b"0" * (MAX_UNPACKED + 1)}))
    assert "pakker ut til mer enn" in innhold(tmp_path / "bombe.docx").problem


def test_unreadable_files_say_why_in_norwegian(tmp_path: Path) -> None:
    folder = tmp_path
    (folder / "a.pdf").write_bytes(b"%PDF-1.4\nikke en pdf")
    (folder / "b.docx").write_bytes(b"PK\x03\x04 ikke en zip")
    assert "kan ikke leses" in innhold(folder / "a.pdf").problem
    assert "kan ikke pakkes ut" in innhold(folder / "b.docx").problem
