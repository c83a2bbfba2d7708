"""History (the ledger): a site's entries for one document -> its current record, its story per version, and
the handbook as it was on a given day. Pure functions; the entries are read by `source.assemble`."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from datetime import date
from typing import Iterable, Mapping, Sequence, TypeVar

from .model import (Bevis, Evaluering, Funksjon, Handbok, Hendelse, Hendelsestype, Historikk, Implementeringsplan,
                    Implementeringsstatus, Registrering, Rutine, Tilbakeforing, Tiltak, Versjon)

H = Hendelsestype
S = Implementeringsstatus
D = TypeVar("D", Rutine, Funksjon)


def i_rekkefolge(hendelser: Iterable[Hendelse]) -> list[Hendelse]:
    """By date, as written within a day (an undated plan from the old form first)."""
    return sorted(hendelser, key=lambda h: h.dato or date.min)


@dataclass
class _Tilstand:
    """The record while the entries are read, one after the other."""

    status: Implementeringsstatus = S.IKKE_STARTET
    versjon: Versjon | None = None
    dato: date | None = None
    hvordan: str = ""
    begrunnelse: str = ""
    hoyeste: Versjon | None = None

    def sett(self, h: Hendelse, status: Implementeringsstatus, versjon: Versjon | None) -> None:
        self.status, self.versjon, self.dato = status, versjon, h.dato
        self.hvordan = h.hvordan or self.hvordan
        if status is S.IMPLEMENTERT and versjon is not None:
            self.hoyeste = max(versjon, self.hoyeste) if self.hoyeste else versjon


def registrering(hendelser: Sequence[Hendelse]) -> Registrering | None:
    """The current record the entries add up to; None when there are none."""
    if not hendelser:
        return None
    ordered = i_rekkefolge(hendelser)
    state = _Tilstand()
    evalueringer: list[Evaluering] = []
    tiltak: list[Tiltak] = []
    tilbake: list[Tilbakeforing] = []
    for h in ordered:
        if h.hendelse in (H.TILTAK, H.TILTAK_FRIST, H.TILTAK_LUKKET):
            tiltak = _tiltak(tiltak, h, state.versjon, evalueringer) if h.hendelse is H.TILTAK else tiltak
        elif h.hendelse is H.EVALUERT:
            evalueringer.append(_evaluering(h, state.versjon))
            if state.status.ferdig and (h.versjon or state.versjon) == state.versjon:
                state.status = S.EVALUERT
        elif h.hendelse is H.TILBAKE:
            tilbake.append(Tilbakeforing(h.dato or date.min, h.fra or state.status, h.grunn))
            if h.status is not None:
                state.sett(h, h.status, h.versjon or state.versjon)
        elif h.hendelse is H.IKKE_AKTUELT:
            state.sett(h, S.IKKE_AKTUELT, h.versjon or state.versjon)
            state.begrunnelse = h.begrunnelse
        elif h.hendelse.status is not None:
            state.sett(h, h.hendelse.status, h.versjon)
    for h in ordered:  # then what became of them (a closing dated before its opening still closes it)
        if h.hendelse in (H.TILTAK_FRIST, H.TILTAK_LUKKET):
            tiltak = _tiltak(tiltak, h, state.versjon, evalueringer)
    return Registrering(state.status, state.versjon, state.dato, state.hvordan, state.begrunnelse,
                        tuple(evalueringer), tuple(tiltak), tuple(tilbake), tuple(ordered), state.hoyeste)


def _evaluering(h: Hendelse, current: Versjon | None) -> Evaluering:
    return Evaluering(h.dato or date.min, h.svar, h.merknad, h.versjon or current)


def _tiltak(tiltak: list[Tiltak], h: Hendelse, current: Versjon | None,
            evalueringer: Sequence[Evaluering]) -> list[Tiltak]:
    """The tiltak after one tiltak entry: opened, given a new deadline or closed (the newest with its id)."""
    if h.hendelse is H.TILTAK:
        answered = next((e.versjon for e in evalueringer if e.dato == h.evaluering), None)
        return [*tiltak, Tiltak(h.id, h.beskrivelse, h.ansvarlig, h.frist or date.max, h.dato or date.min,
                                evaluering=h.evaluering, versjon=h.versjon or answered or current)]
    same = [i for i, t in enumerate(tiltak) if t.id == h.id]
    index = next((i for i in reversed(same) if tiltak[i].opprettet <= (h.dato or date.max)), same[0] if same else None)
    if index is None:
        return tiltak  # a tiltak that was never opened: the references check reports it
    found = tiltak[index]
    if h.hendelse is H.TILTAK_FRIST and h.frist is not None:
        found = dataclasses.replace(found, frist=h.frist)
    elif h.hendelse is H.TILTAK_LUKKET:
        found = dataclasses.replace(found, lukket=h.dato, resultat=h.resultat)
    return [*tiltak[:index], found, *tiltak[index + 1:]]


def med_historikk(plan: Implementeringsplan, historikk: Historikk) -> Implementeringsplan:
    """The plan with these entries and the records derived from them."""
    implementering = {sted: {dokument: record for dokument, entries in per_dokument.items()
                             if (record := registrering(entries)) is not None}
                      for sted, per_dokument in historikk.items()}
    return dataclasses.replace(plan, historikk=historikk, implementering=implementering)


# --- the story per version --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Versjonsforlop:
    """What happened at a site with one version of a document: its status entries (planned, started,
    implemented, set back), its evaluations (each entry with what it adds up to) and the tiltak about it."""

    versjon: Versjon | None  # None: entries that name no version (a plan, «ikke aktuelt»)
    hendelser: tuple[Hendelse, ...]
    evalueringer: tuple[tuple[Hendelse, Evaluering], ...]
    tiltak: tuple[Tiltak, ...]

    @property
    def implementert(self) -> Hendelse | None:
        """The (first) entry that implemented this version."""
        return next((h for h in self.hendelser if h.hendelse is H.IMPLEMENTERT), None)


def forlop(record: Registrering) -> tuple[Versjonsforlop, ...]:
    """The record's history told per version, oldest version first (what names no version comes first)."""
    current: Versjon | None = None
    status: dict[Versjon | None, list[Hendelse]] = {}
    for h in record.hendelser:
        if h.hendelse.status is not None or h.hendelse is H.TILBAKE:
            current = h.versjon or (current if h.hendelse is H.TILBAKE else None)
            status.setdefault(current, []).append(h)
    evaluations = list(zip((h for h in record.hendelser if h.hendelse is H.EVALUERT), record.evalueringer))
    versions = {*status, *(e.versjon for _, e in evaluations), *(t.versjon for t in record.tiltak)}
    order = sorted(versions, key=lambda v: (v is not None, v or Versjon(0, 0)))
    return tuple(Versjonsforlop(v, tuple(status.get(v, ())), tuple(p for p in evaluations if p[1].versjon == v),
                                tuple(t for t in record.tiltak if t.versjon == v)) for v in order)


