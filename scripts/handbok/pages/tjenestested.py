"""Tjenestested page: one tjenestested's progress — late, to re-implement, every routine, its evaluations."""

from __future__ import annotations

from dataclasses import dataclass

from ..formatting import tittelorden
from ..kompetanse import Omradestatus, StedKompetanse, sted_kompetanse
from ..model import Dokument, Evaluering, Handbok, Implementeringsstatus, Rutine
from ..statistikk import MINSTE_GRUPPE
from ..status import Status, StedStatus, snitt_per_sporsmal
from .render import render
from .feed import tjenestested_feed_path
from .paths import tjenestested_path
from .trend import site_section


@dataclass(frozen=True)
class Evalueringsrad:
    """One evaluation at the tjenestested: the routine, the answers as (score, question) and the note."""

    rutine: Dokument
    evaluering: Evaluering
    svar: list[tuple[int, str]]


def tjenestested_page(handbok: Handbok, status: Status, sted: StedStatus) -> str:
    """Every number comes from `status.beregn_status`, the object `handbok status` prints."""
    titles: dict[str, Dokument] = {r.rutine.id: r.rutine for r in status.rutiner}
    titles.update({f.funksjon.id: f.funksjon for f in status.funksjoner})
    rows = sorted(((c, titles[c.rutine]) for c in sted.celler), key=lambda row: tittelorden(row[1].tittel))
    found = list(sted.evalueringer)
    kompetanse = sted_kompetanse(handbok, sted.sted.id)
    return render("sider/tjenestested.md", side=tjenestested_path(sted.sted.id), sted=sted, dato=status.dato,
                  handbok=handbok, rutiner=rows,
                  forsinket=[(c, r) for c, r in rows if c.forsinket],
                  ma_oppdateres=[(c, r) for c, r in rows if c.status == Implementeringsstatus.MA_OPPDATERES],
                  mangler_evaluering=[r for c, r in rows if c.mangler_evaluering],
                  ikke_aktuelt=[(c, r) for c, r in rows if c.status == Implementeringsstatus.IKKE_AKTUELT],
                  funksjoner=[(c, titles[c.rutine]) for c in sted.funksjonsceller],
                  skjema=handbok.plan.skjema, antall_evalueringer=len(found),
                  snitt=_averages(handbok, found), evalueringer=_evaluation_rows(handbok, titles, found),
                  feed=tjenestested_feed_path(sted.sted.id), avvik=site_section(handbok, sted.sted.id),
                  kompetanse=kompetanse, kompetanserader=_competence_rows(handbok, kompetanse),
                  minste_gruppe=MINSTE_GRUPPE, oppfolging=[(c, r) for c, r in rows if c.tiltak or c.lav_evaluering])


def _averages(handbok: Handbok, found: list[tuple[str, Evaluering]]) -> list[tuple[str, float]]:
    averages = snitt_per_sporsmal(e for _, e in found)
    return [(q.tekst, averages[q.id]) for q in handbok.plan.skjema.sporsmal if q.id in averages]


def _evaluation_rows(handbok: Handbok, titles: dict[str, Dokument],
                     found: list[tuple[str, Evaluering]]) -> list[Evalueringsrad]:
    questions = {q.id: q.tekst for q in handbok.plan.skjema.sporsmal}
    newest_first = sorted(found, key=lambda pair: pair[1].dato, reverse=True)
    return [Evalueringsrad(titles[r], e, [(v, questions.get(k, k)) for k, v in e.svar.items()])
            for r, e in newest_first]


def _competence_rows(handbok: Handbok, kompetanse: StedKompetanse | None) -> list[tuple[Omradestatus, list[Rutine]]]:
    """Each area with the routines it concerns (those in the handbook)."""
    if kompetanse is None:
        return []
    return [(o, [handbok.rutiner[r] for r in o.omrade.rutiner if r in handbok.rutiner]) for o in kompetanse.omrader]
