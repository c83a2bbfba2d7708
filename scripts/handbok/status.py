"""Status: model + date -> the derived implementation status of every site and routine (DESIGN.md)."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Iterable

from .model import (Endringslinje, Evaluering, Fase, Handbok, Implementeringsstatus, Registrering, Rutine, Tiltak,
                    Tiltaksstatus, Tjenestested)

S = Implementeringsstatus


@dataclass(frozen=True)
class Celle:
    """One site × one gjeldende routine."""

    sted: str
    rutine: str
    gjelder: bool
    status: Implementeringsstatus
    registrering: Registrering | None
    forsinket: bool
    fase: Fase | None
    mangler_evaluering: bool
    endringer: tuple[Endringslinje, ...]
    tiltak: tuple[tuple[Tiltak, Tiltaksstatus], ...] = ()  # opened by the day, each with its state that day
    lav_evaluering: Evaluering | None = None  # the newest evaluation calls for a tiltak and has none

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

    @property
    def antall_implementert(self) -> int:
        return sum(n for s, n in self.per_status.items() if s.ferdig)

    @property
    def mangler_evaluering(self) -> tuple[str, ...]:
        return tuple(c.rutine for c in self.celler if c.mangler_evaluering)

    @property
    def lav_evaluering_uten_tiltak(self) -> tuple[str, ...]:
        return tuple(c.rutine for c in self.celler if c.lav_evaluering is not None)

    def antall_tiltak(self, status: Tiltaksstatus) -> int:
        return sum(len(c.tiltak_med(status)) for c in self.celler)

    @property
    def evalueringer(self) -> tuple[tuple[str, Evaluering], ...]:
        """Every evaluation of a routine that applies here, with the routine's id (record order)."""
        return tuple((c.rutine, e) for c in self.celler if c.gjelder and c.registrering
                     for e in c.registrering.evalueringer)


@dataclass(frozen=True)
class RutineStatus:
    rutine: Rutine
    per_status: dict[Implementeringsstatus, int]
    celler: tuple[Celle, ...]

    @property
    def antall_steder(self) -> int:
        return sum(self.per_status.values())


@dataclass(frozen=True)
class Status:
    dato: date
    steder: tuple[StedStatus, ...]
    rutiner: tuple[RutineStatus, ...]

    def sted(self, sted_id: str) -> StedStatus:
        return next(s for s in self.steder if s.sted.id == sted_id)

    def rutine(self, rutine_id: str) -> RutineStatus:
        return next(r for r in self.rutiner if r.rutine.id == rutine_id)

    def celle(self, sted_id: str, rutine_id: str) -> Celle:
        return next(c for c in self.sted(sted_id).celler if c.rutine == rutine_id)


def beregn_status(handbok: Handbok, today: date) -> Status:
    """The one place where applies / effective status / forsinket / andel are computed."""
    rutiner = [r for r in handbok.rutiner.values() if r.gjeldende]
    rutiner.sort(key=lambda r: r.id)
    fase_for = _phase_of(handbok)
    sites = handbok.plan.aktive_steder  # an inactive site's records stay in the plan, but it is not followed up
    grid = {}
    for sted in sites:
        records = handbok.plan.implementering.get(sted.id, {})
        for rutine in rutiner:
            grid[sted.id, rutine.id] = celle(handbok, sted.id, rutine, records.get(rutine.id), fase_for.get(rutine.id),
                                             today)
    steder = tuple(_sted_status(s, tuple(grid[s.id, r.id] for r in rutiner)) for s in sites)
    per_rutine = tuple(
        RutineStatus(r, _count(grid[s.id, r.id] for s in sites), tuple(grid[s.id, r.id] for s in sites))
        for r in rutiner)
    return Status(today, steder, per_rutine)


def celle(handbok: Handbok, sted: str, rutine: Rutine, record: Registrering | None, fase: Fase | None,
          today: date) -> Celle:
    """One site × one routine; `record` is the site's record for it (None: no record)."""
    if not rutine.gjelder(sted):
        return Celle(sted, rutine.id, False, S.GJELDER_IKKE, record, False, fase, False, ())
    if record is not None and record.status is S.IKKE_AKTUELT:
        return Celle(sted, rutine.id, False, S.IKKE_AKTUELT, record, False, fase, False, ())
    status = effective_status(rutine, record)
    late = fase is not None and fase.frist < today and not status.ferdig
    recorded = record.versjon if record else None
    changes = rutine.endringer_etter(recorded) if recorded and recorded != rutine.versjon else ()
    tiltak = record.tiltak_per(today) if record else ()
    low = record.lav_evaluering(handbok.plan.skjema, today) if record else None
    return Celle(sted, rutine.id, True, status, record, late, fase, _missing_evaluation(handbok, record, status, today),
                 changes, tiltak, low)


def uevaluerte(handbok: Handbok, today: date) -> list[Celle]:
    """The cells whose evaluation is overdue, as `beregn_status` has them, but visiting only the cells
    that have a record (a missing record is never overdue): what `handbok sjekk` warns about."""
    fase_for = _phase_of(handbok)
    found = []
    for sted in handbok.plan.aktive_steder:
        for rutine_id, record in handbok.plan.implementering.get(sted.id, {}).items():
            rutine = handbok.rutiner.get(rutine_id)
            if rutine is not None and rutine.gjeldende:
                cell = celle(handbok, sted.id, rutine, record, fase_for.get(rutine_id), today)
                if cell.mangler_evaluering:
                    found.append(cell)
    return found


