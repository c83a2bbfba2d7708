"""Receipts («lest og forstått»): handbok.yaml's `bekreftelser` settings and the imported counts
(statistikk/bekreftelser.yaml) -> typed, frozen values (no I/O).

The receipt itself is given in the municipality's own form tool, under its own data-processing agreement;
the handbook keeps only how many confirmed each version, per tjenestested (and per role where the form
asks). No name, address or identity number is ever stored.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Mapping
from urllib.parse import quote

BEKREFTELSER_FIL = "statistikk/bekreftelser.yaml"
# What the form link may name; the form needs at least the document and its version to count a receipt.
PLASSHOLDERE = ("dokument", "tittel", "versjon", "tjenestested", "tjenestested_navn")
PAKREVDE_PLASSHOLDERE = ("dokument", "versjon")
PLASSHOLDER = re.compile(r"\{([^{}]*)\}")


@dataclass(frozen=True)
class Ansatte:
    """A site's headcount, and per role where the site states it."""

    antall: int
    roller: Mapping[str, int] = field(default_factory=dict)


@dataclass(frozen=True)
class Kolonner:
    """The form export's column names (the questions' headers)."""

    dokument: str = "Dokument"
    versjon: str = "Versjon"
    tjenestested: str = "Tjenestested"
    rolle: str = "Rolle"


@dataclass(frozen=True)
class BekreftelsesOppsett:
    """The form link (a URL with placeholders), how its export is read, the headcounts and the threshold."""

    skjema: str | None = None
    kolonner: Kolonner = Kolonner()
    tjenestesteder: Mapping[str, str] = field(default_factory=dict)  # the export's text -> tjenestested id
    roller: Mapping[str, str] = field(default_factory=dict)  # the export's text -> role id
    ansatte: Mapping[str, Ansatte] = field(default_factory=dict)  # tjenestested id -> headcount
    terskel: int | None = None  # percent: `sjekk` warns below it when a site has registered a document implemented

    @property
    def bruker_tjenestested(self) -> bool:
        """The form link can carry the reader's site."""
        return any(name in ("tjenestested", "tjenestested_navn") for name in plassholdere(self.skjema or ""))

    def lenke(self, dokument: str, tittel: str, versjon: str, sted: tuple[str, str] | None = None) -> str | None:
        """The form link for one version, its placeholders filled (URL-encoded); a site unknown here is left
        empty, so the form asks. None without a form."""
        if self.skjema is None:
            return None
        values = {"dokument": dokument, "tittel": tittel, "versjon": versjon,
                  "tjenestested": sted[0] if sted else "", "tjenestested_navn": sted[1] if sted else ""}
        return PLASSHOLDER.sub(lambda m: quote(values.get(m.group(1), ""), safe=""), self.skjema)


def plassholdere(skjema: str) -> list[str]:
    """The placeholders a form link names, in order."""
    return PLASSHOLDER.findall(skjema)


@dataclass(frozen=True)
class Bekreftelse:
    """Receipts for one version at one site: in all, and per role for the answers that named one."""

    antall: int
    roller: Mapping[str, int] = field(default_factory=dict)


@dataclass(frozen=True)
class Bekreftelsestall:
    """Imported receipts: tjenestested -> document id -> version ("2.0") -> counts."""

    tall: Mapping[str, Mapping[str, Mapping[str, Bekreftelse]]] = field(default_factory=dict)
    dato: date | None = None  # the day of the last import
    syntetisk: bool = False

    def for_dokument(self, sted: str, dokument: str) -> Mapping[str, Bekreftelse]:
        return self.tall.get(sted, {}).get(dokument, {})


def build_bekreftelses_oppsett(data: Mapping[str, Any] | None) -> BekreftelsesOppsett | None:
    if not data:
        return None
    kolonner = {**vars(Kolonner()), **(data.get("kolonner") or {})}
    ansatte = {sted: Ansatte(value) if isinstance(value, int) else Ansatte(value["antall"], dict(value.get("roller") or {}))
               for sted, value in (data.get("ansatte") or {}).items()}
    return BekreftelsesOppsett(data.get("skjema"), Kolonner(**kolonner), dict(data.get("tjenestesteder") or {}),
                               dict(data.get("roller") or {}), ansatte, data.get("terskel"))


def build_bekreftelsestall(data: Mapping[str, Any] | None) -> Bekreftelsestall:
    if not data:
        return Bekreftelsestall()
    tall = {sted: {dok: {v: Bekreftelse(b["antall"], dict(b.get("roller") or {})) for v, b in versions.items()}
                   for dok, versions in documents.items()}
            for sted, documents in (data.get("tall") or {}).items()}
    dato = data.get("dato")
    return Bekreftelsestall(tall, date.fromisoformat(dato) if dato else None, bool(data.get("syntetisk")))
