"""Importer: one source file -> its title, Markdown body and any front matter of its own (the intermediate form)."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .pandoc import FORMATS, PandocFeil, convert
from .pdftext import PdfFeil, pdf_text
from .textstructure import structure

SUFFIXES = (*FORMATS, ".md", ".markdown", ".pdf", ".txt")
MAX_BYTES = 20_000_000


class Uleselig(Exception):
    """The file cannot be imported; the text says why, in Norwegian."""


@dataclass(frozen=True)
class Kilde:
    """What a source document holds, before any of it is recognised."""

    tittel: str
    tekst: str  # Markdown
    sha256: str
    forside: dict[str, Any] = field(default_factory=dict)  # a Markdown file's own front matter
    merknader: tuple[str, ...] = ()


def read_source(path: Path) -> Kilde:
    suffix = path.suffix.lower()
    if suffix not in SUFFIXES:
        raise Uleselig(f"filtypen «{suffix or path.name}» kan ikke importeres (bare {', '.join(SUFFIXES)})")
    raw = path.read_bytes()
    if len(raw) > MAX_BYTES:
        raise Uleselig(f"filen er over {MAX_BYTES // 1_000_000} MB")
    digest = hashlib.sha256(raw).hexdigest()
    if suffix in FORMATS:
        try:
            title, body = convert(path)
        except PandocFeil as error:
            raise Uleselig(f"filen kan ikke leses som {FORMATS[suffix]} ({error})") from None
        return Kilde(title, body, digest)
    if suffix == ".pdf":
        try:
            return Kilde("", structure(pdf_text(path)), digest,
                         merknader=("Teksten er hentet ut av en PDF: sjekk overskrifter og lister mot originalen.",))
        except PdfFeil as error:
            raise Uleselig(str(error)) from None
    text = _decode(raw)
    if suffix == ".txt":
        return Kilde("", structure(text), digest)
    own, body, notes = _front_matter(text)
    return Kilde("", body, digest, own, notes)


def _decode(raw: bytes) -> str:
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise Uleselig("filen er ikke tekst (verken UTF-8 eller Windows-1252)")


def _front_matter(text: str) -> tuple[dict[str, Any], str, tuple[str, ...]]:
    found = re.match(r"\A---[ \t]*\r?\n(.*?\r?\n)?---[ \t]*(?:\r?\n|\Z)", text, re.DOTALL)
    if not found:
        return {}, text, ()
    try:
        data = yaml.safe_load(found.group(1) or "")
    except yaml.YAMLError:
        return {}, text[found.end():], ("Filens egen front matter kunne ikke leses som YAML og er ikke tatt med.",)
    return (data if isinstance(data, dict) else {}), text[found.end():], ()
