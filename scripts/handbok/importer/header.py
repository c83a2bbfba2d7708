"""Importer: the header block of a routine (a table or «Label: value» lines) -> our field names and raw values.

The labels are the ones Norwegian (bokmål and nynorsk), Swedish and Danish quality systems print above a
routine. Only lines and tables before the first section heading are read, and only what is recognised is
taken out of the body; everything else stays in the text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .values import until_further_notice

_LABELS: dict[str, tuple[str, ...]] = {
    "tittel": ("tittel", "titel", "title", "dokumentnavn", "dokumentnamn", "dokumenttittel", "rutinens navn", "navn på rutine"),
    "dokumentnummer": ("dokumentnummer", "dokumentnr", "dok.nr", "dok. nr", "dok nr", "dokument-id", "dokumentid",
                       "dokument id", "id", "id-nr", "diarienummer", "dnr", "referansenummer", "ref.nr", "nr",
                       "løpenummer", "dokumentnummer/id"),
    "versjon": ("versjon", "version", "versjonsnummer", "versionsnummer", "utgave", "utgåve", "udgave", "rev",
                "revisjon nr", "revisjonsnummer", "rev.nr", "versjon nr"),
    "godkjent_av": ("godkjent av", "godkjend av", "godkänd av", "godkänt av", "godkendt af", "beslutad av",
                    "beslutat av", "fastställd av", "faststalld av", "besluttet av", "vedtatt av", "vedteke av",
                    "godkjenner", "godkjennar", "godkänns av", "godkjent", "beslutsfattare", "godkender"),
    "godkjent_dato": ("godkjent dato", "dato godkjent", "godkjend dato", "godkjenningsdato", "godkjenningsdato",
                      "godkänd datum", "beslutsdatum", "datum för beslut", "fastställd datum", "fastställd",
                      "godkendt dato", "godkendelsesdato", "dato", "datum", "dato for godkjenning", "gyldig fra",
                      "gjelder fra", "gjeld frå", "gäller från", "gældende fra", "ikrafttredelse", "iverksatt",
                      "ikraftsettelse", "i kraft fra", "sist godkjent", "sist revidert", "revidert dato",
                      "fastställelsedatum", "beslutad datum", "godkendelsesdato", "gjeld frå og med"),
    "revideres_innen": ("revideres", "revideres innen", "revideres senest", "revisjonsdato", "neste revisjon",
                        "revisjon", "skal revideres", "dato for revisjon", "revideras", "revideras senast",
                        "revideras senaste", "revision senast", "nästa revision", "næste revision",
                        "revision senest", "revideres dato", "gyldig til", "gjelder til", "gjeld til",
                        "gäller till", "gäller t.o.m", "gäller tom", "gældende til", "gyldighet", "giltighetstid",
                        "gyldig", "gäller", "revisjonsfrist", "rullering", "neste gjennomgang"),
    "eier": ("dokumentansvarlig", "dokumentansvarleg", "dokumentägare", "dokumentansvarig", "dokumentejer",
             "dokumentansvarlig rolle", "eier", "eigar", "ejer", "ägare", "rutineansvarlig", "rutineansvarleg",
             "rutinansvarig", "prosesseier", "prosesseigar", "processägare", "ansvarlig for dokumentet",
             "ansvarleg for dokumentet", "ansvarig för dokumentet", "fagansvarlig", "fagansvarleg"),
    "utarbeidet_av": ("utarbeidet av", "utarbeidd av", "utarbeida av", "skrevet av", "skrive av", "forfatter",
                      "upprättad av", "upprättat av", "framtagen av", "framtaget av", "författare", "utarbejdet af",
                      "udarbejdet af", "skrevet af", "laget av", "revidert av", "reviderad av"),
    "kontrollert_av": ("kontrollert av", "kontrollert", "kontrollerad av", "granskad av", "granskat av",
                       "fagleg kontrollert av", "faglig kontrollert av", "kontrolleret af", "verifisert av",
                       "kvalitetssikret av", "kvalitetssikra av", "godkjent faglig av", "fagkontroll"),
    "gjelder_for": ("gjelder for", "gjeld for", "gäller för", "gælder for", "gjelder", "gjeld", "omfatter",
                    "omfang", "virksomhet", "verksamhet", "enhet", "eining", "enhed", "avdeling", "tjenestested",
                    "tenestestad"),
    "malgruppe": ("målgruppe", "målgrupp", "målgrupper", "målgruppe(r)", "for hvem", "til hvem", "brukere",
                  "berørte", "berörda"),
    "hjemmel": ("hjemmel", "heimel", "lovhjemmel", "lovheimel", "lagrum", "lagstöd", "författning", "lovgrundlag",
                "lovgivning", "lovverk", "hjemmel/referanser", "referanse til lov", "juridisk grunnlag"),
    "kategorier": ("kategori", "kategorier", "emne", "emneord", "tema", "fagområde", "område", "dokumenttype",
                   "prosess", "kapittel"),
    "erstatter": ("erstatter", "erstattar", "ersätter", "ersatter", "erstatter dokument", "erstatter rutine",
                  "ersätter dokument", "replaces", "afløser", "avløser", "avløyser"),
    "sist_endret": ("sist endret", "sist endra", "sist oppdatert", "senast ändrad", "senast ändrat", "senast reviderat",
                    "senast reviderat den", "senast uppdaterad", "senest ændret", "senest opdateret", "sist redigert"),
    "sammendrag": ("sammendrag", "samandrag", "sammandrag", "resumé", "kort om rutinen", "beskrivelse"),
}
LABELS: dict[str, str] = {label: name for name, labels in _LABELS.items() for label in labels}
_LINE = re.compile(r"^\s*(?:[-*]\s+)?[*_]{0,2}([^:*_|\t]{2,40}?)[*_]{0,2}\s*(?::|\t| {3,}|\s[–-]\s)[*_]{0,2}\s*(.+?)\s*$")
_HEADING = re.compile(r"^#{1,6}\s")
_RULE = re.compile(r"^\s*\|?\s*:?-{3,}")


@dataclass(frozen=True)
class Felt:
    """One recognised header entry: the label as written, our field, and the value as written."""

    etikett: str
    navn: str
    verdi: str


@dataclass
class Hode:
    felt: list[Felt] = field(default_factory=list)
    tilsvidare: str = ""  # the phrase that said «valid until further notice», when one did


def label_field(text: str) -> str | None:
    return LABELS.get(normalise(text))


def normalise(label: str) -> str:
    text = re.sub(r"[*_`]", "", label).strip().rstrip(":.").strip().lower()
    return re.sub(r"\s+", " ", text)


def read_header(body: str) -> tuple[Hode, str]:
    """The recognised header entries and the body without them (lines before the first section heading)."""
    lines = body.split("\n")
    end = next((i for i, line in enumerate(lines) if _HEADING.match(line) and i > 0), len(lines))
    end = min(end, 60)
    hode = Hode()
    drop: set[int] = set()
    i = 0
    while i < end:
        if lines[i].lstrip().startswith("|"):
            j = i
            while j < len(lines) and lines[j].lstrip().startswith("|"):
                j += 1
            found = _table(lines[i:j])
            if found:
                hode.felt.extend(found)
                drop.update(range(i, j))
            i = j
            continue
        entry = _line(lines[i])
        if entry is not None:
            hode.felt.append(entry)
            drop.add(i)
        elif until_further_notice(lines[i]) and len(lines[i]) < 60:
            hode.tilsvidare = lines[i].strip(" *_")
            drop.add(i)
        i += 1
    kept = [line for n, line in enumerate(lines) if n not in drop]
    return hode, "\n".join(kept)


def unescape(text: str) -> str:
    """Markdown's backslash escapes undone: pandoc writes «3\\. februar» so it is not read as a list."""
    return re.sub(r"\\([\\`*_{}\[\]()#+\-.!|<>])", r"\1", text)


