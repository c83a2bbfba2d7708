"""Deviation trend charts: each routine's monthly deviations at each tjenestested -> a small SVG per
routine × site (drawn at build time, no script), with the implementation month and the before/after means."""

from __future__ import annotations

from dataclasses import dataclass

from ...core.model import Handbok, Rutine
from ...core.trend import MINST, VINDU, RutineTrend, StedTrend, rutine_trend, sted_trender
from .render import render_xml

BREDDE = 320
HOYDE = 150
VENSTRE = 30  # room for the y labels
TOPP = 18  # room for the «Implementert» label
BUNN = 20  # room for the x labels
HOYRE = 6


@dataclass(frozen=True)
class Stolpe:
    periode: str
    antall: int
    x: float
    y: float
    bredde: float
    hoyde: float


@dataclass(frozen=True)
class Snittlinje:
    x1: float
    x2: float
    y: float
    verdi: float


@dataclass(frozen=True)
class Diagram:
    stolper: list[Stolpe]
    skala: int
    implementert_x: float | None
    snitt: list[Snittlinje]


@dataclass(frozen=True)
class Trendfigur:
    """One chart on a page: its title there (the site on a routine page, the routine on a site page)."""

    tittel: str
    trend: RutineTrend
    sted: StedTrend


@dataclass(frozen=True)
class Avviksavsnitt:
    """The «Avvik over tid» section of a routine or tjenestested page."""

    figurer: list[Trendfigur]
    syntetisk: bool
    vindu: int = VINDU
    minst: int = MINST


def routine_section(handbok: Handbok, rutine: Rutine) -> Avviksavsnitt | None:
    trend = rutine_trend(handbok, rutine)
    if trend is None:
        return None
    return Avviksavsnitt([Trendfigur(s.sted.navn, trend, s) for s in trend.steder], trend.syntetisk)


def site_section(handbok: Handbok, sted_id: str) -> Avviksavsnitt | None:
    pairs = sted_trender(handbok, sted_id)
    if not pairs:
        return None
    return Avviksavsnitt([Trendfigur(t.rutine.tittel, t, s) for t, s in pairs], handbok.avvik.syntetisk)


def trend_svg(trend: RutineTrend, sted: StedTrend) -> str:
    """One routine's chart of deviations per month at one tjenestested."""
    return render_xml("sider/avvik.svg", trend=trend, sted=sted, d=diagram(sted), bredde=BREDDE, hoyde=HOYDE,
                  venstre=VENSTRE, topp=TOPP, bunn=HOYDE - BUNN)


def diagram(sted: StedTrend) -> Diagram:
    months = len(sted.serie) or 1
    step = (BREDDE - VENSTRE - HOYRE) / months
    skala = max(sted.hoyeste, 1)
    plot = HOYDE - TOPP - BUNN

    def x_of(index: int) -> float:
        return VENSTRE + index * step

    def y_of(value: float) -> float:
        return HOYDE - BUNN - plot * value / skala

    bars = [Stolpe(p, n, x_of(i) + step * 0.15, y_of(n), step * 0.7, plot * n / skala)
            for i, (p, n) in enumerate(sted.serie)]
    month = sted.implementert_maaned
    index = next((i for i, (p, _) in enumerate(sted.serie) if p >= month), None) if month else None
    line = None if index is None else x_of(index) + step / 2
    means = []
    if index is not None and sted.for_snitt is not None:
        means.append(Snittlinje(x_of(index - sted.maaneder_for), x_of(index), y_of(sted.for_snitt), sted.for_snitt))
    if index is not None and sted.etter_snitt is not None:
        means.append(Snittlinje(x_of(index + 1), x_of(index + 1 + sted.maaneder_etter), y_of(sted.etter_snitt),
                                sted.etter_snitt))
    return Diagram(bars, skala, line, means)
