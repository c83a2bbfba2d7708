"""Privacy: every text that gets published -> findings for personal identifiers and unsafe markup.

A number is only flagged when its control digits are valid (mod 11 for Norwegian fødselsnummer and
D-nummer, Luhn for Swedish personnummer) and its date part is a possible date: nurses write phone
numbers, dates and order numbers, and a false alarm teaches people to ignore the check. Findings
never repeat the number itself; CI logs are not the place for it either.
"""

from __future__ import annotations

import re
from typing import Any, Iterator

from .findings import Finding, advarsel, feil
from .loading import Document
from .yamlread import Path_, field_name

_NORWEGIAN = re.compile(r"(?<![\d-])(\d{6})[ .]?(\d{5})(?![\d-])")
_SWEDISH = re.compile(r"(?<![\d-])((?:19|20)?\d{6})([-+])(\d{4})(?![\d-])|(?<![\d-])((?:19|20)\d{6})(\d{4})(?![\d-])")
_EMAIL = re.compile(r"(?<![\w.+-])([\w.+-]+)@([\w-]+(?:\.[\w-]+)+)")
_UNSAFE = [
    (re.compile(r"<\s*(script|iframe|object|embed)\b", re.IGNORECASE), "HTML-elementet <{0}>"),
    (re.compile(r"<[a-z][^>]*\s(on[a-z]+)\s*=", re.IGNORECASE), "hendelsesattributtet {0}="),
    (re.compile(r"(javascript)\s*:", re.IGNORECASE), "en javascript:-lenke"),
]
_FUNCTIONAL_MAILBOXES = {
    "post", "postmottak", "kontakt", "firmapost", "servicetorget", "legevakt", "hjemmetjenesten",
    "noreply", "no-reply", "support", "hjelp", "personvernombud", "personvern", "kvalitet", "sentralbord",
}
_SUSPECT = re.compile(r"\d{6}|@|<|javascript", re.IGNORECASE)
_W1 = (3, 7, 6, 1, 8, 9, 4, 5, 2)
_W2 = (5, 4, 3, 2, 7, 6, 5, 4, 3, 2)


def check_privacy(doc: Document) -> Iterator[Finding]:
    """Every published text of one document: front matter or plan values, and the Markdown body."""
    for path, text in _strings(doc.data, ()):
        yield from _check_text(doc, text, doc.line(*path), field_name(path))
    for offset, line in enumerate(doc.body.split("\n")):
        yield from _check_text(doc, line, doc.body_line + offset, "tekst")


def _strings(value: Any, path: Path_) -> Iterator[tuple[Path_, str]]:
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, dict):
        for key, sub in value.items():
            yield from _strings(sub, (*path, key))
    elif isinstance(value, list):
        for index, sub in enumerate(value):
            yield from _strings(sub, (*path, index))


def _check_text(doc: Document, text: str, line: int | None, felt: str) -> Iterator[Finding]:
    if not _SUSPECT.search(text):
        return  # the common case (dates, versions, plain prose), cheaply
    for match in _NORWEGIAN.finditer(text):
        kind = norwegian_id_kind(match.group(1) + match.group(2))
        if kind:
            yield feil("personnummer", doc.fil, line, felt,
                       f"Teksten inneholder et gyldig {kind} ({match.group(1)}*****). Personopplysninger skal "
                       "aldri stå i håndboka; fjern nummeret (bruk f.eks. «brukerens fødselsnummer» i stedet).")
    for match in _SWEDISH.finditer(text):
        digits = "".join(g for g in match.groups() if g and g not in "-+")
        if swedish_personnummer_valid(digits):
            yield feil("personnummer", doc.fil, line, felt,
                       f"Teksten inneholder et gyldig svensk personnummer ({digits[:-4]}-****). Personopplysninger "
                       "skal aldri stå i håndboka; fjern nummeret.")
    for match in _EMAIL.finditer(text):
        if match.group(1).lower() not in _FUNCTIONAL_MAILBOXES:
            yield advarsel("personlig-epost", doc.fil, line, felt,
                           f"«{match.group(0)}» ser ut som en personlig e-postadresse, og håndboka publiseres. "
                           "Bruk en funksjonsadresse (f.eks. postmottak@…) eller skriv rollen i stedet.")
    for pattern, what in _UNSAFE:
        for match in pattern.finditer(text):
            yield feil("usikkert-innhold", doc.fil, line, felt,
                       f"Teksten inneholder {what.format(match.group(1).lower())}, som kan kjøre kode i "
                       "nettleseren. Fjern det; bruk vanlig Markdown for lenker og bilder.")


def skjul_personnummer(text: str) -> str:
    """The text with every valid Norwegian or Swedish identifier replaced (for texts never checked)."""
    if not _SUSPECT.search(text):
        return text
    text = _NORWEGIAN.sub(lambda m: "(personnummer skjult)" if norwegian_id_kind(m.group(1) + m.group(2))
                          else m.group(0), text)
    return _SWEDISH.sub(lambda m: "(personnummer skjult)" if swedish_personnummer_valid(
        "".join(g for g in m.groups() if g and g not in "-+")) else m.group(0), text)


def norwegian_id_kind(digits: str) -> str | None:
    """'fødselsnummer', 'D-nummer' or 'H-nummer' when both mod-11 control digits and the date hold."""
    if len(digits) != 11 or not digits.isdigit():
        return None
    d = [int(c) for c in digits]
    if _control(d[:9], _W1) != d[9] or _control(d[:10], _W2) != d[10]:
        return None
    day, month = int(digits[0:2]), int(digits[2:4])
    kind = "fødselsnummer"
    if day > 40:
        day, kind = day - 40, "D-nummer"
    if month > 40:
        month, kind = month - 40, "H-nummer"
    return kind if 1 <= day <= 31 and 1 <= month <= 12 else None


def _control(digits: list[int], weights: tuple[int, ...]) -> int:
    rest = 11 - sum(a * b for a, b in zip(digits, weights)) % 11
    return 0 if rest == 11 else rest  # 10 means no valid number: it never equals a single digit


def swedish_personnummer_valid(digits: str) -> bool:
    """YYMMDDNNNC or YYYYMMDDNNNC with a Luhn check digit and a possible date (samordningsnummer: day+60)."""
    if len(digits) == 12:
        digits = digits[2:]
    if len(digits) != 10 or not digits.isdigit():
        return False
    month, day = int(digits[2:4]), int(digits[4:6])
    if day > 60:
        day -= 60
    if not (1 <= month <= 12 and 1 <= day <= 31):
        return False
    total = 0
    for index, char in enumerate(digits):
        value = int(char) * (2 if index % 2 == 0 else 1)
        total += value - 9 if value > 9 else value
    return total % 10 == 0
