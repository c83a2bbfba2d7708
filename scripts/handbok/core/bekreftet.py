"""Confirmed: the imported receipts + the headcounts -> per tjenestested and document in force, how many
have confirmed the version in force, out of how many (pure, no I/O).

A MAJOR change starts the count again: receipts for an older MAJOR no longer count, while a MINOR change
(wording only) keeps them. A role's count below MINSTE_GRUPPE is never shown (in pages, exports or JSON),
and when only one role would be hidden, the next smallest is hidden too, so it cannot be worked out
from the site's total.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Iterable, Mapping

from .bekreftelser import Ansatte, Bekreftelse
from .formatting import prosent, tittelorden
from .model import Dokument, Funksjon, Handbok, Implementeringsstatus, Registrering, Versjon
from .statistikk import MINSTE_GRUPPE
from .status import i_planen


@dataclass(frozen=True)
class Rolleandel:
    """One role's receipts for the version in force at one site; `antall` is None when it is hidden."""

    rolle: str
    antall: int | None
    ansatte: int | None

    @property
    def skjult(self) -> bool:
        return self.antall is None


@dataclass(frozen=True)
class Andel:
    """How many at one site have confirmed the document's version in force (any version of its MAJOR)."""

    sted: str
    dokument: Dokument
    fra: Versjon  # the first version of the MAJOR in force: where the count started
    antall: int
    ansatte: int | None
    roller: tuple[Rolleandel, ...] = ()

    @property
    def versjon(self) -> Versjon:
        assert self.dokument.versjon is not None  # only versioned documents are counted
        return self.dokument.versjon

    @property
    def andel(self) -> float | None:
        return self.antall / self.ansatte if self.ansatte else None

    @property
    def versjoner(self) -> str:
        """«2.0», or «2.0–2.1» when MINOR changes followed the MAJOR change (their receipts count alike)."""
        return str(self.versjon) if self.fra == self.versjon else f"{self.fra}–{self.versjon}"

    def tekst(self, mellomrom: str = "\u00a0") -> str:
        """«31 av 42 (74 %) har bekreftet versjon 2.0»; without a headcount «31 har bekreftet …»."""
        share = self.andel
        count = f"{self.antall} av {self.ansatte} ({prosent(share, mellomrom)})" if share is not None else str(self.antall)
        return f"{count} har bekreftet versjon {self.versjoner}"

    def under(self, terskel: int | None) -> bool:
        """Below the handbook's threshold (percent); never when the threshold or the headcount is unknown."""
        share = self.andel
        return terskel is not None and share is not None and share * 100 < terskel


def gjelder(handbok: Handbok, sted: str, dokument: Dokument) -> bool:
    """A versioned document in force that applies at the site (DESIGN.md: gjelder_for, not ikke-aktuelt)."""
    record = handbok.plan.registrering(sted, dokument.id)
    return (dokument.gjeldende and dokument.versjon is not None and dokument.gjelder(sted)
            and not (record is not None and record.status is Implementeringsstatus.IKKE_AKTUELT))


def andel(handbok: Handbok, sted: str, dokument: Dokument) -> Andel:
    """The receipts at `sted` for the MAJOR in force of `dokument` (a versioned document)."""
    assert dokument.versjon is not None
    current = dokument.versjon
    counted = [(Versjon.parse(v), b) for v, b in handbok.bekreftelser.for_dokument(sted, dokument.id).items()]
    counted = [(v, b) for v, b in counted if v.major == current.major and v <= current]
    started = [e.versjon for e in dokument.endringslogg if e.versjon.major == current.major] + [current]
    ansatte = handbok.innstillinger.bekreftelser.ansatte.get(sted) if handbok.innstillinger.bekreftelser else None
    roles = _roles([b for _, b in counted], ansatte.roller if ansatte else {})
    return Andel(sted, dokument, min(started), sum(b.antall for _, b in counted), _headcount(dokument, ansatte), roles)


def _headcount(dokument: Dokument, ansatte: Ansatte | None) -> int | None:
    """The site's staff; for a role description, the staff in that role when the site states it."""
    if ansatte is None:
        return None
    return ansatte.roller.get(dokument.id, ansatte.antall) if isinstance(dokument, Funksjon) else ansatte.antall


