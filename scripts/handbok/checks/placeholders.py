"""Placeholders: the text `handbok ny` writes to be replaced — fine in a draft, an error in a document in force."""

from __future__ import annotations

import re
from typing import Iterator

from ..core.findings import Finding, advarsel, feil
from ..source.loading import Document
from ..source.yamlread import field_name, text_values

# Every sentence scaffold/document.py writes for the author to replace (tests/unit/test_placeholders.py keeps them in step).
PLASSHOLDERE = frozenset({
    "Én setning om hva rutinen gjelder.",
    "Beskriv hva rollen har ansvar for i denne rutinen.",
    "Hvorfor rutinen finnes.",
    "Hvem og hva rutinen gjelder for.",
    "Første trinn.",
    "Neste trinn.",
    "Lov, forskrift eller veileder rutinen bygger på.",
    "Hvorfor rollen finnes, i én eller to setninger.",
    "Rollens første ansvarsområde.",
    "Krav til utdanning eller opplæring.",
    "Kort om rollen i hverdagen.",
})
_LIST_MARKER = re.compile(r"^\s*(?:[-*+]|\d+[.)])\s+")


def check_placeholders(doc: Document) -> Iterator[Finding]:
    """A finding for each placeholder left in the front matter or the text: a warning while the document is a
    draft or on hearing, an error once it is `gjeldende` (staff would read «Første trinn.» as the routine)."""
    if doc.data is None or doc.kind not in ("rutine", "funksjon"):
        return
    in_force = doc.data.get("dokumentstatus") == "gjeldende"
    for path, text in text_values(doc.data):
        if text.strip() in PLASSHOLDERE:
            yield _finding(in_force, doc.fil, doc.line(*path), field_name(path), text.strip())
    for offset, line in enumerate(doc.body.split("\n")):
        if _LIST_MARKER.sub("", line).strip() in PLASSHOLDERE:
            yield _finding(in_force, doc.fil, doc.body_line + offset, "tekst", _LIST_MARKER.sub("", line).strip())


def _finding(in_force: bool, fil: str, linje: int | None, felt: str, text: str) -> Finding:
    if in_force:
        return feil("plassholdertekst", fil, linje, felt,
                    f"«{text}» er eksempelteksten fra «handbok ny», men dokumentet er gjeldende. Skriv den "
                    "virkelige teksten her (eller fjern linjen) før dokumentet tas i bruk.")
    return advarsel("plassholdertekst", fil, linje, felt,
                    f"«{text}» er eksempelteksten fra «handbok ny». Skriv den virkelige teksten før dokumentet "
                    "settes til gjeldende; da blir dette en feil.")
