"""Trend: imported deviation counts + the plan -> each routine's monthly deviations per tjenestested, with
the site's implementation date and the mean monthly count before and after it (pure, no I/O).

A routine is tied to a deviation category by naming the category's id under its `kategorier`. The
implementation date is the date of the site's record when it is implementert or evaluert. The means
are over the covered months strictly before and strictly after the implementation month, at most
VINDU of each, and only when there are at least MINST of each: a shorter run says nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from .model import Handbok, Rutine, Tjenestested

VINDU = 6
MINST = 3


@dataclass(frozen=True)
class StedTrend:
    """One routine's deviations at one tjenestested: every covered month, the implementation and the means."""

    sted: Tjenestested
    serie: tuple[tuple[str, int], ...]
    implementert: date | None
    for_snitt: float | None
    etter_snitt: float | None
    maaneder_for: int
    maaneder_etter: int

    @property
    def endring(self) -> float | None:
        """After / before − 1: −0.4 is 40 % fewer deviations a month."""
        if self.for_snitt is None or self.etter_snitt is None or not self.for_snitt:
            return None
        return self.etter_snitt / self.for_snitt - 1

    @property
    def implementert_maaned(self) -> str | None:
        return self.implementert.strftime("%Y-%m") if self.implementert else None

    @property
    def hoyeste(self) -> int:
        return max((n for _, n in self.serie), default=0)


@dataclass(frozen=True)
class RutineTrend:
    rutine: Rutine
    kategorier: tuple[str, ...]
    steder: tuple[StedTrend, ...]
    syntetisk: bool

    @property
    def perioder(self) -> tuple[str, ...]:
        return tuple(p for p, _ in self.steder[0].serie) if self.steder else ()


def avvikstrender(handbok: Handbok) -> list[RutineTrend]:
    """Every routine in force with deviation counts in one of its categories, by id."""
    found = (rutine_trend(handbok, r) for r in sorted(handbok.rutiner.values(), key=lambda r: r.id))
    return [t for t in found if t is not None]


def rutine_trend(handbok: Handbok, rutine: Rutine) -> RutineTrend | None:
    kategorier = tuple(k for k in rutine.kategorier if k in handbok.avvik.tall)
    if not rutine.gjeldende or not kategorier or not handbok.avvik.perioder:
        return None
    steder = tuple(_site_trend(handbok, rutine, kategorier, sted) for sted in handbok.plan.aktive_steder
                   if rutine.gjelder(sted.id) and any(sted.id in handbok.avvik.tall[k] for k in kategorier))
    return RutineTrend(rutine, kategorier, steder, handbok.avvik.syntetisk) if steder else None


def sted_trender(handbok: Handbok, sted_id: str) -> list[tuple[RutineTrend, StedTrend]]:
    """The routines with deviation counts at one tjenestested, and that site's trend for each."""
    return [(t, s) for t in avvikstrender(handbok) for s in t.steder if s.sted.id == sted_id]


def _site_trend(handbok: Handbok, rutine: Rutine, kategorier: tuple[str, ...], sted: Tjenestested) -> StedTrend:
    serie = tuple(handbok.avvik.serie(kategorier, sted.id))
    record = handbok.plan.registrering(sted.id, rutine.id)
    done = record.dato if record is not None and record.status.ferdig else None
    if done is None:
        return StedTrend(sted, serie, None, None, None, 0, 0)
    month = done.strftime("%Y-%m")
    before = [n for p, n in serie if p < month][-VINDU:]
    after = [n for p, n in serie if p > month][:VINDU]
    return StedTrend(sted, serie, done, _mean(before), _mean(after), len(before), len(after))


def _mean(counts: list[int]) -> float | None:
    return sum(counts) / len(counts) if len(counts) >= MINST else None


def trend_json(handbok: Handbok) -> dict[str, object]:
    """The `avvik` part of `handbok status --format json`: the numbers behind the charts."""
    return {
        "syntetisk": handbok.avvik.syntetisk,
        "perioder": list(handbok.avvik.perioder),
        "rutiner": [{
            "id": t.rutine.id, "kategorier": list(t.kategorier),
            "tjenestesteder": [{
                "id": s.sted.id, "implementert": s.implementert.isoformat() if s.implementert else None,
                "per_maaned": dict(s.serie), "snitt_for": _round(s.for_snitt), "snitt_etter": _round(s.etter_snitt),
                "maaneder_for": s.maaneder_for, "maaneder_etter": s.maaneder_etter,
            } for s in t.steder],
        } for t in avvikstrender(handbok)],
    }


def _round(value: float | None) -> float | None:
    return round(value, 2) if value is not None else None
