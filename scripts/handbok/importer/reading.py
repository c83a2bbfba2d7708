"""Importer: one source file -> its title, Markdown body and any front matter of its own (the intermediate form)."""

from __future__ import annotations

import hashlib
import io
import re
import tempfile
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from ..checks.vedlegg import MAX_BYTES as MAX_BILDE, TYPER
from .cleanup import IMAGE
from .images import without_metadata
from .pandoc import FORMATS, PandocError, convert
from .pdftext import PdfError, pdf_pages
from .residue import page_lines
from .textstructure import structure

SUFFIXES = (*FORMATS, ".md", ".markdown", ".pdf", ".txt")
MAX_BYTES = 20_000_000
# What a Word file may unpack to: the largest real ones (40 pages with photos) are under 60 MB.
MAX_UNPACKED = 200_000_000
MAX_ENTRIES = 5_000


class Unreadable(Exception):
    """The file cannot be imported; the text says why, in Norwegian, and `arsak` in a few words for the summary."""

    def __init__(self, melding: str, arsak: str = "kan ikke leses") -> None:
        super().__init__(melding)
        self.arsak = arsak

    def __reduce__(self) -> tuple[type[Unreadable], tuple[str, str]]:  # crosses back from the reading process
        return Unreadable, (str(self), self.arsak)


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
        raise Unreadable(f"filtypen «{suffix or path.name}» kan ikke importeres (bare {', '.join(SUFFIXES)})",
                         "filtypen kan ikke importeres")
    raw = path.read_bytes()
    if len(raw) > MAX_BYTES:
        raise Unreadable(f"filen er over {MAX_BYTES // 1_000_000} MB")
    digest = hashlib.sha256(raw).hexdigest()
    if suffix == ".docx":
        _check_word(raw)
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
            return Kilde("", structure(page_lines(pdf_pages(path))), digest,
                         merknader=("Teksten er hentet ut av en PDF: sjekk overskrifter og lister mot originalen.",))
        except PdfError as error:
            raise Unreadable(str(error), error.arsak) from None
    text = _decode(raw)
    if suffix == ".txt":
        return Kilde("", structure(_pages(text)), digest)
    own, body, notes = _front_matter(text)
    return Kilde("", _pages(body), digest, own, notes, pictures(body, path.parent))


def _pages(text: str) -> str:
    """A PDF saved as text (or converted to Markdown) keeps its pages apart with form feeds: then each page's
    header, footer and page number go, as from a PDF."""
    return page_lines(text.split("\f")) if "\f" in text else text


def _check_word(raw: bytes) -> None:
    """A .docx is a zip file: refuse one that is encrypted (then it is an OLE file) or unpacks past the limit."""
    if raw.startswith(b"\xd0\xcf\x11\xe0"):
        raise Unreadable("Word-filen er passordbeskyttet eller i det gamle .doc-formatet. Åpne den i Word, fjern "
                         "passordet og lagre den som .docx", "passordbeskyttet eller gammelt format")
    try:
        with zipfile.ZipFile(io.BytesIO(raw)) as archive:
            entries = archive.infolist()
    except zipfile.BadZipFile:
        raise Unreadable("filen kan ikke leses som docx (den er ingen zip-fil, slik en .docx er)") from None
    unpacked = sum(entry.file_size for entry in entries)
    if unpacked > MAX_UNPACKED or len(entries) > MAX_ENTRIES:
        raise Unreadable(f"Word-filen pakker seg ut til {unpacked / 1_000_000:.0f} MB i {len(entries)} deler; grensen "
                         f"er {MAX_UNPACKED // 1_000_000} MB og {MAX_ENTRIES} deler", "over grensene")


def pictures(markdown: str, folder: Path) -> dict[str, Bilde]:
    """The images `markdown` names that are files inside `folder` (never outside it, never on the web) and are
    PNG or JPEG by their first bytes, as the attachment rules allow, re-encoded without their metadata; others
    are left to be dropped."""
    found: dict[str, Bilde] = {}
    inside = folder.resolve()
    for ref in dict.fromkeys(m.group(2) for m in IMAGE.finditer(markdown)):
        if re.match(r"^([a-z][a-z0-9+.-]*:|//)", ref, re.IGNORECASE):  # http:, data:, file:, //host
            continue
        path = (folder / ref).resolve()
        if not path.is_relative_to(inside) or not path.is_file() or path.stat().st_size > MAX_BILDE:
            continue
        data = path.read_bytes()
        kind = next((ending[1:] for ending in (".png", ".jpg") if data.startswith(TYPER[ending][1])), None)
        clean = without_metadata(data, kind) if kind else None
        if kind and clean:
            found[ref] = Bilde(kind, clean)
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