def _line(line: str) -> Felt | None:
    found = _LINE.match(line)
    if not found:
        return None
    name = label_field(found.group(1))
    value = unescape(found.group(2)).strip(" *_")
    if name is None or not value:
        return None
    return Felt(found.group(1).strip(), name, value)


def _cells(row: str) -> list[str]:
    return [cell.strip() for cell in row.strip().strip("|").split("|")]


def _table(rows: list[str]) -> list[Felt]:
    """A header table: rows of label | value pairs, or a row of labels over a row of values."""
    body = [_cells(row) for row in rows if not _RULE.match(row)]
    pairs: list[Felt] = []
    for cells in body:
        pairs += [entry for cell in cells if (entry := _line(cell)) is not None]
        for k in range(len(cells) - 1):
            name = label_field(cells[k])
            if name and cells[k + 1] and label_field(cells[k + 1]) is None:
                pairs.append(Felt(cells[k].strip(" *_:"), name, unescape(cells[k + 1]).strip(" *_")))
    if pairs and len(pairs) * 2 >= len(body):
        return pairs
    columns: list[Felt] = []
    for top, below in zip(body, body[1:]):
        if all(label_field(cell) for cell in top if cell):
            columns += [Felt(t.strip(" *_:"), str(label_field(t)), unescape(v).strip(" *_"))
                        for t, v in zip(top, below) if t and v]
    return columns if columns and sum(bool(label_field(c)) for c in body[0] if c) >= 2 else []
