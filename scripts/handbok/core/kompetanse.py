"""Competence: the imported mapping + the shared form -> per tjenestested and area, how many answered at
each level and how many are below the target level: where training is needed (pure, no I/O).

A group (one site × one area) with fewer than MINSTE_GRUPPE answers is never shown, in pages, exports or
JSON: in a small group the answers point at people. Nor is any smaller count inside a group: a level
with fewer answers than that (none counts too — five identical answers shown as 5/0/0/0 tell every
respondent's answer) is merged with its neighbours into a range of levels that has enough, and the
number below the target level is shown only when both sides of the target have enough.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from .model import Handbok
from .statistikk import MINSTE_GRUPPE, Kompetanseomrade, KompetanseOppsett

BEHOV_ANDEL = 0.25  # a quarter or more below the target level: the area needs training here


@dataclass(frozen=True)
class Gruppe:
    """Levels `fra` to `til` (1 = lowest) merged so that their count is at least MINSTE_GRUPPE."""

    fra: int
    til: int
    antall: int


@dataclass(frozen=True)
class Omradestatus:
    """One area at one site; `grupper` is None when the group is too small to show at all."""

    omrade: Kompetanseomrade
    grupper: tuple[Gruppe, ...] | None
    malniva: int
    behov: bool = False  # a quarter or more below the target: said without a number when the count is hidden

    @property
    def skjult(self) -> bool:
        return self.grupper is None

    @property
    def antall(self) -> int:
        return sum(g.antall for g in self.grupper or ())

    @property
    def under_mal(self) -> int | None:
        """How many answered below the target level, when the target is a boundary between shown groups."""
        if not self.grupper or self.malniva - 1 not in {g.til for g in self.grupper[:-1]}:
            return None
        return sum(g.antall for g in self.grupper if g.til < self.malniva)

    @property
    def andel_under_mal(self) -> float | None:
        return self.under_mal / self.antall if self.under_mal is not None and self.antall else None


def grupper(counts: tuple[int, ...], malniva: int) -> tuple[Gruppe, ...]:
    """The levels' counts merged into ranges of at least MINSTE_GRUPPE answers each, split at the target level
    when both sides have enough (`counts` must hold at least MINSTE_GRUPPE answers)."""
    cut = malniva - 1
    if sum(counts[:cut]) >= MINSTE_GRUPPE and sum(counts[cut:]) >= MINSTE_GRUPPE:
        return _merged(counts[:cut], 1) + _merged(counts[cut:], malniva)
    return _merged(counts, 1)


def _merged(counts: tuple[int, ...], first: int) -> tuple[Gruppe, ...]:
    """Levels from `first` on, gathered left to right until a range has enough; a short rest joins the last range."""
    found: list[Gruppe] = []
    start, total = 0, 0
    for index, count in enumerate(counts):
        total += count
        if total >= MINSTE_GRUPPE:
            found.append(Gruppe(first + start, first + index, total))
            start, total = index + 1, 0
    if start < len(counts):
        last = found.pop() if found else Gruppe(first + start, first + start, 0)
        found.append(Gruppe(last.fra, first + len(counts) - 1, last.antall + total))
    return tuple(found)


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
    omrader.sort(key=lambda o: (o.skjult, not o.behov, -(o.andel_under_mal or 0.0), o.omrade.navn))
    return StedKompetanse(sted_id, kartlegging.dato, kartlegging.antall_svar, oppsett.nivaer, oppsett.malniva,
                          tuple(omrader), handbok.kompetanse.syntetisk)


def _area(oppsett: KompetanseOppsett, omrade: Kompetanseomrade, counts: tuple[int, ...] | None) -> Omradestatus:
    if counts is None or sum(counts) < MINSTE_GRUPPE:
        return Omradestatus(omrade, None, oppsett.malniva)
    behov = sum(counts[: oppsett.malniva - 1]) >= BEHOV_ANDEL * sum(counts)
    return Omradestatus(omrade, grupper(counts, oppsett.malniva), oppsett.malniva, behov)


def kompetanse_json(handbok: Handbok) -> dict[str, object]:
    """The `kompetanse` part of `handbok status --format json`; a small group has no numbers, only `skjult`, and a
    level with too few answers only its merged range (`per_niva` then is null: levels are not shown one by one)."""
    steder = [k for s in handbok.plan.aktive_steder if (k := sted_kompetanse(handbok, s.id)) is not None]
    return {
        "syntetisk": handbok.kompetanse.syntetisk, "minste_gruppe": MINSTE_GRUPPE,
        "tjenestesteder": [{
            "id": k.sted, "dato": k.dato.isoformat(),
            "omrader": [{"id": o.omrade.id, "skjult": o.skjult, "per_niva": _per_level(o),
                         "grupper": [{"fra": g.fra, "til": g.til, "antall": g.antall} for g in o.grupper or ()],
                         "under_malniva": o.under_mal, "behov_for_opplaering": o.behov}
                        for o in k.omrader],
        } for k in steder],
    }


def _per_level(omrade: Omradestatus) -> list[int] | None:
    """The count of every level, when each has enough answers to be shown on its own."""
    if omrade.grupper is None or any(g.fra != g.til for g in omrade.grupper):
        return None
    return [g.antall for g in omrade.grupper]
