"""Status overview: the derived status -> the status page (per tjenestested, per routine), the CSV and the SVG chart.

Every number comes from `status.beregn_status` (the same object `handbok status` prints), so the
site, the terminal and the CSV cannot disagree.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Sequence

from ...core.bekreftet import StedBekreftelser, lavest_forst
from ...core.formatting import tittelorden
from ...core.model import Implementeringsstatus
from ...core.status import RutineStatus, Status, StedStatus
from .render import render, render_xml

STATUS = "status/index.md"
RUTINER = "status/rutiner.md"  # every routine in numbers; the overview shows the ones that need most follow-up
FLEST = 20
CSV = "status/status.csv"  # the `handbok status --format csv` text, byte for byte
SVG = "status/status.svg"

# Bar order: done first, so the share implemented reads from the left.
S = Implementeringsstatus
REKKEFOLGE = (S.EVALUERT, S.IMPLEMENTERT, S.MA_OPPDATERES, S.I_GANG, S.PLANLAGT, S.IKKE_STARTET)
# Fill and the text drawn on it; every pair has a contrast of at least 4.5:1.
FARGER = {
    S.EVALUERT: ("#1b5e20", "#ffffff"),
    S.IMPLEMENTERT: ("#2e7d32", "#ffffff"),
    S.MA_OPPDATERES: ("#b71c1c", "#ffffff"),
    S.I_GANG: ("#f9a825", "#000000"),
    S.PLANLAGT: ("#90caf9", "#000000"),
    S.IKKE_STARTET: ("#e0e0e0", "#000000"),
}
BREDDE = 400
RAD = 52
MARG = 8
FORKLARING_RAD = 22


@dataclass(frozen=True)
class Rutinerad:
    """One routine across the tjenestesteder, in numbers: where it applies, is done, is late, must be redone."""

    rutine_status: RutineStatus
    ferdig: int
    forsinket: int
    ma_oppdateres: int
    ny_versjon_innen: date | None = None  # after a MAJOR change: when the sites that must redo it are late

    @property
    def trenger_oppfolging(self) -> int:
        return self.forsinket + self.ma_oppdateres


@dataclass(frozen=True)
class Stolpedel:
    """One status's part of a tjenestested's bar in the chart."""

    status: Implementeringsstatus
    antall: int
    x: float
    bredde: float
    farge: str
    blekk: str


@dataclass(frozen=True)
class Stolpe:
    sted: StedStatus
    topp: int
    deler: list[Stolpedel]


@dataclass(frozen=True)
class Forklaring:
    status: Implementeringsstatus
    x: int
    y: int
    farge: str


def status_page(status: Status, lest: Sequence[StedBekreftelser] = ()) -> str:
    """Per tjenestested first, then the routines that need most follow-up (late or to redo at most
    sites); every routine is on RUTINER, and the routine × tjenestested detail on each routine's and
    each tjenestested's page, so this page stays small with thousands of routines and a hundred sites."""
    rows = _routine_rows(status)
    return render("sider/status.md", side=STATUS, status=status, statuser=Implementeringsstatus.effektive(),
                  rutiner=[row for row in rows if row.trenger_oppfolging][:FLEST], alle=RUTINER,
                  antall_rutiner=len(rows), antall_oppfolging=sum(1 for row in rows if row.trenger_oppfolging),
                  lest=lest, lavest=lavest_forst(a for s in lest for a in s.med_ansatte)[:FLEST])


def status_routines_page(status: Status) -> str:
    """One row of numbers per routine, the ones that need follow-up first."""
    return render("sider/status_rutiner.md", side=RUTINER, status=status, rutiner=_routine_rows(status))


def _routine_rows(status: Status) -> list[Rutinerad]:
    return sorted((_routine_row(rs) for rs in status.rutiner),
                  key=lambda row: (-row.trenger_oppfolging, tittelorden(row.rutine_status.rutine.tittel)))


def _routine_row(rutine_status: RutineStatus) -> Rutinerad:
    cells = rutine_status.celler
    again = [c.frist for c in cells if c.gjelder and c.reimplementering and not c.status.ferdig and c.frist]
    return Rutinerad(rutine_status, sum(n for s, n in rutine_status.per_status.items() if s.ferdig),
                     sum(1 for c in cells if c.forsinket),
                     rutine_status.per_status.get(Implementeringsstatus.MA_OPPDATERES, 0), min(again, default=None))


def status_svg(status: Status) -> str:
    """One labelled bar per tjenestested plus a legend; the numbers are the same as in the status table."""
    bars = [_bar(sted, MARG + index * RAD) for index, sted in enumerate(status.steder)]
    legend_top = MARG + len(status.steder) * RAD + 6
    legend = [_legend_item(name, index, legend_top) for index, name in enumerate(REKKEFOLGE)]
    return render_xml("sider/status.svg", dato=status.dato, bredde=BREDDE, marg=MARG, stolper=bars, forklaring=legend,
                  hoyde=legend_top + 3 * FORKLARING_RAD + MARG)


def _bar(sted: StedStatus, top: int) -> Stolpe:
    width = BREDDE - 2 * MARG
    x = float(MARG)
    parts = []
    for name in REKKEFOLGE:
        count = sted.per_status.get(name, 0)
        if not count or not sted.antall_rutiner:
            continue
        w = width * count / sted.antall_rutiner
        parts.append(Stolpedel(name, count, x, w, *FARGER[name]))
        x += w
    return Stolpe(sted, top, parts)


def _legend_item(name: Implementeringsstatus, index: int, top: int) -> Forklaring:
    column, row = index % 2, index // 2
    return Forklaring(name, MARG + column * (BREDDE // 2), top + row * FORKLARING_RAD, FARGER[name][0])
