"""Status: model + date -> the derived implementation status of every site and routine (DESIGN.md)."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import date
from typing import Iterable, Sequence

from .model import (Dokument, Endringslinje, Evaluering, Fase, Funksjon, Handbok, Implementeringsstatus, Registrering,
                    Rutine, Tiltak, Tiltaksstatus, Tjenestested, Versjon)

S = Implementeringsstatus


@dataclass(frozen=True)
class Celle:
    """One site × one gjeldende document: a routine or, in `StedStatus.funksjonsceller`, a funksjonsbeskrivelse
    in the plan (`dokument` is its id)."""

    sted: str
    dokument: str
    gjelder: bool
    status: Implementeringsstatus
    registrering: Registrering | None
    forsinket: bool
    fase: Fase | None
    mangler_evaluering: bool  # the next evaluation (the first or a later checkpoint) is overdue
    endringer: tuple[Endringslinje, ...]
    neste_evaluering: date | None = None  # when the next evaluation is due (None: not implemented, or no more due)
    antall_evalueringer: int = 0
    tiltak: tuple[tuple[Tiltak, Tiltaksstatus], ...] = ()  # opened by the day, each with its state that day
    lav_evaluering: Evaluering | None = None  # the newest evaluation calls for a tiltak and has none
    frist: date | None = None  # the deadline that applies: the phase's, or after a MAJOR change the re-implementation's
    reimplementering: bool = False  # `frist` is the re-implementation deadline after a MAJOR change

    def tiltak_med(self, *statuser: Tiltaksstatus) -> tuple[Tiltak, ...]:
        return tuple(t for t, s in self.tiltak if s in statuser)


@dataclass(frozen=True)
class StedStatus:
    sted: Tjenestested
    celler: tuple[Celle, ...]
    antall_rutiner: int
    per_status: dict[Implementeringsstatus, int]
    andel_implementert: float
    forsinket: tuple[str, ...]
    ma_oppdateres: tuple[str, ...]
    funksjonsceller: tuple[Celle, ...] = ()  # the funksjonsbeskrivelser in the plan, counted apart from the routines

    @property
    def antall_implementert(self) -> int:
        return sum(n for s, n in self.per_status.items() if s.ferdig)

    @property
    def mangler_evaluering(self) -> tuple[str, ...]:
        return tuple(c.dokument for c in self.celler if c.mangler_evaluering)

    @property
    def lav_evaluering_uten_tiltak(self) -> tuple[str, ...]:
        return tuple(c.dokument for c in self.celler if c.lav_evaluering is not None)

    def antall_tiltak(self, status: Tiltaksstatus) -> int:
        """Corrective actions in this state for the site's routines and role descriptions alike."""
        return sum(len(c.tiltak_med(status)) for c in (*self.celler, *self.funksjonsceller))

    @property
    def evalueringer(self) -> tuple[tuple[str, Evaluering], ...]:
        """Every evaluation of a routine or role description that applies here, with its id (record order)."""
        return tuple((c.dokument, e) for c in (*self.celler, *self.funksjonsceller) if c.gjelder and c.registrering
                     for e in c.registrering.evalueringer)

    @property
    def funksjoner_per_status(self) -> dict[Implementeringsstatus, int]:
        return _count(self.funksjonsceller)

    @property
    def antall_funksjonsbeskrivelser(self) -> int:
        return sum(1 for c in self.funksjonsceller if c.gjelder)

    @property
    def reimplementeringer(self) -> tuple[Celle, ...]:
        """The documents the site must implement again after a MAJOR change, and has not yet: soonest deadline first."""
        cells = [c for c in (*self.celler, *self.funksjonsceller) if c.gjelder and c.reimplementering
                 and not c.status.ferdig]
        return tuple(sorted(cells, key=lambda c: (c.frist or date.max, c.dokument)))

    @property
    def neste_evalueringer(self) -> tuple[Celle, ...]:
        """The documents with an evaluation still to come or overdue, soonest first."""
        cells = [c for c in (*self.celler, *self.funksjonsceller) if c.gjelder and c.neste_evaluering]
        return tuple(sorted(cells, key=lambda c: (c.neste_evaluering or date.max, c.dokument)))


@dataclass(frozen=True)
class RutineStatus:
    rutine: Rutine
    per_status: dict[Implementeringsstatus, int]
    celler: tuple[Celle, ...]

    @property
    def antall_steder(self) -> int:
        return sum(self.per_status.values())


