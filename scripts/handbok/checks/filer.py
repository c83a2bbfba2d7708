"""Published files: everything below docs/ and vedlegg/ that the site publishes as it is -> a finding for each it must not.

A file the site copies as it is reaches the reader's browser unchanged, so what may be published is an
allow-list of what a file renders to (`TYPER`: documents that open in a viewer, and pictures;
in docs/ also the Markdown pages, which are rendered and checked as text): a web page, an SVG drawing,
a script or a style sheet is refused, and a file whose bytes are not what its name says. A symbolic
link is refused wherever it is — the file, a folder on the way, or docs/ or vedlegg/ itself — because
the build would publish whatever it points at. And since the files are published, their names, their
text and their metadata (author, comments, EXIF …) go through the same identifier check as the texts.
`publiseres` is the build's second wall: it copies only what passes the structural rules.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

from ..core.findings import Finding, advarsel, feil
from ..source.cache import FINDINGS, Cache
from ..source.loading import DOCS, files_below, via_symlink
from .filinnhold import innhold
from .privacy import finn_identifikatorer

VEDLEGG = "vedlegg"
MAPPER = (DOCS, VEDLEGG)
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
_ORD = {DOCS: "Filen", VEDLEGG: "Vedlegget"}


@dataclass(frozen=True)
class Fil:
    """One entry below docs/ or vedlegg/: its repository-relative path, its folder and where it is on disk."""

    fil: str
    mappe: str
    sti: Path


def publiserte_filer(root: Path) -> list[Fil]:
    """Every entry below docs/ and vedlegg/ (hidden ones left out), symbolic links included, sorted."""
    return [Fil(path.relative_to(root).as_posix(), mappe, path) for mappe in MAPPER for path in files_below(root, mappe)]


def publiseres(root: Path, path: Path) -> bool:
    """The build's second wall for a file copied as it is: a regular file reached without a symbolic link, of
    an allowed type, within the size limit, whose bytes start as its type's do."""
    typ = TYPER.get(path.suffix.lower())
    if typ is None or via_symlink(root, path) or not path.is_file() or path.stat().st_size > MAX_BYTES:
        return False
    with path.open("rb") as stream:
        return stream.read(8).startswith(typ[1])


def check_filer(root: Path, testnumre: frozenset[str], cache: Cache) -> Iterator[Finding]:
    """The folders themselves, then every file in them as the browser will get it."""
    for mappe in MAPPER:
        if (root / mappe).is_symlink():
            yield feil("symlenke", mappe, None, "",
                       f"Mappen {mappe}/ er en snarvei (symlenke), og ingenting i den publiseres. Gjør den til en "
                       "vanlig mappe med filene i.")
    for fil in publiserte_filer(root):
        yield from _check_file(root, fil, testnumre, cache)


def _check_file(root: Path, fil: Fil, testnumre: frozenset[str], cache: Cache) -> Iterator[Finding]:
    ord_ = _ORD[fil.mappe]
    if fil.sti.is_symlink():
        outside = not Path(os.path.realpath(fil.sti)).is_relative_to(Path(os.path.realpath(root)))
        yield feil("symlenke-utenfor" if outside else "symlenke", fil.fil, None, "",
                   f"{ord_} er en snarvei (symlenke){' til noe utenfor håndboka' if outside else ''} og publiseres "
                   "ikke: nettstedet ville vist det snarveien peker på. Erstatt den med en vanlig fil.")
        return
    if not fil.sti.is_file():  # a FIFO or device would block or never end
        yield feil("ikke-vanlig-fil", fil.fil, None, "",
                   "Dette er ikke en vanlig fil og publiseres ikke. Fjern den, eller erstatt den med en vanlig fil.")
        return
    if fil.sti.suffix == ".md" and fil.mappe == DOCS:
        return  # a hand-written page: its name and text are checked as the documents' are (privacy, safety)
    if finn_identifikatorer(fil.fil):
        yield feil("personnummer", fil.fil, None, "",
                   "Filnavnet inneholder et gyldig personnummer, og navnet publiseres. Gi filen et navn uten "
                   "personopplysninger.")
    problem = _type_problem(fil)
    if problem is not None:
        yield problem
        return
    digest = hashlib.blake2b(fil.sti.read_bytes(), digest_size=20).hexdigest() + " ".join(sorted(testnumre))
    yield from cache.get("filinnhold", fil.fil, digest, lambda: _content(fil, testnumre), FINDINGS)


def _code(fil: Fil, what: str) -> str:
    return f"{'vedlegg' if fil.mappe == VEDLEGG else 'docs'}-{what}"


def _type_problem(fil: Fil) -> Finding | None:
    ord_ = _ORD[fil.mappe]
    typ = TYPER.get(fil.sti.suffix.lower())
    if typ is None:
        pages = " (eller en Markdown-side som slutter på .md)" if fil.mappe == DOCS else ""
        return feil(_code(fil, "filtype"), fil.fil, None, "",
                    f"Filer av typen «{fil.sti.suffix or 'uten filendelse'}» publiseres ikke: en nettside, en "
                    "SVG-tegning, et skript eller et stilark ville kjørt som en del av håndboka når den åpnes. "
                    f"Lagre den som PDF (eller Word, Excel, PNG eller JPEG){pages}.")
    size = fil.sti.stat().st_size
    if size > MAX_BYTES:
        return feil(_code(fil, "for-stort"), fil.fil, None, "",
                    f"{ord_} er {size / 1_000_000:.1f} MB; grensen er {MAX_BYTES / 1_000_000:.0f} MB, fordi "
                    "håndboka lagres på telefonen for bruk uten nett. Lagre det mindre (f.eks. «Reduser "
                    "filstørrelse» når du lagrer som PDF).")
    with fil.sti.open("rb") as stream:
        start = stream.read(8)
    if not start.startswith(typ[1]):
        return feil(_code(fil, "innhold"), fil.fil, None, "",
                    f"Filen heter {fil.sti.name}, men innholdet er ikke {typ[0]}. Åpne den i programmet den ble "
                    f"laget i og lagre den på nytt som {typ[0]} (ikke bare gi den nytt navn).")
    return None


def _content(fil: Fil, testnumre: frozenset[str]) -> list[Finding]:
    """Personal identifiers in the file's text and metadata; a file that cannot be read is not published."""
    found = innhold(fil.sti)
    if found.problem:
        return [feil(_code(fil, "uleselig"), fil.fil, None, "",
                     f"{_ORD[fil.mappe]} kan ikke sjekkes for personopplysninger ({found.problem}) og publiseres "
                     "ikke. Åpne den i programmet den ble laget i og lagre den på nytt uten passord.")]
    hits = [hit for text in found.tekster for hit in finn_identifikatorer(text)]
    real = [hit for hit in hits if hit.siffer not in testnumre]
    if real:
        return [feil("personnummer", fil.fil, None, "",
                     f"{_ORD[fil.mappe]} inneholder et gyldig {real[0].slag} ({real[0].maskert}) i teksten eller i "
                     "egenskapene (forfatter, tittel, kommentarer, bildeinformasjon). Personopplysninger skal aldri "
                     "publiseres: fjern nummeret i programmet filen ble laget i (også under filens egenskaper) og "
                     "lagre den på nytt.")]
    if hits:
        return [advarsel("kjent-testnummer", fil.fil, None, "",
                         f"{_ORD[fil.mappe]} inneholder et kjent testnummer ({hits[0].maskert}). Det er ingen ekte "
                         "person, men lesere kan ikke se forskjell.")]
    return []
