"""Importer: the text of a PDF (pypdf), page by page; a scanned page has none."""

from __future__ import annotations

from pathlib import Path

from pypdf import PdfReader
from pypdf.errors import PyPdfError


class PdfError(Exception):
    """The PDF could not be read; the text says why, in Norwegian."""


def pdf_text(path: Path) -> str:
    try:
        reader = PdfReader(path)
        if reader.is_encrypted:
            raise PdfError("PDF-en er passordbeskyttet")
        pages = [page.extract_text() or "" for page in reader.pages]
    except (PyPdfError, ValueError, KeyError) as error:
        raise PdfError(f"PDF-en kan ikke leses ({type(error).__name__})") from None
    text = "\n\n".join(page.strip() for page in pages)
    if not text.strip():
        raise PdfError("PDF-en har ingen tekst å hente ut (den er trolig skannet som bilde)")
    return text
