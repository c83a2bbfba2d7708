"""Importer: one source file -> its title, Markdown body and any front matter of its own (the intermediate form)."""

from __future__ import annotations

import hashlib
import re
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from ..checks.vedlegg import MAX_BYTES as MAX_BILDE, TYPER
from .cleanup import IMAGE
from .pandoc import FORMATS, PandocError, convert
from .pdftext import PdfError, pdf_text
from .textstructure import structure

SUFFIXES = (*FORMATS, ".md", ".markdown", ".pdf", ".txt")
MAX_BYTES = 20_000_000


class Unreadable(Exception):
    """The file cannot be imported; the text says why, in Norwegian."""


@dataclass(frozen=True)
class Kilde:
    """What a source document holds, before any of it is recognised."""

    tittel: str
    tekst: str  # Markdown
    sha256: str
    forside: dict[str, Any] = field(default_factory=dict)  # a Markdown file's own front matter
    merknader: tuple[str, ...] = ()
    bilder: dict[str, Bilde] = field(default_factory=dict)  # image reference in `tekst` -> the picture it names


@dataclass(frozen=True)
class Bilde:
    """A picture the source embeds or has beside it, that may become an attachment: PNG or JPEG by its bytes."""

    endelse: str  # "png" or "jpg"
    data: bytes


def read_source(path: Path) -> Kilde:
    suffix = path.suffix.lower()
    if suffix not in SUFFIXES:
        raise Unreadable(f"filtypen «{suffix or path.name}» kan ikke importeres (bare {', '.join(SUFFIXES)})")
    raw = path.read_bytes()
    if len(raw) > MAX_BYTES:
        raise Unreadable(f"filen er over {MAX_BYTES // 1_000_000} MB")
    digest = hashlib.sha256(raw).hexdigest()
    if suffix in FORMATS:
        with tempfile.TemporaryDirectory(prefix="handbok-bilder-") as media:
            try:
                title, body = convert(path, Path(media) if suffix == ".docx" else None)
            except PandocError as error:
                raise Unreadable(f"filen kan ikke leses som {FORMATS[suffix]} ({error})") from None
            # A Word file's pictures are in `media` now; an HTML page's lie beside it.
            return Kilde(title, body, digest, bilder=pictures(body, Path(media) if suffix == ".docx" else path.parent))
    if suffix == ".pdf":
        try:
            return Kilde("", structure(pdf_text(path)), digest,
                         merknader=("Teksten er hentet ut av en PDF: sjekk overskrifter og lister mot originalen.",))
        except PdfError as error:
            raise Unreadable(str(error)) from None
    text = _decode(raw)
    if suffix == ".txt":
        return Kilde("", structure(text), digest)
    own, body, notes = _front_matter(text)
    return Kilde("", body, digest, own, notes, pictures(body, path.parent))


def pictures(markdown: str, folder: Path) -> dict[str, Bilde]:
    """The images `markdown` names that are files inside `folder` (never outside it, never on the web) and are
    PNG or JPEG by their first bytes, as the attachment rules allow; others are left to be dropped."""
    found: dict[str, Bilde] = {}
    inside = folder.resolve()
    for ref in dict.fromkeys(m.group(2) for m in IMAGE.finditer(markdown)):
        if re.match(r"^([a-z][a-z0-9+.-]*:|//)", ref, re.IGNORECASE):  # http:, data:, file:, //host
            continue
        path = (folder / ref).resolve()
        if not path.is_relative_to(inside) or not path.is_file() or path.stat().st_size > MAX_BILDE:
            continue
        data = path.read_bytes()
        kind = next((ending for ending in (".png", ".jpg") if data.startswith(TYPER[ending][1])), None)
        if kind:
            found[ref] = Bilde(kind[1:], data)
    return found


def _decode(raw: bytes) -> str:
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise Unreadable("filen er ikke tekst (verken UTF-8 eller Windows-1252)")


def _front_matter(text: str) -> tuple[dict[str, Any], str, tuple[str, ...]]:
    found = re.match(r"\A---[ \t]*\r?\n(.*?\r?\n)?---[ \t]*(?:\r?\n|\Z)", text, re.DOTALL)
    if not found:
        return {}, text, ()
    try:
        data = yaml.safe_load(found.group(1) or "")
    except yaml.YAMLError:
        return {}, text[found.end():], ("Filens egen front matter kunne ikke leses som YAML og er ikke tatt med.",)
    return (data if isinstance(data, dict) else {}), text[found.end():], ()
