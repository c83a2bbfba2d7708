"""Statistics model: handbok.yaml's `avvik` and `kompetanse` settings and the imported counts
(statistikk/avvik.yaml, statistikk/kompetanse.yaml) -> typed, frozen values (no I/O).

Only counts live here: deviation counts per category × tjenestested × month, and competence answers
per tjenestested × area × level. No free text, no person, ever.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any, Mapping

AVVIK_FIL = "statistikk/avvik.yaml"
KOMPETANSE_FIL = "statistikk/kompetanse.yaml"
MINSTE_GRUPPE = 5  # fewer answers than this are never shown: a small group can point at a person


@dataclass(frozen=True)
class AvvikOppsett:
    """How a deviation system's CSV export is read: its column names and what its values mean here."""

    kategori: str
    tjenestested: str
    periode: str
    antall: str | None = None  # without a count column every row is one deviation
    kategorier: Mapping[str, str] = field(default_factory=dict)  # the export's text -> category id
    tjenestesteder: Mapping[str, str] = field(default_factory=dict)  # the export's text -> tjenestested id

    @property
    def kolonner(self) -> tuple[str, ...]:
        return tuple(c for c in (self.kategori, self.tjenestested, self.periode, self.antall) if c)


@dataclass(frozen=True)
class Kompetanseomrade:
    """One area of the competence mapping, tied to role descriptions and routines."""

    id: str
    navn: str
    kolonne: str  # the survey question's column header in the CSV (default: navn)
    roller: tuple[str, ...] = ()
    rutiner: tuple[str, ...] = ()


@dataclass(frozen=True)
class KompetanseOppsett:
    """The shared competence form: levels (1 = lowest) and areas, and the level staff should reach."""

    nivaer: tuple[str, ...]
    omrader: tuple[Kompetanseomrade, ...]
    malniva: int

    def omrade(self, omrade_id: str) -> Kompetanseomrade | None:
        return next((o for o in self.omrader if o.id == omrade_id), None)


@dataclass(frozen=True)
class Avvikstall:
    """Imported deviation counts: the months the imports covered, and category -> site -> month -> count.
    A covered month without a number for a category and site had no deviations there."""

    perioder: tuple[str, ...] = ()  # "YYYY-MM", sorted
    tall: Mapping[str, Mapping[str, Mapping[str, int]]] = field(default_factory=dict)
    syntetisk: bool = False

    def serie(self, kategorier: tuple[str, ...], sted: str) -> list[tuple[str, int]]:
        """Every covered month with the sum over `kategorier` at `sted`."""
        return [(p, sum(self.tall.get(k, {}).get(sted, {}).get(p, 0) for k in kategorier)) for p in self.perioder]

    @property
    def kategorier(self) -> tuple[str, ...]:
        return tuple(sorted(self.tall))


@dataclass(frozen=True)
class Kartlegging:
    """One tjenestested's latest competence mapping: area -> count of answers per level (index 0 = level 1)."""

    dato: date
    antall_svar: int
    omrader: Mapping[str, tuple[int, ...]]


@dataclass(frozen=True)
class Kompetansetall:
    kartlegginger: Mapping[str, Kartlegging] = field(default_factory=dict)
    syntetisk: bool = False


def build_avvik_oppsett(data: Mapping[str, Any] | None) -> AvvikOppsett | None:
    if not data:
        return None
    kolonner = data["kolonner"]
    return AvvikOppsett(kolonner["kategori"], kolonner["tjenestested"], kolonner["periode"], kolonner.get("antall"),
                        dict(data.get("kategorier") or {}), dict(data.get("tjenestesteder") or {}))


def build_kompetanse_oppsett(data: Mapping[str, Any] | None) -> KompetanseOppsett | None:
    if not data:
        return None
    nivaer = tuple(data["nivaer"])
    omrader = tuple(Kompetanseomrade(o["id"], o["navn"], o.get("kolonne") or o["navn"], tuple(o.get("roller") or ()),
                                     tuple(o.get("rutiner") or ())) for o in data["omrader"])
    return KompetanseOppsett(nivaer, omrader, data.get("malniva") or len(nivaer) - 1)


def build_avvikstall(data: Mapping[str, Any] | None) -> Avvikstall:
    if not data:
        return Avvikstall()
    tall = {k: {s: dict(months) for s, months in sites.items()} for k, sites in (data.get("tall") or {}).items()}
    return Avvikstall(tuple(sorted(data.get("perioder") or ())), tall, bool(data.get("syntetisk")))


def build_kompetansetall(data: Mapping[str, Any] | None) -> Kompetansetall:
    if not data:
        return Kompetansetall()
    found = {sted: Kartlegging(date.fromisoformat(k["dato"]), k["antall_svar"],
                               {o: tuple(counts) for o, counts in k["omrader"].items()})
             for sted, k in (data.get("kartlegginger") or {}).items()}
    return Kompetansetall(found, bool(data.get("syntetisk")))
