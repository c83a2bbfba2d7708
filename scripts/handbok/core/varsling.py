"""Notices: the handbook, its status and a period [fra, til) -> what happened in the period and which
mailbox must hear of it (pure, no I/O; `handbok varsle` composes and sends the digests).

Every event has exactly one day, and a period announces the events whose day lies in it:
- a document newly in force, and a MAJOR change: the day of its change-log entry (its approval);
- a review: VARSEL_DAGER before the review date (never before the version was approved);
- a re-implementation: the day of the MAJOR change, to each site that had implemented an older MAJOR;
- a phase deadline: VARSEL_DAGER before it (never before the phase starts), to each site with documents
  in the phase not implemented;
- a tiltak: VARSEL_DAGER before its deadline, or the day it was opened when that is later, while open.
Consecutive periods [a, b) and [b, c) share no day, so a nightly job never announces the same event twice.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, timedelta
from enum import IntEnum
from typing import Iterator

from .formatting import tittelorden
from .model import (Dokument, Endringslinje, Fase, Funksjon, Handbok, Implementeringsstatus, Tiltak, Tiltaksstatus,
                    Tjenestested)
from .status import Celle, Status

VARSEL_DAGER = 30  # reminders come this many days before a review date or a deadline


class Hendelsestype(IntEnum):
    """The kinds of event, in the order a digest lists them."""

    NY = 1  # a document came into force
    MAJOR = 2  # a MAJOR change: the practice changed
    REIMPLEMENTERING = 3  # a site must implement a MAJOR change
    FASEFRIST = 4  # a phase's deadline is near and documents are not implemented at a site
    TILTAK = 5  # a corrective action's deadline is near
    REVISJON = 6  # a document's review date is near


@dataclass(frozen=True)
class Hendelse:
    """One thing to tell: its kind, the day that places it in a period, and what it concerns."""

    type: Hendelsestype
    dato: date
    dokument: Dokument | None = None
    endring: Endringslinje | None = None
    frist: date | None = None
    sted: Tjenestested | None = None
    fase: Fase | None = None
    dokumenter: tuple[Dokument, ...] = ()  # a phase's documents not implemented at the site
    tiltak: Tiltak | None = None

    @property
    def orden(self) -> tuple[int, str, str]:
        title = self.dokument.tittel if self.dokument else self.fase.navn if self.fase else ""
        return self.type.value, tittelorden(title), self.tiltak.id if self.tiltak else ""


@dataclass(frozen=True)
class Mottaker:
    """One mailbox and its digest: the roles and sites it is the mailbox of, and their events."""

    adresse: str
    hvem: tuple[str, ...]
    hendelser: tuple[Hendelse, ...]


def mottakere(handbok: Handbok, status: Status, fra: date, til: date) -> list[Mottaker]:
    """One digest per address in roller_epost and tjenestested_epost that has something in [fra, til)."""
    found: dict[str, tuple[list[str], list[Hendelse]]] = {}
    for rolle, adresse in handbok.innstillinger.roller_epost.items():
        _add(found, adresse, handbok.rolle_tittel(rolle), _for_role(handbok, rolle, fra, til))
    for sted in status.steder:
        postkasse = handbok.innstillinger.tjenestested_epost.get(sted.sted.id)
        if postkasse:
            _add(found, postkasse, sted.sted.navn, _for_site(handbok, status, sted.sted, fra, til))
    return [Mottaker(adresse, tuple(hvem), tuple(sorted(events, key=lambda e: e.orden)))
            for adresse, (hvem, events) in sorted(found.items()) if events]


def _add(found: dict[str, tuple[list[str], list[Hendelse]]], adresse: str, hvem: str, events: list[Hendelse]) -> None:
    names, known = found.setdefault(adresse.lower(), ([], []))
    names.append(hvem)
    known.extend(e for e in events if e not in known)  # one mailbox for two roles hears of a change once


def _in(dag: date, fra: date, til: date) -> bool:
    return fra <= dag < til


def _for_role(handbok: Handbok, rolle: str, fra: date, til: date) -> list[Hendelse]:
    """New documents and MAJOR changes that concern the role, and the reviews of documents it owns."""
    found = [e for d in handbok.dokumenter if _concerns(d, rolle) for e in _approvals(d, fra, til)]
    return found + [e for d in handbok.dokumenter if _owner(d) == rolle for e in _review(handbok, d, fra, til)]


def _concerns(dokument: Dokument, rolle: str) -> bool:
    """The role has a responsibility in the routine or owns it, or the document is the role's own description."""
    if isinstance(dokument, Funksjon):
        return dokument.id == rolle
    return rolle in dokument.ansvar or dokument.eier == rolle


