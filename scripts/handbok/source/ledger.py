"""Ledger: where each site's history is written -> its raw entries per site × document, with their place.

The history lives in `implementering/<sted>.yaml`, one file per tjenestested. A plan in the old form keeps
one record per site × document under `implementering:` in implementeringsplan.yaml; such a record is read
as the entries it implies (`old_entries`), in front of what the site's own file adds. The same raw entries
feed the model (`assemble`), the migration (`handbok flytt-historikk`), the pull-request rules and the
evidence from git, so an entry is the same entry wherever it is written.
"""

from __future__ import annotations

import json
import unicodedata
from dataclasses import dataclass
from typing import Any, Iterator

from .loading import IMPLEMENTERING, Corpus, Document
from .yamlread import Path_

# The order a written entry's keys have (the migration and the editor write them so).
KEY_ORDER = ("dato", "hendelse", "versjon", "status", "fra", "id", "beskrivelse", "ansvarlig", "frist", "evaluering",
             "svar", "merknad", "hvordan", "begrunnelse", "grunn", "resultat")


@dataclass(frozen=True)
class RawEntry:
    """One entry as written: its data, the file and key path it is written at, and whether it is implied by
    a record in the old form."""

    data: dict[str, Any]
    fil: str
    sti: Path_
    gammel: bool = False


Entries = dict[tuple[str, str], list[RawEntry]]  # (sted, dokument) -> entries, old form first, as written


def site_file(sted: str) -> str:
    """The repository-relative path of a site's history file."""
    return f"{IMPLEMENTERING}/{sted}.yaml"


def site_of(doc: Document) -> str:
    """The site a history file belongs to: its file name (`tjenestested:` inside must say the same)."""
    return unicodedata.normalize("NFC", doc.stem)


def raw_entries(corpus: Corpus) -> Entries:
    """Every site's entries per document: the old plan section's implied ones first, then the site's file."""
    found: Entries = {}
    if corpus.plan is not None:
        for (sted, dokument), entries in plan_entries(corpus.plan).items():
            found.setdefault((sted, dokument), []).extend(entries)
    for doc in corpus.historikk:
        for (sted, dokument), entries in file_entries(doc).items():
            found.setdefault((sted, dokument), []).extend(entries)
    return found


def plan_entries(plan: Document) -> Entries:
    """The entries the old form's records imply, each placed at the part of the record it comes from."""
    section = (plan.data or {}).get("implementering")
    found: Entries = {}
    for sted, records in (section.items() if isinstance(section, dict) else ()):
        for dokument, record in (records.items() if isinstance(records, dict) else ()):
            if isinstance(record, dict):
                base: Path_ = ("implementering", sted, dokument)
                found[sted, dokument] = [RawEntry(data, plan.fil, (*base, *sti), gammel=True)
                                         for data, sti in old_entries(record)]
    return found


def file_entries(doc: Document) -> Entries:
    """The entries of one site's history file, in the order written."""
    dokumenter = (doc.data or {}).get("dokumenter")
    sted = site_of(doc)
    found: Entries = {}
    for dokument, entries in (dokumenter.items() if isinstance(dokumenter, dict) else ()):
        found[sted, dokument] = [RawEntry(entry, doc.fil, ("dokumenter", dokument, i))
                                 for i, entry in enumerate(entries if isinstance(entries, list) else ())
                                 if isinstance(entry, dict)]
    return found


def old_entries(record: dict[str, Any]) -> list[tuple[dict[str, Any], Path_]]:
    """A record in the old form -> the entries it implies, by date, each with the path of what it comes from.

    The status with its day, version and how; every evaluation (with the version it was for); every tiltak
    opened, and closed; every step back (before the status of the same day, which is where it led).
    """
    implied: list[tuple[dict[str, Any], Path_]] = []
    for k, back in enumerate(_dicts(record.get("tilbakeforinger"))):
        implied.append((_entry(back.get("dato"), "tilbake", fra=back.get("fra"), grunn=back.get("grunn")),
                        ("tilbakeforinger", k)))
    main = _main_entry(record)
    if main is not None:
        implied.append((main, ()))
    for k, evaluering in enumerate(_dicts(record.get("evalueringer"))):
        implied.append((_entry(evaluering.get("dato"), "evaluert", versjon=evaluering.get("versjon") or record.get("versjon"),
                               svar=evaluering.get("svar"), merknad=evaluering.get("merknad")), ("evalueringer", k)))
    for k, tiltak in enumerate(_dicts(record.get("tiltak"))):
        implied.append((_entry(tiltak.get("opprettet"), "tiltak", id=tiltak.get("id"), beskrivelse=tiltak.get("beskrivelse"),
                               ansvarlig=tiltak.get("ansvarlig"), frist=tiltak.get("frist"),
                               evaluering=tiltak.get("evaluering")), ("tiltak", k)))
        if tiltak.get("status") == "lukket":
            implied.append((_entry(tiltak.get("lukket_dato"), "tiltak-lukket", id=tiltak.get("id"),
                                   resultat=tiltak.get("resultat")), ("tiltak", k, "lukket_dato")))
    return sorted(implied, key=lambda pair: str(pair[0].get("dato") or ""))


def _main_entry(record: dict[str, Any]) -> dict[str, Any] | None:
    """The record's own status as an entry; «evaluert» is the implementation its evaluations then follow."""
    status = record.get("status")
    if status in (None, "ikke-startet"):
        return None
    kind = "implementert" if status == "evaluert" else status
    return _entry(record.get("dato"), kind, versjon=record.get("versjon"), hvordan=record.get("hvordan"),
                  begrunnelse=record.get("begrunnelse"))


def _entry(dato: Any, hendelse: str, **fields: Any) -> dict[str, Any]:
    entry: dict[str, Any] = {"dato": dato} if dato is not None else {}
    entry["hendelse"] = hendelse
    entry.update((key, value) for key, value in fields.items() if value not in (None, ""))
    return entry


def _dicts(value: Any) -> Iterator[dict[str, Any]]:
    for item in value if isinstance(value, list) else ():
        yield item if isinstance(item, dict) else {}


def entry_key(sted: str, dokument: str, data: dict[str, Any], n: int) -> str:
    """One entry's identity in every version of the repository: site, document, what it says, and which
    occurrence of the same text it is (two identical entries are two entries)."""
    return json.dumps([sted, dokument, data, n], sort_keys=True, ensure_ascii=False, default=str)


def keys(entries: Entries) -> dict[tuple[str, str], list[str]]:
    """The key of every entry, in the same order."""
    found: dict[tuple[str, str], list[str]] = {}
    for (sted, dokument), written in entries.items():
        seen: dict[str, int] = {}
        row = []
        for entry in written:
            text = json.dumps(entry.data, sort_keys=True, ensure_ascii=False, default=str)
            seen[text] = seen.get(text, 0) + 1
            row.append(entry_key(sted, dokument, entry.data, seen[text]))
        found[sted, dokument] = row
    return found
