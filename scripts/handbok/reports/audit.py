"""Audit: status of one site -> one self-contained, printable HTML document for an inspection (tilsyn).

The current state comes first (summary and one row per document), then each document's history told per
version: its implementation (day, how), its evaluations as small tables of question and score with the remark,
its tiltak and what came of them — each fact with the commit that recorded it when git knows it. Python gathers
what the document shows; `templates/tilsyn.html` writes it (escaped, Norwegian formats).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Mapping

from ..core.bekreftet import StedBekreftelser, sted_bekreftelser
from ..core.formatting import tittelorden
from ..core.historikk import Versjonsforlop, forlop
from ..core.model import (Bevis, Dokument, Endringslinje, Evaluering, Funksjon, Handbok, Hendelse, Hendelsestype,
                          Implementeringsstatus, Sporsmal, Tiltak, Tiltaksstatus, Versjon)
from ..core.statistikk import MINSTE_GRUPPE
from ..core.status import Celle, Status, StedStatus, snitt_per_sporsmal
from ..source import git
from .pdf import Utskrift
from .templates import render

# The files the evidence is computed from: a local change to any of them is told in the document.
_KILDEFILER = ("rutiner", "funksjonsbeskrivelser", "implementeringsplan.yaml", "implementering")
# The start of every audit document's title (HTML <title>, PDF title): how a file we wrote is recognised.
TITTEL = "Dokumentasjon for tilsyn"
H = Hendelsestype


@dataclass(frozen=True)
class Kilde:
    """Where the evidence comes from, in words a reader checks: the day the handbook was last saved in
    git (None outside git) and whether its files had changes not saved yet."""

    lagret: date | None
    endret_lokalt: bool = False


def read_kilde(root: Path) -> Kilde:
    """The day of the commit the evidence is produced from, and whether the handbook files differ from it."""
    return Kilde(git.head_date(root), git.has_local_changes(root, _KILDEFILER))


@dataclass(frozen=True)
class Rad:
    """One row of the current state: a gjeldende document that applies to the site, and its cell."""

    dokument: Dokument
    celle: Celle

    @property
    def passert_frist(self) -> date | None:
        """The deadline that has passed, when the document is late."""
        return self.celle.frist if self.celle.forsinket else None

    @property
    def endret_siden(self) -> tuple[Endringslinje, ...]:
        """What the site has not implemented yet — shown only when it must implement again."""
        return self.celle.endringer if self.celle.status is Implementeringsstatus.MA_OPPDATERES else ()


@dataclass(frozen=True)
class Fakta:
    """One entry of the history as the document shows it: what happened, and the commit that recorded it."""

    hendelse: Hendelse
    bevis: Bevis | None


@dataclass(frozen=True)
class Evalueringsblokk:
    """One evaluation: its entry, each question's text with the score (None: «vet ikke»), and its commit."""

    evaluering: Evaluering
    svar: list[tuple[str, int | None]]
    bevis: Bevis | None


@dataclass(frozen=True)
class Tiltaksblokk:
    """One corrective action as of the document's day: its state, the owner's title and the commits that
    opened and closed it."""

    tiltak: Tiltak
    status: Tiltaksstatus
    ansvarlig: str
    apnet: Bevis | None
    lukket: Bevis | None


@dataclass(frozen=True)
class Versjonsblokk:
    versjon: Versjon | None
    godkjent: date | None
    hendelser: list[Fakta]
    evalueringer: list[Evalueringsblokk]
    tiltak: list[Tiltaksblokk]


@dataclass(frozen=True)
class Dokumenthistorikk:
    """A document's whole history at the site, oldest version first."""

    dokument: Dokument
    funksjon: bool
    versjoner: list[Versjonsblokk]


@dataclass(frozen=True)
class Tiltaksrad:
    """One corrective action in the summary table, as of the document's day."""

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