def _owner(dokument: Dokument) -> str | None:
    """Who reviews it: a routine's owner; a role description's superior (it has no owner)."""
    return dokument.rapporterer_til if isinstance(dokument, Funksjon) else dokument.eier


def _approvals(dokument: Dokument, fra: date, til: date) -> Iterator[Hendelse]:
    """The document's first approval and its MAJOR changes in the period, while it is in force."""
    if not dokument.gjeldende or dokument.versjon is None:
        return
    for endring in dokument.endringslogg:
        if not _in(endring.dato, fra, til) or endring.versjon > dokument.versjon or endring.versjon.major < 1:
            continue
        if not any(e.versjon.major >= 1 and e.versjon < endring.versjon for e in dokument.endringslogg):
            yield Hendelse(Hendelsestype.NY, endring.dato, dokument, endring)
        elif dokument.ny_praksis(endring):
            yield Hendelse(Hendelsestype.MAJOR, endring.dato, dokument, endring)


def _review(handbok: Handbok, dokument: Dokument, fra: date, til: date) -> list[Hendelse]:
    frist = handbok.revisjonsfrist(dokument)
    if not dokument.gjeldende or frist is None:
        return []
    dag = max(frist.dato - timedelta(days=VARSEL_DAGER), dokument.godkjent or date.min)
    return [Hendelse(Hendelsestype.REVISJON, dag, dokument, frist=frist.dato)] if _in(dag, fra, til) else []


def _for_site(handbok: Handbok, status: Status, sted: Tjenestested, fra: date, til: date) -> list[Hendelse]:
    """New documents that apply here, MAJOR changes of what the site implemented at an older MAJOR, tiltak and
    phase deadlines."""
    stedstatus = status.sted(sted.id)
    cells = [c for c in (*stedstatus.celler, *stedstatus.funksjonsceller) if c.gjelder]
    found: list[Hendelse] = []
    for cell in cells:
        dokument = handbok.dokument(cell.dokument)
        if dokument is None:
            continue
        for event in _approvals(dokument, fra, til):
            if event.type is Hendelsestype.NY:
                found.append(replace(event, sted=sted))
            elif cell.status is Implementeringsstatus.MA_OPPDATERES:
                found.append(replace(event, type=Hendelsestype.REIMPLEMENTERING, sted=sted))
        found += _tiltak(cell, dokument, sted, fra, til)
    return found + _phases(handbok, cells, sted, fra, til)


def _tiltak(cell: Celle, dokument: Dokument, sted: Tjenestested, fra: date, til: date) -> list[Hendelse]:
    found = []
    for tiltak, state in cell.tiltak:
        dag = max(tiltak.frist - timedelta(days=VARSEL_DAGER), tiltak.opprettet)
        if state is not Tiltaksstatus.LUKKET and _in(dag, fra, til):
            found.append(Hendelse(Hendelsestype.TILTAK, dag, dokument, frist=tiltak.frist, sted=sted, tiltak=tiltak))
    return found


def _phases(handbok: Handbok, cells: list[Celle], sted: Tjenestested, fra: date, til: date) -> list[Hendelse]:
    found = []
    for fase in handbok.plan.faser:
        dag = max(fase.frist - timedelta(days=VARSEL_DAGER), fase.start)
        waiting = [c for c in cells if c.fase is not None and c.fase.id == fase.id and not c.status.ferdig]
        documents = tuple(d for c in waiting if (d := handbok.dokument(c.dokument)) is not None)
        if documents and _in(dag, fra, til):
            found.append(Hendelse(Hendelsestype.FASEFRIST, dag, frist=fase.frist, sted=sted, fase=fase,
                                  dokumenter=tuple(sorted(documents, key=lambda d: tittelorden(d.tittel)))))
    return found