def _roles(counts: list[Bekreftelse], stated: Mapping[str, int]) -> tuple[Rolleandel, ...]:
    per_role: dict[str, int] = {}
    for counted in counts:
        for rolle, number in counted.roller.items():
            per_role[rolle] = per_role.get(rolle, 0) + number
    roles = sorted(set(per_role) | set(stated))
    hidden = {r for r in roles if per_role.get(r, 0) < MINSTE_GRUPPE}
    shown = sorted((r for r in roles if r not in hidden), key=lambda r: (per_role.get(r, 0), r))
    if len(hidden) == 1 and shown:  # one hidden count could be worked out from the total: hide one more
        hidden.add(shown[0])
    return tuple(Rolleandel(r, None if r in hidden else per_role.get(r, 0), stated.get(r)) for r in roles)


def sted_andeler(handbok: Handbok, sted: str) -> list[Andel]:
    """Every routine in force that applies at the site and every role description followed up like one (in the
    plan, or with receipts here): routines first, each by title."""
    followed = {f.id for f in i_planen(handbok)} | set(handbok.bekreftelser.tall.get(sted, {}))
    found = [andel(handbok, sted, d) for d in handbok.dokumenter
             if gjelder(handbok, sted, d) and (d.id in handbok.rutiner or d.id in followed)]
    return sorted(found, key=lambda a: (a.dokument.id not in handbok.rutiner, tittelorden(a.dokument.tittel)))


def lavest_forst(andeler: Iterable[Andel]) -> list[Andel]:
    """The lowest share first (a document without a headcount last), then by title."""
    return sorted(andeler, key=lambda a: (a.andel is None, a.andel or 0.0, tittelorden(a.dokument.tittel)))


@dataclass(frozen=True)
class StedBekreftelser:
    """One site's receipts: every document in force that applies there, the lowest share first."""

    sted: str
    andeler: tuple[Andel, ...]
    terskel: int | None
    importert: date | None
    syntetisk: bool

    @property
    def med_ansatte(self) -> tuple[Andel, ...]:
        return tuple(a for a in self.andeler if a.andel is not None)

    @property
    def snitt(self) -> float | None:
        """The average share over the documents (None without a headcount)."""
        shares = [a.andel for a in self.andeler if a.andel is not None]
        return sum(shares) / len(shares) if shares else None

    @property
    def under_terskel(self) -> tuple[Andel, ...]:
        return tuple(a for a in self.andeler if a.under(self.terskel))


def sted_bekreftelser(handbok: Handbok, sted: str) -> StedBekreftelser | None:
    """None when the handbook neither collects receipts (no settings) nor has any for the site."""
    oppsett = handbok.innstillinger.bekreftelser
    if oppsett is None and sted not in handbok.bekreftelser.tall:
        return None
    return StedBekreftelser(sted, tuple(lavest_forst(sted_andeler(handbok, sted))), oppsett.terskel if oppsett else None,
                            handbok.bekreftelser.dato, handbok.bekreftelser.syntetisk)


def registrert_implementert(record: Registrering | None, dokument: Dokument) -> bool:
    """The site has registered the document's MAJOR in force as implemented (or evaluated)."""
    return (record is not None and record.status.ferdig and record.versjon is not None
            and dokument.versjon is not None and record.versjon.major == dokument.versjon.major)


def bekreftelser_json(handbok: Handbok) -> dict[str, object]:
    """The `bekreftelser` part of `handbok status --format json`; a hidden role count is null with `skjult`."""
    oppsett = handbok.innstillinger.bekreftelser
    return {
        "syntetisk": handbok.bekreftelser.syntetisk, "minste_gruppe": MINSTE_GRUPPE,
        "terskel": oppsett.terskel if oppsett else None,
        "importert": handbok.bekreftelser.dato.isoformat() if handbok.bekreftelser.dato else None,
        "tjenestesteder": [{"id": s.id, "dokumenter": [_json(a, oppsett.terskel if oppsett else None)
                                                       for a in sted_andeler(handbok, s.id)]}
                           for s in handbok.plan.aktive_steder],
    }


def _json(a: Andel, terskel: int | None) -> dict[str, object]:
    share = a.andel
    return {"id": a.dokument.id, "versjon": str(a.versjon), "fra_versjon": str(a.fra), "antall": a.antall,
            "ansatte": a.ansatte, "andel": round(share, 4) if share is not None else None,
            "under_terskel": a.under(terskel),
            "roller": [{"id": r.rolle, "skjult": r.skjult, "antall": r.antall, "ansatte": r.ansatte} for r in a.roller]}
