"""Audit: status of one site -> one self-contained, printable HTML document for an inspection (tilsyn).

Python gathers what the document shows; `templates/tilsyn.html` writes it (escaped, Norwegian formats).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from ..core.formatting import tittelorden
from ..core.model import (Dokument, Endringslinje, Evaluering, Fase, Funksjon, Handbok, Implementeringsstatus, Sporsmal,
                          Tiltak, Tiltaksstatus)
from ..core.status import Celle, Status, StedStatus, snitt_per_sporsmal
from ..source import git
from .pdf import Utskrift
from .templates import render

# The files the evidence is computed from: a local change to any of them is told in the document.
_KILDEFILER = ("rutiner", "funksjonsbeskrivelser", "implementeringsplan.yaml")
# The start of every audit document's title (HTML <title>, PDF title): how a file we wrote is recognised.
TITTEL = "Dokumentasjon for tilsyn"


@dataclass(frozen=True)
class Kilde:
    """Where the evidence comes from, in words a reader checks: the day the handbook was last saved in
    git (None outside git) and whether its files had changes not saved yet. Never a commit hash."""

    lagret: date | None
    endret_lokalt: bool = False


def read_kilde(root: Path) -> Kilde:
    """The day of the commit the evidence is produced from, and whether the handbook files differ from it."""
    return Kilde(git.head_date(root), git.has_local_changes(root, _KILDEFILER))


@dataclass(frozen=True)
class Rad:
    """One row of the routine table (or of the role-description table): a gjeldende document that applies to
    the site, and its cell."""

    dokument: Dokument
    celle: Celle

    @property
    def passert_fase(self) -> Fase | None:
        """The phase whose deadline has passed, when the routine is late."""
        return self.celle.fase if self.celle.forsinket else None

    @property
    def endret_siden(self) -> tuple[Endringslinje, ...]:
        """What the site has not implemented yet — shown only when it must implement again."""
        return self.celle.endringer if self.celle.status is Implementeringsstatus.MA_OPPDATERES else ()


@dataclass(frozen=True)
class Tiltaksrad:
    """One corrective action in the audit document, as of its date: the document's and the owner's titles."""

    dokument: str
    tiltak: Tiltak
    status: Tiltaksstatus
    ansvarlig: str
    funksjon: bool = False  # a role description's tiltak: the table then names its first column «Dokument»


@dataclass(frozen=True)
class Unntak:
    """A document that does not apply here: `begrunnelse` when the site chose so, None when the
    routine's gjelder_for leaves the site out."""

    tittel: str
    begrunnelse: str | None
    funksjon: bool = False


def audit_html(handbok: Handbok, status: Status, sted_id: str, kilde: Kilde) -> str:
    sted = status.sted(sted_id)
    evaluations = _evaluations(sted)
    roller = [c for c in sted.funksjonsceller if c.gjelder]
    return render(
        "tilsyn.html",
        handbok_navn=handbok.innstillinger.navn,
        tittel=f"{TITTEL} – {status.sted(sted_id).sted.navn}",
        sted=sted,
        dato=status.dato,
        kilde=kilde,
        # The summary's flags name routines and role descriptions alike: both are implemented and followed up.
        forsinket=_titles(handbok, [*sted.forsinket, *(c.dokument for c in roller if c.forsinket)]),
        ma_oppdateres=_titles(handbok, [*sted.ma_oppdateres, *(c.dokument for c in roller
                                                                if c.status is Implementeringsstatus.MA_OPPDATERES)]),
        uten_evaluering=_titles(handbok, [*sted.mangler_evaluering, *(c.dokument for c in roller
                                                                      if c.mangler_evaluering)]),
        rader=_rows(handbok, sted.celler),
        roller=_rows(handbok, sted.funksjonsceller),
        antall_roller_implementert=sum(1 for c in roller if c.status.ferdig),
        antall_evalueringer=len(evaluations),
        skjema=handbok.plan.skjema,
        sporsmal_tekst={q.id: q.tekst for q in handbok.plan.skjema.sporsmal},
        status_ma_oppdateres=Implementeringsstatus.MA_OPPDATERES.tekst,
        snitt_per_sporsmal=_averages(handbok.plan.skjema.sporsmal, evaluations),
        unntak=_exceptions(handbok, sted),
        lav_evaluering=_titles(handbok, [*sted.lav_evaluering_uten_tiltak, *(c.dokument for c in roller
                                                                             if c.lav_evaluering is not None)]),
        tiltak=_tiltak_rows(handbok, sted),
        tiltak_under=handbok.plan.skjema.tiltak_under,
        Tiltaksstatus=Tiltaksstatus,
    )


def _rows(handbok: Handbok, cells: tuple[Celle, ...]) -> list[Rad]:
    rows = [Rad(dokument, c) for c in cells if c.gjelder and (dokument := handbok.dokument(c.dokument)) is not None]
    return sorted(rows, key=lambda rad: tittelorden(rad.dokument.tittel))


def _tiltak_rows(handbok: Handbok, sted: StedStatus) -> list[Tiltaksrad]:
    rows = [Tiltaksrad(_title(handbok, c.dokument), t, state, handbok.rolle_tittel(t.ansvarlig), c in sted.funksjonsceller)
            for c in (*sted.celler, *sted.funksjonsceller) if c.gjelder for t, state in c.tiltak]
    return sorted(rows, key=lambda r: tittelorden(r.dokument))  # stable: each document's tiltak stay in written order


def _title(handbok: Handbok, dokument_id: str) -> str:
    dokument = handbok.dokument(dokument_id)
    return dokument.tittel if dokument else dokument_id


def _titles(handbok: Handbok, ids: list[str]) -> list[str]:
    return sorted((_title(handbok, i) for i in ids), key=tittelorden)


def _evaluations(sted: StedStatus) -> list[Evaluering]:
    return [e for _, e in sted.evalueringer]


def _averages(sporsmal: tuple[Sporsmal, ...], evaluations: list[Evaluering]) -> list[tuple[Sporsmal, float]]:
    """The average score per question, in the form's order; a question nobody answered is left out."""
    averages = snitt_per_sporsmal(evaluations)
    return [(q, averages[q.id]) for q in sporsmal if q.id in averages]


def _exceptions(handbok: Handbok, sted: StedStatus) -> list[Unntak]:
    found = []
    for cell in (*sted.celler, *sted.funksjonsceller):
        tittel = _title(handbok, cell.dokument)
        funksjon = isinstance(handbok.dokument(cell.dokument), Funksjon)
        if cell.status is Implementeringsstatus.IKKE_AKTUELT and cell.registrering:
            found.append(Unntak(tittel, cell.registrering.begrunnelse, funksjon))
        elif cell.status is Implementeringsstatus.GJELDER_IKKE:
            found.append(Unntak(tittel, None, funksjon))
    return sorted(found, key=lambda u: tittelorden(u.tittel))


def audit_print(handbok: Handbok, status: Status, sted_id: str) -> Utskrift:
    """The audit PDF's page head (handbook, site, date) and foot («Side X av Y»)."""
    context = {"handbok_navn": handbok.innstillinger.navn, "dato": status.dato,
               "tittel": f"{TITTEL} – {status.sted(sted_id).sted.navn}"}
    return Utskrift(render("tilsyn_sidehode.html", **context), render("tilsyn_sidefot.html", **context))