def effective_status(rutine: Rutine, record: Registrering | None) -> Implementeringsstatus:
    if record is None:
        return S.IKKE_STARTET
    if record.status.ferdig and record.versjon and rutine.versjon.er_major_endring_fra(record.versjon):
        return S.MA_OPPDATERES
    return record.status


def _missing_evaluation(handbok: Handbok, record: Registrering | None, status: Implementeringsstatus,
                        today: date) -> bool:
    if record is None or not status.ferdig or record.gjeldende_evalueringer or record.dato is None:
        return False
    return record.dato + timedelta(days=handbok.plan.evaluering_innen_dager) < today


def _phase_of(handbok: Handbok) -> dict[str, Fase]:
    """Routine id -> its phase; a routine listed in several phases counts in the earliest deadline."""
    phases: dict[str, Fase] = {}
    for fase in sorted(handbok.plan.faser, key=lambda f: f.frist):
        for rutine_id in fase.rutiner:
            phases.setdefault(rutine_id, fase)
    return phases


def _sted_status(sted: Tjenestested, cells: tuple[Celle, ...]) -> StedStatus:
    applicable = [c for c in cells if c.gjelder]
    per_status = _count(cells)
    done = sum(n for s, n in per_status.items() if s.ferdig)
    return StedStatus(
        sted=sted, celler=cells, antall_rutiner=len(applicable), per_status=per_status,
        andel_implementert=done / len(applicable) if applicable else 0.0,
        forsinket=tuple(c.rutine for c in applicable if c.forsinket),
        ma_oppdateres=tuple(c.rutine for c in applicable if c.status is S.MA_OPPDATERES),
    )


def _count(cells: Iterable[Celle]) -> dict[Implementeringsstatus, int]:
    counts = dict.fromkeys(S.effektive(), 0)
    for cell in cells:
        if cell.gjelder:
            counts[cell.status] += 1
    return counts


def snitt_per_sporsmal(evalueringer: Iterable[Evaluering]) -> dict[str, float]:
    """Average score per question over the given evaluations."""
    totals: dict[str, list[int]] = {}
    for evaluering in evalueringer:
        for sporsmal, poeng in evaluering.svar.items():
            totals.setdefault(sporsmal, []).append(poeng)
    return {q: sum(v) / len(v) for q, v in totals.items()}


def status_json(status: Status) -> dict[str, object]:
    """The `handbok status --format json` contract."""
    return {
        "dato": status.dato.isoformat(),
        "tjenestesteder": [
            {"id": s.sted.id, "navn": s.sted.navn, "antall_rutiner": s.antall_rutiner, "per_status": _plain(s.per_status),
             "andel_implementert": round(s.andel_implementert, 4), "forsinket": list(s.forsinket),
             "ma_oppdateres": list(s.ma_oppdateres), "tiltak": _tiltak_counts(s),
             "lav_evaluering_uten_tiltak": list(s.lav_evaluering_uten_tiltak)}
            for s in status.steder],
        "rutiner": [{"id": r.rutine.id, "versjon": str(r.rutine.versjon), "per_status": _plain(r.per_status)}
                    for r in status.rutiner],
    }


def _tiltak_counts(sted: StedStatus) -> dict[str, int]:
    return {str(t): sted.antall_tiltak(t) for t in Tiltaksstatus}


def _plain(counts: dict[Implementeringsstatus, int]) -> dict[str, int]:
    return {str(s): n for s, n in counts.items()}


def status_csv(status: Status) -> str:
    """One row per site: the same numbers as the JSON, for a spreadsheet (BOM, so Excel shows æøå).
    Dates stay ISO (ÅÅÅÅ-MM-DD) and decimals use a comma, which a Norwegian Excel reads as numbers."""
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(["tjenestested", "navn", "antall_rutiner", *map(str, S.effektive()), "andel_implementert",
                     "forsinket", "ma_oppdateres", *(f"tiltak_{t}" for t in Tiltaksstatus),
                     "lav_evaluering_uten_tiltak", "dato"])
    for s in status.steder:
        # Counts and the share are numbers we format ourselves; every text cell is neutralised.
        writer.writerow([_cell(s.sted.id), _cell(s.sted.navn), s.antall_rutiner,
                         *(s.per_status[k] for k in S.effektive()), f"{s.andel_implementert:.4f}".replace(".", ","),
                         _cell(" ".join(s.forsinket)), _cell(" ".join(s.ma_oppdateres)),
                         *(s.antall_tiltak(t) for t in Tiltaksstatus), _cell(" ".join(s.lav_evaluering_uten_tiltak)),
                         status.dato.isoformat()])
    return out.getvalue()


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _cell(text: str) -> str:
    """A text cell a spreadsheet will not run as a formula: «=HYPERLINK(…)» -> «'=HYPERLINK(…)» (OWASP's advice)."""
    return "'" + text if text.startswith(_FORMULA_START) else text
