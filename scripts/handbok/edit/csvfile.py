"""CSV reading: an export from a spreadsheet, a deviation system or a forms tool -> a table of text cells,
whatever its encoding (UTF-8 with or without BOM, UTF-16 from Excel, Windows-1252) and delimiter (; , tab),
or an Excel workbook's first sheet (.xlsx, what Microsoft Forms exports), plus the guard that refuses a file
holding free text or persons, and Norwegian numbers and months."""

from __future__ import annotations

import codecs
import csv
import re
import unicodedata
import zipfile
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Iterable

import openpyxl
from openpyxl.utils.exceptions import InvalidFileException

from ..checks.privacy import finn_identifikatorer
from ..core.errors import Refused

MAX_BYTES = 50_000_000
EXCEL = (".xlsx", ".xlsm")
DELIMITERS = (";", ",", "\t")
# Header words that name a person or free text. Only columns the import does not use are judged by name:
# a deviation system's «Enhetsnavn» is the site, not a person.
PERSON_WORDS = ("navn", "name", "fødselsnummer", "fodselsnummer", "personnummer", "fnr", "pasient", "beskrivelse",
                "kommentar", "fritekst", "merknad", "e-post", "epost", "email", "telefon", "mobil", "adresse",
                "melder", "hendelsesforløp")
FREE_TEXT_WORDS = 6  # a cell with this many words is prose, not a code
FREE_TEXT_CHARS = 60


class CsvRefused(Refused):
    """The CSV file was refused; the text says why and how to fix it. Nothing was written."""


@dataclass(frozen=True)
class Tabell:
    """A CSV file's header and rows (text cells, stripped); row numbers count the header as line 1."""

    fil: str
    kolonner: tuple[str, ...]
    rader: tuple[tuple[str, ...], ...]

    def kolonne(self, navn: str) -> int:
        return self.kolonner.index(navn)

    def verdier(self, navn: str) -> list[tuple[int, str]]:
        """(line, value) of every row in the column."""
        index = self.kolonne(navn)
        return [(line, row[index] if index < len(row) else "") for line, row in enumerate(self.rader, start=2)]


def read_table(path: Path, known: Iterable[str]) -> Tabell:
    """Read `path` as a table; the delimiter is the one whose header has most of the `known` column names."""
    raw = path.read_bytes()
    if len(raw) > MAX_BYTES:
        raise CsvRefused(f"{path.name} er {len(raw) / 1_000_000:.0f} MB; grensen er {MAX_BYTES // 1_000_000} MB. "
                      "Eksporter færre måneder om gangen.")
    if path.suffix.lower() in EXCEL:
        return _table(path.name, _excel_rows(path))
    text = decode(raw).replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        raise CsvRefused(f"{path.name} er tom. Eksporter på nytt med overskrifter og rader.")
    names = {_clean(k) for k in known}
    delimiter = _delimiter(text, names)
    return _table(path.name, csv.reader(text.split("\n"), delimiter=delimiter))


def _table(fil: str, rows: Iterable[Iterable[str]]) -> Tabell:
    cleaned = [tuple(_clean(cell) for cell in row) for row in rows]
    cleaned = [row for row in cleaned if any(row)]
    if not cleaned:
        raise CsvRefused(f"{fil} er tom. Eksporter på nytt med overskrifter og rader.")
    return Tabell(fil, cleaned[0], tuple(cleaned[1:]))


def _excel_rows(path: Path) -> list[list[str]]:
    """The first sheet of a workbook as text cells: the values as shown, never a formula."""
    try:
        workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except (zipfile.BadZipFile, InvalidFileException, KeyError, ValueError, OSError):
        raise CsvRefused(f"{path.name} kan ikke leses som en Excel-fil (.xlsx). Eksporter på nytt fra "
                         "skjemaverktøyet, eller lagre arket som CSV.") from None
    try:
        sheet = workbook.worksheets[0]
        return [[_excel_text(value) for value in row] for row in sheet.iter_rows(values_only=True)]
    finally:
        workbook.close()


def _excel_text(value: object) -> str:
    """A cell as text: «2.0» stays «2.0» (a version), a date its ISO form, an empty cell ""."""
    if value is None:
        return ""
    if isinstance(value, (datetime, date)):
        return value.isoformat(sep=" ") if isinstance(value, datetime) else value.isoformat()
    return str(value)


def decode(raw: bytes) -> str:
    """UTF-16 and UTF-8 by their BOM, then UTF-8, then Windows-1252 (what Excel's plain «CSV» writes in Norway)."""
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return raw.decode("utf-16")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        return raw.decode("cp1252", errors="replace")


def _delimiter(text: str, known: set[str]) -> str:
    header = text.split("\n", 1)[0]
    scores = {d: len(known & {_clean(c) for c in next(csv.reader([header], delimiter=d))}) for d in DELIMITERS}
    best = max(DELIMITERS, key=lambda d: (scores[d], header.count(d)))
    if scores[best] or not known:
        return best
    try:
        return csv.Sniffer().sniff(text[:20_000], delimiters="".join(DELIMITERS)).delimiter
    except csv.Error:
        return best


