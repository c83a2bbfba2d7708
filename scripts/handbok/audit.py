"""Audit: status of one site -> one self-contained, printable HTML document for an inspection (tilsyn).

Python gathers what the document shows; `templates/tilsyn.html` writes it (escaped, Norwegian formats).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from . import git
from .formatting import tittelorden
from .pdf import Utskrift
from .model import (Endringslinje, Evaluering, Fase, Handbok, Implementeringsstatus, Rutine, Sporsmal, Tiltak,
                    Tiltaksstatus)
from .status import Celle, Status, StedStatus, snitt_per_sporsmal
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
    """One row of the routine table: a gjeldende routine that applies to the site, and its cell."""

    rutine: Rutine
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
    """One corrective action in the audit document, as of its date: the routine's and the owner's titles."""

    rutine: str
    tiltak: Tiltak
    status: Tiltaksstatus
    ansvarlig: str


@dataclass(frozen=True)
class Unntak:
    """A routine that does not apply here: `begrunnelse` when the site chose so, None when the
    routine's gjelder_for leaves the site out."""

    tittel: str
    begrunnelse: str | None


def audit_html(handbok: Handbok, status: Status, sted_id: str, kilde: Kilde) -> str:
    sted = status.sted(sted_id)
    evaluations = _evaluations(sted)
    return render(
        "tilsyn.html",
        handbok_navn=handbok.innstillinger.navn,
        tittel=f"{TITTEL} – {status.sted(sted_id).sted.navn}",
        sted=sted,
        dato=status.dato,
        kilde=kilde,
        forsinket=_titles(handbok, sted.forsinket),
        ma_oppdateres=_titles(handbok, sted.ma_oppdateres),
        uten_evaluering=_titles(handbok, sted.mangler_evaluering),
        rader=sorted((Rad(handbok.rutiner[c.rutine], c) for c in sted.celler if c.gjelder),
                     key=lambda rad: tittelorden(rad.rutine.tittel)),
        antall_evalueringer=len(evaluations),
        skjema=handbok.plan.skjema,
        sporsmal_tekst={q.id: q.tekst for q in handbok.plan.skjema.sporsmal},
        status_ma_oppdateres=Implementeringsstatus.MA_OPPDATERES.tekst,
        snitt_per_sporsmal=_averages(handbok.plan.skjema.sporsmal, evaluations),
        unntak=_exceptions(handbok, sted),
        lav_evaluering=_titles(handbok, sted.lav_evaluering_uten_tiltak),
        tiltak=_tiltak_rows(handbok, sted),
        tiltak_under=handbok.plan.skjema.tiltak_under,
        Tiltaksstatus=Tiltaksstatus,
    )


def _tiltak_rows(handbok: Handbok, sted: StedStatus) -> list[Tiltaksrad]:
    rows = [Tiltaksrad(handbok.rutiner[c.rutine].tittel, t, state, handbok.rolle_tittel(t.ansvarlig))
            for c in sted.celler if c.gjelder for t, state in c.tiltak]
    return sorted(rows, key=lambda r: tittelorden(r.rutine))  # stable: each routine's tiltak stay in written order


def _titles(handbok: Handbok, ids: tuple[str, ...]) -> list[str]:
    return sorted((handbok.rutiner[i].tittel for i in ids), key=tittelorden)



def _evaluations(sted: StedStatus) -> list[Evaluering]:
    return [e for _, e in sted.evalueringer]


def _averages(sporsmal: tuple[Sporsmal, ...], evaluations: list[Evaluering]) -> list[tuple[Sporsmal, float]]:
    """The average score per question, in the form's order; a question nobody answered is left out."""
    averages = snitt_per_sporsmal(evaluations)
    return [(q, averages[q.id]) for q in sporsmal if q.id in averages]


def _exceptions(handbok: Handbok, sted: StedStatus) -> list[Unntak]:
    found = []
    for cell in sted.celler:
        tittel = handbok.rutiner[cell.rutine].tittel
        if cell.status is Implementeringsstatus.IKKE_AKTUELT and cell.registrering:
            found.append(Unntak(tittel, cell.registrering.begrunnelse))
        elif cell.status is Implementeringsstatus.GJELDER_IKKE:
            found.append(Unntak(tittel, None))
    return sorted(found, key=lambda u: tittelorden(u.tittel))


def audit_print(handbok: Handbok, status: Status, sted_id: str) -> Utskrift:
    """The audit PDF's page head (handbook, site, date) and foot («Side X av Y»)."""
    context = {"handbok_navn": handbok.innstillinger.navn, "dato": status.dato,
               "tittel": f"{TITTEL} – {status.sted(sted_id).sted.navn}"}
    return Utskrift(render("tilsyn_sidehode.html", **context), render("tilsyn_sidefot.html", **context))
