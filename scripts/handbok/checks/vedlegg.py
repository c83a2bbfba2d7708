"""Attachments: the handbook's vedlegg/ folder -> the files the site publishes, and a finding for each it must not.

An attachment is published as it is and opened by the reader's browser, which decides by the file's
name what it renders it as. So the allow-list is of what a file renders to: documents that open in a
viewer (PDF, Word, Excel …) and pictures. A web page, an SVG drawing or anything else a browser would
run as part of the handbook's site is refused, and a file whose bytes are not what its name says
(an HTML page saved as .pdf) too. Nothing here is sanitised: nothing that needs it is let through.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

from ..core.findings import Finding, feil
from ..core.model import Handbok
from ..source.loading import Corpus
from ..source.yamlread import field_name

MAPPE = "vedlegg"
MAX_BYTES = 10_000_000  # a form or a leaflet; the offline copy stores every attachment on the phone
_ZIP = b"PK\x03\x04"  # Office Open XML and OpenDocument files are zip archives
_OLE = b"\xd0\xcf\x11\xe0"  # the old Word and Excel formats
# File ending -> (what it is, in words, and how its bytes start).
TYPER: dict[str, tuple[str, tuple[bytes, ...]]] = {
    ".pdf": ("en PDF", (b"%PDF-",)),
    ".docx": ("et Word-dokument", (_ZIP,)), ".xlsx": ("et Excel-ark", (_ZIP,)),
    ".pptx": ("en PowerPoint-presentasjon", (_ZIP,)), ".odt": ("et tekstdokument", (_ZIP,)),
    ".ods": ("et regneark", (_ZIP,)), ".doc": ("et Word-dokument", (_OLE,)), ".xls": ("et Excel-ark", (_OLE,)),
    ".png": ("et PNG-bilde", (b"\x89PNG\r\n\x1a\n",)), ".jpg": ("et JPEG-bilde", (b"\xff\xd8\xff",)),
    ".jpeg": ("et JPEG-bilde", (b"\xff\xd8\xff",)),
}


@dataclass(frozen=True)
class Fil:
    """One file below vedlegg/: its repository-relative path and where it is on disk."""

    fil: str
    sti: Path


def vedlegg_filer(root: Path) -> list[Fil]:
    """Every file below vedlegg/ (hidden files and folders left out), sorted."""
    folder = root / MAPPE
    if not folder.is_dir():
        return []
    return [Fil(path.relative_to(root).as_posix(), path) for path in sorted(folder.rglob("*"))
            if not any(part.startswith(".") for part in path.relative_to(folder).parts) and not path.is_dir()]


def vedlegg_sider(root: Path) -> dict[str, bytes]:
    """The attachments as the site publishes them: at the same path as in the handbook (vedlegg/…)."""
    return {fil.fil: fil.sti.read_bytes() for fil in vedlegg_filer(root)}


def check_vedlegg(corpus: Corpus, handbok: Handbok, filer: list[Fil]) -> Iterator[Finding]:
    """Each attachment file as the browser will see it, and each routine's `vedlegg` against the folder."""
    for fil in filer:
        yield from _check_file(corpus.root, fil)
    present = {f.fil for f in filer}
    docs = {d.fil: d for d in corpus.rutiner}
    for rutine in handbok.rutiner.values():
        for i, vedlegg in enumerate(rutine.vedlegg):
            if vedlegg.fil not in present:
                path = ("vedlegg", i, "fil")
                yield feil("vedlegg-mangler", rutine.fil, docs[rutine.fil].line(*path), field_name(path),
                           f"Vedlegget {vedlegg.fil} finnes ikke. Legg filen i mappen {MAPPE}/, eller rett "
                           "stien (store og små bokstaver teller).")


def _check_file(root: Path, fil: Fil) -> Iterator[Finding]:
    if fil.sti.is_symlink() and not Path(os.path.realpath(fil.sti)).is_relative_to(Path(os.path.realpath(root))):
        yield feil("symlenke-utenfor", fil.fil, None, "",
                   "Vedlegget er en snarvei (symlenke) til noe utenfor håndboka og publiseres ikke. "
                   "Erstatt den med en vanlig fil.")
        return
    if not fil.sti.is_file():  # a FIFO or device would block or never end; a dangling link has nothing
        yield feil("ikke-vanlig-fil", fil.fil, None, "",
                   "Dette er ikke en vanlig fil og publiseres ikke. Fjern den, eller erstatt den med en vanlig fil.")
        return
    typ = TYPER.get(fil.sti.suffix.lower())
    if typ is None:
        yield feil("vedlegg-filtype", fil.fil, None, "",
                   f"Filer av typen «{fil.sti.suffix or 'uten filendelse'}» kan ikke være vedlegg: en nettside, en "
                   "SVG-tegning eller et skript ville kjørt som en del av håndboka når den åpnes. Lagre vedlegget "
                   "som PDF (eller Word, Excel, PNG eller JPEG).")
        return
    size = fil.sti.stat().st_size
    if size > MAX_BYTES:
        yield feil("vedlegg-for-stort", fil.fil, None, "",
                   f"Vedlegget er {size / 1_000_000:.1f} MB; grensen er {MAX_BYTES / 1_000_000:.0f} MB, fordi "
                   "håndboka lagres på telefonen for bruk uten nett. Lagre det mindre (f.eks. «Reduser "
                   "filstørrelse» når du lagrer som PDF).")
        return
    with fil.sti.open("rb") as stream:
        start = stream.read(8)
    if not start.startswith(typ[1]):
        yield feil("vedlegg-innhold", fil.fil, None, "",
                   f"Filen heter {fil.sti.name}, men innholdet er ikke {typ[0]}. Åpne den i programmet den ble "
                   f"laget i og lagre den på nytt som {typ[0]} (ikke bare gi den nytt navn).")