def _clean(cell: str) -> str:
    return unicodedata.normalize("NFC", cell.replace("\ufeff", "").replace("\u00a0", " ").strip())


def require_columns(tabell: Tabell, wanted: Iterable[str], where: str) -> None:
    missing = [name for name in wanted if name not in tabell.kolonner]
    if missing:
        found = ", ".join(f"«{c}»" for c in tabell.kolonner) or "ingen"
        raise CsvRefused(f"{tabell.fil} mangler kolonnen {' og '.join(f'«{m}»' for m in missing)} (fant {found}). "
                      f"Sjekk kolonnenavnene under {where} i handbok.yaml, eller eksporter filen med de kolonnene.")


def refuse_personal(tabell: Tabell, used: Iterable[str]) -> list[str]:
    """Refuse a file with a person or free text in it; return the unused (code or number) columns, which are ignored.

    Every cell is searched for a valid birth number; an unused column is refused for its name (navn,
    pasient, beskrivelse, …) or for prose in it. The cell's value is never repeated in a message.
    """
    used = set(used)
    for index, name in enumerate(tabell.kolonner):
        for line, row in enumerate(tabell.rader, start=2):
            if index < len(row) and finn_identifikatorer(row[index]):
                raise CsvRefused(f"{tabell.fil} er ikke importert: kolonnen «{name}» (linje {line}) inneholder et "
                              "fødselsnummer eller personnummer. Importen tar bare imot antall. Eksporter uten "
                              "personopplysninger, slett filen du har, og prøv igjen.")
    unused = [name for name in tabell.kolonner if name not in used]
    for name in unused:
        if _person_header(name) or _prose(tabell, name):
            raise CsvRefused(f"{tabell.fil} er ikke importert: kolonnen «{name}» ser ut til å inneholde fritekst "
                          "eller personopplysninger. Importen tar bare imot antall: eksporter uten fritekst- og "
                          "personkolonner (eller slett kolonnen), og prøv igjen.")
    return unused


def _person_header(name: str) -> bool:
    folded = name.casefold()
    return any(word in folded for word in PERSON_WORDS)


def _prose(tabell: Tabell, name: str) -> bool:
    return any(len(value) > FREE_TEXT_CHARS or len(value.split()) >= FREE_TEXT_WORDS
               for _, value in tabell.verdier(name))


_THOUSANDS = re.compile(r"\d{1,3}([ .\u202f]\d{3})+")


def parse_count(text: str) -> int | None:
    """A whole, non-negative number as a Norwegian spreadsheet writes it: «1 234», «1.234», «12», «12,0»."""
    value = text.replace("\u00a0", " ").strip()
    if _THOUSANDS.fullmatch(value):
        return int(re.sub(r"\D", "", value))
    value = re.sub(r"[.,]0+$", "", value)
    return int(value) if value.isascii() and value.isdigit() else None


MONTHS = {name: number for number, names in enumerate((
    ("januar", "jan", "january"), ("februar", "feb", "february"), ("mars", "mar", "march"),
    ("april", "apr"), ("mai", "may"), ("juni", "jun", "june"), ("juli", "jul", "july"),
    ("august", "aug"), ("september", "sep", "sept"), ("oktober", "okt", "oct", "october"),
    ("november", "nov"), ("desember", "des", "dec", "december")), start=1) for name in names}
_ISO = re.compile(r"(\d{4})[-/](\d{1,2})(?:[-/]\d{1,2})?(?:[ T].*)?")
_NORWEGIAN = re.compile(r"(?:\d{1,2}\.)?(\d{1,2})\.(\d{4})(?: .*)?")
_SSB = re.compile(r"(\d{4})M(\d{2})")
_NAMED = re.compile(r"([a-zæøå]+)\.? (\d{4})|(\d{4}) ([a-zæøå]+)\.?")


def parse_month(text: str) -> str | None:
    """The month "YYYY-MM" of «2024-03», «2024-03-15», «03.2024», «15.03.2024», «mars 2024», «2024M03»."""
    value = text.strip().casefold()
    year, month = _year_month(value)
    if year is None or month is None or not 1 <= month <= 12 or not 1900 <= year <= 2999:
        return None
    return f"{year:04d}-{month:02d}"


def _year_month(value: str) -> tuple[int | None, int | None]:
    if match := _ISO.fullmatch(value) or _SSB.fullmatch(value.upper()):
        return int(match.group(1)), int(match.group(2))
    if match := _NORWEGIAN.fullmatch(value):
        return int(match.group(2)), int(match.group(1))
    if match := _NAMED.fullmatch(value):
        name, year = (match.group(1), match.group(2)) if match.group(1) else (match.group(4), match.group(3))
        return int(year), MONTHS.get(name)
    return None, None