@dataclass(frozen=True)
class FunksjonStatus:
    """One funksjonsbeskrivelse in the plan, across the sites."""

    funksjon: Funksjon
    per_status: dict[Implementeringsstatus, int]
    celler: tuple[Celle, ...]


@dataclass(frozen=True)
class Status:
    dato: date
    steder: tuple[StedStatus, ...]
    rutiner: tuple[RutineStatus, ...]
    funksjoner: tuple[FunksjonStatus, ...] = ()

    def sted(self, sted_id: str) -> StedStatus:
        return next(s for s in self.steder if s.sted.id == sted_id)

    def rutine(self, rutine_id: str) -> RutineStatus:
        return next(r for r in self.rutiner if r.rutine.id == rutine_id)

    def celle(self, sted_id: str, dokument_id: str) -> Celle:
        return next(c for c in self.sted(sted_id).celler if c.dokument == dokument_id)


def beregn_status(handbok: Handbok, today: date) -> Status:
    """The one place where applies / effective status / forsinket / andel are computed."""
    rutiner = sorted((r for r in handbok.rutiner.values() if r.gjeldende), key=lambda r: r.id)
    funksjoner = sorted(i_planen(handbok), key=lambda f: f.id)
    sites = handbok.plan.aktive_steder  # an inactive site's records stay in the plan, but it is not followed up
    grid = _grid(handbok, sites, rutiner, today)
    role_grid = _grid(handbok, sites, funksjoner, today)
    steder = tuple(_sted_status(s, tuple(grid[s.id, r.id] for r in rutiner),
                                tuple(role_grid[s.id, f.id] for f in funksjoner)) for s in sites)
    per_rutine = tuple(
        RutineStatus(r, _count(grid[s.id, r.id] for s in sites), tuple(grid[s.id, r.id] for s in sites))
        for r in rutiner)
    per_funksjon = tuple(
        FunksjonStatus(f, _count(role_grid[s.id, f.id] for s in sites), tuple(role_grid[s.id, f.id] for s in sites))
        for f in funksjoner)
    return Status(today, steder, per_rutine, per_funksjon)


def i_planen(handbok: Handbok) -> list[Funksjon]:
    """The funksjonsbeskrivelser that are followed up like routines: versioned, in force, and in the plan (in a
    phase or recorded by a site). Others are read on the site but not implemented site by site."""
    named = {d for fase in handbok.plan.faser for d in fase.funksjonsbeskrivelser}
    named |= {d for records in handbok.plan.implementering.values() for d in records}
    return [f for f in handbok.funksjoner.values()
            if f.id in named and f.versjon and f.gjeldende and f.id not in handbok.rutiner]


def _grid(handbok: Handbok, sites: Sequence[Tjenestested], dokumenter: Sequence[Dokument],
          today: date) -> dict[tuple[str, str], Celle]:
    fase_for = _phase_of(handbok)
    return {(sted.id, d.id): celle(handbok, sted.id, d, handbok.plan.registrering(sted.id, d.id), fase_for.get(d.id),
                                   today)
            for sted in sites for d in dokumenter}


def celle(handbok: Handbok, sted: str, dokument: Dokument, record: Registrering | None, fase: Fase | None,
          today: date) -> Celle:
    """One site × one document; `record` is the site's record for it (None: no record)."""
    if not dokument.gjelder(sted):
        return Celle(sted, dokument.id, False, S.GJELDER_IKKE, record, False, fase, False, ())
    if record is not None and record.status is S.IKKE_AKTUELT:
        return Celle(sted, dokument.id, False, S.IKKE_AKTUELT, record, False, fase, False, ())
    status = effective_status(dokument, record)
    frist, again = deadline(handbok, dokument, record, fase)
    late = frist is not None and frist < today and not status.ferdig
    recorded = record.versjon if record else None
    changes = dokument.endringer_etter(recorded) if recorded and recorded != dokument.versjon else ()
    due = _next_evaluation(handbok, record, status, fase)
    tiltak = record.tiltak_per(today) if record else ()
    low = record.lav_evaluering(handbok.plan.skjema, today) if record else None
    return Celle(sted, dokument.id, True, status, record, late, fase, due is not None and due < today, changes,
                 due, len(record.gjeldende_evalueringer) if record else 0, tiltak, low, frist, again)


