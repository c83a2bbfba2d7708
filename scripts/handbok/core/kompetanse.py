"""Competence: the imported mapping + the shared form -> per tjenestested and area, how many answered at
each level and how many are below the target level: where training is needed (pure, no I/O).

A group (one site × one area) with fewer than MINSTE_GRUPPE answers is never shown, in pages, exports or
JSON: in a small group the answers point at people.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from .model import Handbok
from .statistikk import MINSTE_GRUPPE, Kompetanseomrade, KompetanseOppsett

BEHOV_ANDEL = 0.25  # a quarter or more below the target level: the area needs training here


@dataclass(frozen=True)
class Omradestatus:
    """One area at one site; `fordeling` is None when the group is too small to show."""

    omrade: Kompetanseomrade
    fordeling: tuple[int, ...] | None
    malniva: int

    @property
    def skjult(self) -> bool:
        return self.fordeling is None

    @property
    def antall(self) -> int:
        return sum(self.fordeling or ())

    @property
    def under_mal(self) -> int:
        return sum((self.fordeling or ())[: self.malniva - 1])

    @property
    def andel_under_mal(self) -> float:
        return self.under_mal / self.antall if self.antall else 0.0

    @property
    def behov(self) -> bool:
        return not self.skjult and self.andel_under_mal >= BEHOV_ANDEL


@dataclass(frozen=True)
class StedKompetanse:
    sted: str
    dato: date
    antall_svar: int
    nivaer: tuple[str, ...]
    malniva: int
    omrader: tuple[Omradestatus, ...]  # most in need first; hidden groups last
    syntetisk: bool

    @property
    def behov(self) -> tuple[Omradestatus, ...]:
        return tuple(o for o in self.omrader if o.behov)


def sted_kompetanse(handbok: Handbok, sted_id: str) -> StedKompetanse | None:
    oppsett = handbok.innstillinger.kompetanse
    kartlegging = handbok.kompetanse.kartlegginger.get(sted_id)
    if oppsett is None or kartlegging is None:
        return None
    omrader = [_area(oppsett, omrade, kartlegging.omrader.get(omrade.id)) for omrade in oppsett.omrader]
    omrader.sort(key=lambda o: (o.skjult, -o.andel_under_mal, o.omrade.navn))
    return StedKompetanse(sted_id, kartlegging.dato, kartlegging.antall_svar, oppsett.nivaer, oppsett.malniva,
                          tuple(omrader), handbok.kompetanse.syntetisk)


def _area(oppsett: KompetanseOppsett, omrade: Kompetanseomrade, counts: tuple[int, ...] | None) -> Omradestatus:
    shown = counts if counts is not None and sum(counts) >= MINSTE_GRUPPE else None
    return Omradestatus(omrade, shown, oppsett.malniva)


def kompetanse_json(handbok: Handbok) -> dict[str, object]:
    """The `kompetanse` part of `handbok status --format json`; a small group has no numbers, only `skjult`."""
    steder = [k for s in handbok.plan.aktive_steder if (k := sted_kompetanse(handbok, s.id)) is not None]
    return {
        "syntetisk": handbok.kompetanse.syntetisk, "minste_gruppe": MINSTE_GRUPPE,
        "tjenestesteder": [{
            "id": k.sted, "dato": k.dato.isoformat(),
            "omrader": [{"id": o.omrade.id, "skjult": o.skjult, "per_niva": list(o.fordeling) if o.fordeling else None,
                         "under_malniva": None if o.skjult else o.under_mal, "behov_for_opplaering": o.behov}
                        for o in k.omrader],
        } for k in steder],
    }