def audit_html(handbok: Handbok, status: Status, sted_id: str, kilde: Kilde,
               bevis: Mapping[str, Bevis] | None = None) -> str:
    """The audit document; `bevis` (entry key -> its first commit) names the commit behind each fact."""
    sted = status.sted(sted_id)
    found = bevis or {}
    evaluations = [e for _, e in sted.evalueringer]
    roller = [c for c in sted.funksjonsceller if c.gjelder]
    return render(
        "tilsyn.html",
        handbok_navn=handbok.innstillinger.navn,
        tittel=f"{TITTEL} – {sted.sted.navn}",
        sted=sted,
        dato=status.dato,
        kilde=kilde,
        bevis_kjent=bool(found),
        # The summary's flags name routines and role descriptions alike: both are implemented and followed up.
        forsinket=_titles(handbok, [*sted.forsinket, *(c.dokument for c in roller if c.forsinket)]),
        ma_oppdateres=[(_title(handbok, c.dokument), c.frist) for c in sted.reimplementeringer],
        uten_evaluering=_titles(handbok, [*sted.mangler_evaluering, *(c.dokument for c in roller
                                                                      if c.mangler_evaluering)]),
        rader=_rows(handbok, sted.celler),
        roller=_rows(handbok, sted.funksjonsceller),
        antall_roller_implementert=sum(1 for c in roller if c.status.ferdig),
        antall_evalueringer=len(evaluations),
        skjema=handbok.plan.skjema,
        snitt_per_sporsmal=_averages(handbok.plan.skjema.sporsmal, evaluations),
        historikk=_stories(handbok, sted, found),
        unntak=_exceptions(handbok, sted),
        lav_evaluering=_titles(handbok, [*sted.lav_evaluering_uten_tiltak, *(c.dokument for c in roller
                                                                             if c.lav_evaluering is not None)]),
        tiltak=_tiltak_rows(handbok, sted),
        tiltak_under=handbok.plan.skjema.tiltak_under,
        Tiltaksstatus=Tiltaksstatus,
        bekreftelser=_receipts(handbok, sted_id, status.dato), minste_gruppe=MINSTE_GRUPPE, rolle_tittel=handbok.rolle_tittel,
        H=Hendelsestype,
        S=Implementeringsstatus,
    )


def _rows(handbok: Handbok, cells: tuple[Celle, ...]) -> list[Rad]:
    rows = [Rad(dokument, c) for c in cells if c.gjelder and (dokument := handbok.dokument(c.dokument)) is not None]
    return sorted(rows, key=lambda rad: tittelorden(rad.dokument.tittel))


def _stories(handbok: Handbok, sted: StedStatus, bevis: Mapping[str, Bevis]) -> list[Dokumenthistorikk]:
    """Each document with a history at the site, by title: routines first, then role descriptions."""
    stories = []
    for cell in (*sted.celler, *sted.funksjonsceller):
        dokument = handbok.dokument(cell.dokument)
        if dokument is None or cell.registrering is None or not cell.registrering.hendelser:
            continue
        blocks = [_version_block(handbok, dokument, v, cell, bevis) for v in forlop(cell.registrering)]
        stories.append(Dokumenthistorikk(dokument, isinstance(dokument, Funksjon), blocks))
    return sorted(stories, key=lambda s: (s.funksjon, tittelorden(s.dokument.tittel)))


def _version_block(handbok: Handbok, dokument: Dokument, story: Versjonsforlop, cell: Celle,
                   bevis: Mapping[str, Bevis]) -> Versjonsblokk:
    questions = {q.id: q.tekst for q in handbok.plan.skjema.sporsmal}
    entries = cell.registrering.hendelser if cell.registrering else ()
    states = dict(cell.tiltak)
    tiltak = [Tiltaksblokk(t, states[t], handbok.rolle_tittel(t.ansvarlig), _evidence(entries, H.TILTAK, t, bevis),
                           _evidence(entries, H.TILTAK_LUKKET, t, bevis) if t.lukket else None)
              for t in story.tiltak if t in states]
    evaluations = [Evalueringsblokk(e, [(questions.get(q, q), p) for q, p in e.svar.items()], bevis.get(h.nokkel))
                   for h, e in story.evalueringer]
    return Versjonsblokk(story.versjon, dokument.godkjent_per(story.versjon) if story.versjon else None,
                         [Fakta(h, bevis.get(h.nokkel)) for h in story.hendelser], evaluations, tiltak)


def _evidence(entries: tuple[Hendelse, ...], kind: Hendelsestype, tiltak: Tiltak,
              bevis: Mapping[str, Bevis]) -> Bevis | None:
    day = tiltak.opprettet if kind is H.TILTAK else tiltak.lukket
    entry = next((h for h in entries if h.hendelse is kind and h.id == tiltak.id and h.dato == day), None)
    return bevis.get(entry.nokkel) if entry else None


def _tiltak_rows(handbok: Handbok, sted: StedStatus) -> list[Tiltaksrad]:
    rows = [Tiltaksrad(_title(handbok, c.dokument), t, state, handbok.rolle_tittel(t.ansvarlig), c in sted.funksjonsceller)
            for c in (*sted.celler, *sted.funksjonsceller) if c.gjelder for t, state in c.tiltak]
    return sorted(rows, key=lambda r: tittelorden(r.dokument))  # stable: each document's tiltak stay in written order


def _title(handbok: Handbok, dokument_id: str) -> str:
    dokument = handbok.dokument(dokument_id)
    return dokument.tittel if dokument else dokument_id


def _titles(handbok: Handbok, ids: list[str]) -> list[str]:
    return sorted((_title(handbok, i) for i in ids), key=tittelorden)


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


def _receipts(handbok: Handbok, sted_id: str, dag: date) -> StedBekreftelser | None:
    """The receipts as last imported — left out of a document as of a day before that import, which would
    otherwise show counts that did not exist yet (the counts are not kept per day)."""
    importert = handbok.bekreftelser.dato
    return None if importert is not None and importert > dag else sted_bekreftelser(handbok, sted_id)