def deadline(handbok: Handbok, dokument: Dokument, record: Registrering | None,
             fase: Fase | None) -> tuple[date | None, bool]:
    """The deadline a site has for a document, and whether it is a re-implementation's. A site that implemented
    an older MAJOR must implement the current one within the period after its approval (the plan's default, or
    what the change-log entry sets); the phase's deadline is for a site that never implemented the document."""
    before = record.hoyeste_implementert if record else None
    if before is not None and dokument.versjon is not None and dokument.versjon.er_major_endring_fra(before):
        return dokument.reimplementeringsfrist(handbok.plan.reimplementering_innen_dager), True
    return (fase.frist if fase else None), False


def uevaluerte(handbok: Handbok, today: date) -> list[Celle]:
    """The cells whose evaluation is overdue, as `beregn_status` has them, but visiting only the cells
    that have a record (a missing record is never overdue): what `handbok sjekk` warns about."""
    fase_for = _phase_of(handbok)
    found = []
    for sted in handbok.plan.aktive_steder:
        for dokument_id, record in handbok.plan.implementering.get(sted.id, {}).items():
            dokument = handbok.dokument(dokument_id)
            if dokument is not None and dokument.gjeldende:
                cell = celle(handbok, sted.id, dokument, record, fase_for.get(dokument_id), today)
                if cell.mangler_evaluering:
                    found.append(cell)
    return found


def effective_status(dokument: Dokument, record: Registrering | None) -> Implementeringsstatus:
    if record is None:
        return S.IKKE_STARTET
    return S.MA_OPPDATERES if ma_oppdateres(record, dokument.versjon) else record.status


def ma_oppdateres(record: Registrering | None, versjon: Versjon | None) -> bool:
    """The one rule for «må oppdateres»: the site implemented (or evaluated) an older MAJOR than `versjon`."""
    return (record is not None and record.status.ferdig and record.versjon is not None and versjon is not None
            and versjon.er_major_endring_fra(record.versjon))


def _next_evaluation(handbok: Handbok, record: Registrering | None, status: Implementeringsstatus,
                     fase: Fase | None) -> date | None:
    """The checkpoint the next evaluation belongs to: evaluation number n of the implemented version answers
    checkpoint n, so a site that evaluated twice is next due at the third checkpoint (evaluations made for an
    older version stay as history and do not count)."""
    if record is None or not status.ferdig or record.dato is None:
        return None
    return handbok.plan.evalueringspunkter(fase).frist(record.dato, len(record.gjeldende_evalueringer))


def _phase_of(handbok: Handbok) -> dict[str, Fase]:
    """Document id -> its phase; a document listed in several phases counts in the earliest deadline."""
    phases: dict[str, Fase] = {}
    for fase in sorted(handbok.plan.faser, key=lambda f: f.frist):
        for dokument_id in fase.dokumenter:
            phases.setdefault(dokument_id, fase)
    return phases


def _sted_status(sted: Tjenestested, cells: tuple[Celle, ...], role_cells: tuple[Celle, ...] = ()) -> StedStatus:
    applicable = [c for c in cells if c.gjelder]
    per_status = _count(cells)
    done = sum(n for s, n in per_status.items() if s.ferdig)
    return StedStatus(
        sted=sted, celler=cells, antall_rutiner=len(applicable), per_status=per_status,
        andel_implementert=done / len(applicable) if applicable else 0.0,
        forsinket=tuple(c.dokument for c in applicable if c.forsinket),
        ma_oppdateres=tuple(c.dokument for c in applicable if c.status is S.MA_OPPDATERES),
        funksjonsceller=role_cells,
    )


def _count(cells: Iterable[Celle]) -> dict[Implementeringsstatus, int]:
    counts = dict.fromkeys(S.effektive(), 0)
    for cell in cells:
        if cell.gjelder:
            counts[cell.status] += 1
    return counts


def snitt_per_sporsmal(evalueringer: Iterable[Evaluering]) -> dict[str, float]:
    """Average score per question over the given evaluations («vet ikke» is no score)."""
    totals: dict[str, list[int]] = {}
    for evaluering in evalueringer:
        for sporsmal, poeng in evaluering.poeng.items():
            totals.setdefault(sporsmal, []).append(poeng)
    return {q: sum(v) / len(v) for q, v in totals.items()}


