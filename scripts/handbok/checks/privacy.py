"""Privacy: every text that gets published -> findings for personal identifiers and personal e-mail addresses.

Identifiers are found by python-stdnum (Norwegian fødselsnummer, D- and H-nummer; Swedish
personnummer and samordningsnummer, 10 and 12 digits) over the whole file as written — values,
keys, YAML comments and the body — with the usual separators allowed between the date and the
rest: a space, a no-break space, a hyphen, a dot or a line break, and letters glued on either
side. A number is only flagged when its control digits and its date are valid: nurses write phone
numbers, dates and order numbers, and a false alarm teaches people to ignore the check. Findings
never repeat the number itself; CI logs are not the place for it either.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Callable, Iterator

from stdnum import luhn
from stdnum.exceptions import ValidationError
from stdnum.no import fodselsnummer
from stdnum.se import personnummer

from ..core.findings import Finding, advarsel, feil
from ..core.model import Innstillinger
from ..source.loading import Document
from ..source.yamlread import field_name, text_values

# Between the date part and the rest: blanks (any Unicode space but a line break), then at most one
# hyphen/dash/dot/plus or one line break, then blanks (a continued Markdown or YAML line is indented).
_BLANK = r"[^\S\n]*"
_SEPARATOR = rf"{_BLANK}(?:[-.+\u2010-\u2015\u2212]|\n)?{_BLANK}"
_NORWEGIAN = re.compile(rf"(?<!\d)(\d{{6}}){_SEPARATOR}(\d{{5}})(?!\d)")
_SWEDISH = re.compile(rf"(?<!\d)((?:19|20)?\d{{6}}){_SEPARATOR}(\d{{4}})(?!\d)")
_EMAIL = re.compile(r"(?<![\w.+-])([\w.+-]+)@([\w-]+(?:\.[\w-]+)+)")
_FUNCTIONAL_MAILBOXES = {
    "post", "postmottak", "kontakt", "firmapost", "servicetorget", "legevakt", "hjemmetjenesten",
    "noreply", "no-reply", "support", "hjelp", "personvernombud", "personvern", "kvalitet", "sentralbord",
}
_SUSPECT = re.compile(r"@")  # no "@": no address, the common case
_DIGITS = re.compile(r"\d{6}")  # every identifier starts with six digits in a row (its date)


@dataclass(frozen=True)
class Identifikator:
    """A valid personal identifier found in a text: where it is and what kind, never the number."""

    start: int
    slutt: int
    slag: str  # "fødselsnummer", "D-nummer", "H-nummer", "svensk personnummer", …
    maskert: str  # the date part only, for the message: 010190*****
    siffer: str  # the number's digits (a Swedish one without century): to compare with known test numbers


def finn_identifikatorer(text: str) -> list[Identifikator]:
    """Every valid Norwegian or Swedish personal identifier in `text`, in order."""
    if not _DIGITS.search(text):
        return []  # the common case (prose, versions, short numbers), cheaply
    found = [Identifikator(m.start(), m.end(), kind, f"{m.group(1)}*****", m.group(1) + m.group(2))
             for m in _NORWEGIAN.finditer(text) if (kind := norwegian_id_kind(m.group(1) + m.group(2)))]
    taken = [(i.start, i.slutt) for i in found]
    for m in _SWEDISH.finditer(text):
        kind = swedish_id_kind(m.group(1) + m.group(2))
        if kind and not any(a < m.end() and m.start() < b for a, b in taken):
            found.append(Identifikator(m.start(), m.end(), kind, f"{m.group(1)}-****", (m.group(1) + m.group(2))[-10:]))
    return sorted(found, key=lambda i: i.start)


# Public test persons every Nordic developer knows: Skatteverket's «Tolvan Tolvansson».
KJENTE_TESTNUMRE = frozenset({"1212121212"})
SYNTETISK_MANED = 80  # Skatteetaten's synthetic persons (Tenor) have 80 added to the month
SVENSKE_TESTSERIER = range(980, 1000)  # Skatteverket's test personnummer: birth numbers 980–999


def syntetisk(siffer: str) -> bool:
    """True for a number of a series no real person has: Skatteetaten's synthetic persons, Skatteverket's
    Swedish test numbers and the public Tolvan number. Anything else may be a real person's (an H-nummer
    has 40 added to the month: it is a real patient's, so NAV's synthetic numbers, which collide with
    it, do not count)."""
    if siffer in KJENTE_TESTNUMRE:
        return True
    if len(siffer) == 11:
        return int(siffer[2:4]) >= SYNTETISK_MANED
    return len(siffer) == 10 and int(siffer[6:9]) in SVENSKE_TESTSERIER


def godkjente_testnumre(innstillinger: Innstillinger) -> frozenset[str]:
    """The test numbers a text may hold with a warning: handbok.yaml's, but only those of a synthetic series
    (a real number put there in a pull request would otherwise be published), and the public ones."""
    listed = {n[-10:] if len(n) == 12 else n for n in innstillinger.testnumre}
    return frozenset(n for n in listed if syntetisk(n)) | KJENTE_TESTNUMRE


def check_privacy(doc: Document, innstillinger: Innstillinger = Innstillinger()) -> Iterator[Finding]:
    """Every published text of one document: its file name, the whole text as written (identifiers,
    also in YAML comments and across line breaks), and values and body lines (e-mail, markup)."""
    if finn_identifikatorer(doc.fil):
        yield feil("personnummer", doc.fil, None, "",
                   "Filnavnet inneholder et gyldig personnummer. Gi filen et navn uten personopplysninger.")
    yield from _identifiers(doc, godkjente_testnumre(innstillinger))
    for path, text in text_values(doc.data):
        yield from _check_text(doc, text, doc.line(*path), field_name(path), innstillinger.fellespostkasser)
    for offset, line in enumerate(doc.body.split("\n")):
        yield from _check_text(doc, line, doc.body_line + offset, "tekst", innstillinger.fellespostkasser)


def _identifiers(doc: Document, testnumre: frozenset[str]) -> Iterator[Finding]:
    fields = _field_of_line(doc)
    for hit in finn_identifikatorer(doc.kilde):
        line = doc.kilde.count("\n", 0, hit.start) + 1
        felt = "tekst" if line >= doc.body_line and doc.kind not in ("plan", "handbok", "nettsted") else fields(line)
        if doc.kind == "handbok" and felt.startswith("personvern.testnumre"):
            if not syntetisk(hit.siffer):  # the allow-list itself is never published; a real number is refused
                yield feil("testnummer-ikke-syntetisk", doc.fil, line, felt,
                           f"{hit.maskert} er et gyldig {hit.slag} som ikke er i en kjent syntetisk serie, og kan "
                           "tilhøre en ekte person. Bare syntetiske testnumre kan føres opp her (Skatteetatens "
                           "syntetiske personer med 80 lagt til måneden, Skatteverkets testpersonnummer med "
                           "fødselsnummer 980–999). Fjern nummeret, og skriv «brukerens fødselsnummer» i teksten.")
            continue
        if hit.siffer in testnumre:
            yield advarsel("kjent-testnummer", doc.fil, line, felt,
                           f"Teksten inneholder et kjent testnummer ({hit.maskert}). Det er ingen ekte person, men "
                           "lesere kan ikke se forskjell: skriv heller «brukerens fødselsnummer».")
            continue
        yield feil("personnummer", doc.fil, line, felt,
                   f"Teksten inneholder et gyldig {hit.slag} ({hit.maskert}). Personopplysninger skal aldri stå "
                   "i håndboka; fjern nummeret (skriv f.eks. «brukerens fødselsnummer» i stedet). Er det et "
                   "syntetisk testnummer, før det opp under personvern.testnumre i handbok.yaml.")


def _field_of_line(doc: Document) -> Callable[[int], str]:
    """line -> the field that line belongs to: the last key that starts on or before it."""
    starts = sorted((line, len(path), path) for path, line in doc.lines.items())

    def field(line: int) -> str:
        before = [path for start, _, path in starts if start <= line]
        return field_name(before[-1]) if before else ""

    return field




def _check_text(doc: Document, text: str, line: int | None, felt: str,
                fellespostkasser: frozenset[str]) -> Iterator[Finding]:
    if not _SUSPECT.search(text):
        return  # the common case (dates, versions, plain prose), cheaply
    for match in _EMAIL.finditer(text):
        if match.group(1).lower() not in _FUNCTIONAL_MAILBOXES and match.group(0).lower() not in fellespostkasser:
            yield advarsel("personlig-epost", doc.fil, line, felt,
                           f"«{match.group(0)}» ser ut som en personlig e-postadresse, og håndboka publiseres. "
                           "Bruk en funksjonsadresse (f.eks. postmottak@…) eller skriv rollen i stedet. Er det en felles "
                           "postkasse, før den opp under personvern.fellespostkasser i handbok.yaml.")


def skjul_personnummer(text: str) -> str:
    """The text with every valid Norwegian or Swedish identifier replaced (for texts never checked:
    old versions from git, commit messages, author names)."""
    for hit in reversed(finn_identifikatorer(text)):
        text = text[:hit.start] + "(personnummer skjult)" + text[hit.slutt:]
    return text


def norwegian_id_kind(digits: str) -> str | None:
    """'fødselsnummer', 'D-nummer' or 'H-nummer' when python-stdnum finds both control digits and the date valid."""
    if not fodselsnummer.is_valid(digits):
        return None
    if int(digits[0]) >= 4:
        return "D-nummer"
    return "H-nummer" if int(digits[2]) >= 4 else "fødselsnummer"


def swedish_id_kind(digits: str) -> str | None:
    """'svensk personnummer' or 'svensk samordningsnummer' (day + 60) for 10 or 12 digits with a valid
    Luhn digit and date; the date is checked by python-stdnum's personnummer."""
    short = digits[-10:]
    if len(digits) not in (10, 12) or not luhn.is_valid(short):
        return None
    day = int(short[4:6])
    kind = "svensk personnummer"
    if day > 60:
        day, kind = day - 60, "svensk samordningsnummer"
    dated = digits[:-6] + f"{day:02d}" + digits[-4:]
    try:
        personnummer.get_birth_date(f"{dated[:-4]}-{dated[-4:]}")
    except ValidationError:
        return None
    return kind