# --- as of a date -------------------------------------------------------------------------------------------


def per_dato(handbok: Handbok, dag: date, registrert: Mapping[str, Bevis] | None = None) -> Handbok:
    """The handbook as it was on `dag`: each document at the version in force that day (one first approved
    later is left out), and each site's history up to that day — an entry counts from the day it names, when
    it happened, so a step recorded a few days late still stands on its own day. A plan names the day its work
    is to start: it counts from that day, or from the day git says it was written down (`registrert`: entry key
    -> its first commit), whichever comes first."""
    bevis = registrert or {}

    def kjent(h: Hendelse) -> bool:
        if h.dato is None or h.dato <= dag:
            return True
        committed = bevis.get(h.nokkel)
        return h.hendelse is H.PLANLAGT and committed is not None and committed.dato <= dag

    historikk = {sted: {dokument: kept for dokument, entries in per_dokument.items()
                        if (kept := tuple(h for h in entries if kjent(h)))}
                 for sted, per_dokument in handbok.plan.historikk.items()}
    rutiner = {k: r for k, r in ((k, dokument_per_dato(r, dag)) for k, r in handbok.rutiner.items()) if r is not None}
    funksjoner = {k: f for k, f in ((k, dokument_per_dato(f, dag)) for k, f in handbok.funksjoner.items())
                  if f is not None}
    return dataclasses.replace(handbok, rutiner=rutiner, funksjoner=funksjoner,
                               plan=med_historikk(handbok.plan, historikk))


def dokument_per_dato(dokument: D, dag: date) -> D | None:
    """The document as it stood on `dag`: its version then, that version's approval and change log up to it.
    A document in force now, but not yet approved on `dag`, is None; a draft or a retired one stays as it is."""
    if not dokument.gjeldende or dokument.versjon is None:
        return dokument
    versjon = dokument.i_kraft(dag)
    if versjon is None:
        return None
    if versjon == dokument.versjon:
        return dokument
    return dataclasses.replace(dokument, versjon=versjon, godkjent_dato=dokument.godkjent_per(versjon),
                               endringslogg=tuple(e for e in dokument.endringslogg if e.versjon <= versjon))