def status_json(status: Status) -> dict[str, object]:
    """The `handbok status --format json` contract."""
    return {
        "dato": status.dato.isoformat(),
        "tjenestesteder": [
            {"id": s.sted.id, "navn": s.sted.navn, "antall_rutiner": s.antall_rutiner, "per_status": _plain(s.per_status),
             "andel_implementert": round(s.andel_implementert, 4), "forsinket": list(s.forsinket),
             "ma_oppdateres": list(s.ma_oppdateres), **_roles_json(s),
             "neste_evalueringer": [{"id": c.dokument, "dato": c.neste_evaluering.isoformat(),
                                     "forfalt": c.mangler_evaluering}
                                    for c in s.neste_evalueringer if c.neste_evaluering],
             "tiltak": _tiltak_counts(s), "lav_evaluering_uten_tiltak": list(s.lav_evaluering_uten_tiltak),
             "reimplementering": [{"id": c.dokument, "frist": c.frist.isoformat(), "forsinket": c.forsinket}
                                  for c in s.reimplementeringer if c.frist]}
            for s in status.steder],
        "rutiner": [{"id": r.rutine.id, "versjon": str(r.rutine.versjon), "per_status": _plain(r.per_status)}
                    for r in status.rutiner],
        "funksjonsbeskrivelser": [{"id": f.funksjon.id, "versjon": str(f.funksjon.versjon),
                                   "per_status": _plain(f.per_status)} for f in status.funksjoner],
    }


def _roles_json(s: StedStatus) -> dict[str, object]:
    """A site's role descriptions in the plan, counted apart so the routine numbers keep their meaning."""
    applicable = [c for c in s.funksjonsceller if c.gjelder]
    return {"antall_funksjonsbeskrivelser": len(applicable), "funksjonsbeskrivelser_per_status":
            _plain(s.funksjoner_per_status),
            "funksjonsbeskrivelser_forsinket": [c.dokument for c in applicable if c.forsinket],
            "funksjonsbeskrivelser_ma_oppdateres": [c.dokument for c in applicable if c.status is S.MA_OPPDATERES]}
def _tiltak_counts(sted: StedStatus) -> dict[str, int]:
    return {str(t): sted.antall_tiltak(t) for t in Tiltaksstatus}


def _plain(counts: dict[Implementeringsstatus, int]) -> dict[str, int]:
    return {str(s): n for s, n in counts.items()}


def status_csv(status: Status) -> str:
    """One row per site: the same numbers as the JSON, for a spreadsheet (BOM, so Excel shows æøå). Columns added
    later come last, so a spreadsheet that reads them by place keeps working.
    Dates stay ISO (ÅÅÅÅ-MM-DD) and decimals use a comma, which a Norwegian Excel reads as numbers."""
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(["tjenestested", "navn", "antall_rutiner", *map(str, S.effektive()), "andel_implementert",
                     "forsinket", "ma_oppdateres", "antall_funksjonsbeskrivelser",
                     "funksjonsbeskrivelser_implementert", "evaluering_forfalt", *(f"tiltak_{t}" for t in Tiltaksstatus),
                     "lav_evaluering_uten_tiltak", "dato", "reimplementering_frister"])
    for s in status.steder:
        # Counts and the share are numbers we format ourselves; every text cell is neutralised.
        writer.writerow([_cell(s.sted.id), _cell(s.sted.navn), s.antall_rutiner,
                         *(s.per_status[k] for k in S.effektive()), f"{s.andel_implementert:.4f}".replace(".", ","),
                         _cell(" ".join(s.forsinket)), _cell(" ".join(s.ma_oppdateres)),
                         s.antall_funksjonsbeskrivelser, sum(n for k, n in s.funksjoner_per_status.items() if k.ferdig),
                         _cell(" ".join(c.dokument for c in s.neste_evalueringer if c.mangler_evaluering)),
                         *(s.antall_tiltak(t) for t in Tiltaksstatus), _cell(" ".join(s.lav_evaluering_uten_tiltak)),
                         status.dato.isoformat(),
                         _cell(" ".join(f"{c.dokument}:{c.frist.isoformat()}" for c in s.reimplementeringer if c.frist))])
    return out.getvalue()


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _cell(text: str) -> str:
    """A text cell a spreadsheet will not run as a formula: «=HYPERLINK(…)» -> «'=HYPERLINK(…)» (OWASP's advice)."""
    return "'" + text if text.startswith(_FORMULA_START) else text
