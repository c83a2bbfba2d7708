"""Importer: the text of a PDF (pypdf), page by page; a scanned page has none."""

from __future__ import annotations

from pathlib import Path

from pypdf import PdfReader
from pypdf.errors import PyPdfError

# Real routines are 1–20 pages; a handbook exported whole may be a few hundred. Past this it is no routine,
# and a crafted file could keep the reader busy for an hour.
MAKS_SIDER = 300


class PdfError(Exception):
    """The PDF could not be read; the text says why, in Norwegian, and `arsak` in a few words."""

    def __init__(self, melding: str, arsak: str = "kan ikke leses") -> None:
        super().__init__(melding)
        self.arsak = arsak


def pdf_pages(path: Path) -> list[str]:
    try:
        reader = PdfReader(path)
        if reader.is_encrypted:
            raise PdfError("PDF-en er passordbeskyttet. Lagre den uten passord, eller eksporter originalen på nytt",
                           "passordbeskyttet eller gammelt format")
        count = len(reader.pages)
        if count > MAKS_SIDER:
            raise PdfError(f"PDF-en har {count} sider; grensen er {MAKS_SIDER}. Del den opp i én fil per rutine",
                           "over grensene")
        pages = [page.extract_text() or "" for page in reader.pages]
    except (PyPdfError, ValueError, KeyError, TypeError, AttributeError, IndexError, RecursionError) as error:
        raise PdfError(f"PDF-en kan ikke leses ({type(error).__name__})") from None
    if not any(page.strip() for page in pages):
        raise PdfError("PDF-en har ingen tekst å hente ut (den er trolig skannet som bilde)")
    return pages
