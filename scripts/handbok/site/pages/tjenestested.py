"""Tjenestested page: one tjenestested's progress, summary first — and the page with all its routines.

The site page shows the counts and, in full, what needs attention: late, to re-implement, not
evaluated, under way. Routines done or not started are counted there and listed on the site's second
page (`tjenestested_routines_path`), grouped by status, with every evaluation. So the page a leader
opens stays small however many routines the handbook has.
"""

from __future__ import annotations

from dataclasses import dataclass

from ...core.bekreftet import sted_bekreftelser
from ...core.formatting import tittelorden
from ...core.kompetanse import Omradestatus, StedKompetanse, sted_kompetanse
from ...core.model import Dokument, Evaluering, Fase, Handbok, Implementeringsstatus, Rutine
from ...core.statistikk import MINSTE_GRUPPE
from ...core.status import Celle, Status, StedStatus, snitt_per_sporsmal
from .feed import tjenestested_feed_path
from .paths import tjenestested_path, tjenestested_routines_path
from .render import render
from .trend import site_section

S = Implementeringsstatus
NYESTE = 10  # evaluations on the site page; all of them are on the page with all routines
UNDER_ARBEID = (S.PLANLAGT, S.I_GANG)
# The groups of the page with all routines, in the order a leader follows them up.
GRUPPER = (S.MA_OPPDATERES, S.I_GANG, S.PLANLAGT, S.IKKE_STARTET, S.IMPLEMENTERT, S.EVALUERT, S.IKKE_AKTUELT,
           S.GJELDER_IKKE)

Rad = tuple[Celle, Rutine]


@dataclass(frozen=True)
class Evalueringsrad:
    """One evaluation at the tjenestested: the routine, the answers as (score, question) and the note; a score
    None is «vet ikke»."""

    rutine: Dokument
    evaluering: Evaluering
    svar: list[tuple[int | None, str]]


@dataclass(frozen=True)
class Fasetall:
    """How many routines of one phase are late at the tjenestested, and how many of those not started."""

    fase: Fase
    forsinket: int
    ikke_startet: int


@dataclass(frozen=True)
class Gruppe:
    """The routines with one status at the tjenestested, by title."""

    status: Implementeringsstatus
    rader: list[Rad]


def tjenestested_page(handbok: Handbok, status: Status, sted: StedStatus) -> str:
    """Every number comes from `status.beregn_status`, the object `handbok status` prints."""
    rows = _rows(status, sted)
    titles = _titles(status)
    found = list(sted.evalueringer)
    kompetanse = sted_kompetanse(handbok, sted.sted.id)
    return render("sider/tjenestested.md", side=tjenestested_path(sted.sted.id), sted=sted, dato=status.dato,
                  handbok=handbok, alle=tjenestested_routines_path(sted.sted.id),
                  oversikt=[(s, sted.per_status[s]) for s in S.effektive()],
                  forsinket=[(c, r) for c, r in rows if c.forsinket and c.status != S.IKKE_STARTET],
                  forsinket_per_fase=_late_by_phase(rows),
                  ma_oppdateres=[(c, r) for c, r in rows if c.status == S.MA_OPPDATERES],
                  mangler_evaluering=[r for c, r in rows if c.mangler_evaluering],
                  under_arbeid=[(c, r) for c, r in rows if c.status in UNDER_ARBEID],
                  funksjoner=[(c, titles[c.dokument]) for c in sted.funksjonsceller],
                  skjema=handbok.plan.skjema, antall_evalueringer=len(found), snitt=_averages(handbok, found),
                  evalueringer=_evaluation_rows(handbok, titles, found)[:NYESTE],
                  feed=tjenestested_feed_path(sted.sted.id), avvik=site_section(handbok, sted.sted.id),
                  kompetanse=kompetanse, kompetanserader=_competence_rows(handbok, kompetanse),
                  bekreftelser=sted_bekreftelser(handbok, sted.sted.id),
                  minste_gruppe=MINSTE_GRUPPE, oppfolging=[(c, titles[c.dokument]) for c in (*(c for c, _ in rows), *sted.funksjonsceller)
                              if c.tiltak or c.lav_evaluering])


def tjenestested_routines_page(handbok: Handbok, status: Status, sted: StedStatus) -> str:
    """Every routine at the tjenestested, grouped by status, and every evaluation."""
    rows = _rows(status, sted)
    groups = [g for g in (Gruppe(s, [(c, r) for c, r in rows if c.status == s]) for s in GRUPPER) if g.rader]
    groups = [Gruppe(g.status, sorted(g.rader, key=_late_first)) if g.status == S.IKKE_STARTET else g for g in groups]
    evaluations = _evaluation_rows(handbok, _titles(status), list(sted.evalueringer))
    sections = [(f"{g.status.tekst} ({len(g.rader)})", str(g.status)) for g in groups]
    if evaluations:
        sections.append((f"Evalueringer ({len(evaluations)})", "evalueringer"))
    return render("sider/tjenestested_alle.md", side=tjenestested_routines_path(sted.sted.id), sted=sted,
                  dato=status.dato, stedside=tjenestested_path(sted.sted.id), grupper=groups, seksjoner=sections,
                  skjema=handbok.plan.skjema, evalueringer=evaluations)


def _late_by_phase(rows: list[Rad]) -> list[Fasetall]:
    """Late routines counted per phase, earliest deadline first: with many routines not started in a phase
    whose deadline has passed, the site page counts those and lists the ones under way."""
    late: dict[str, list[Celle]] = {}
    phases: dict[str, Fase] = {}
    for celle, _ in rows:
        if celle.forsinket and celle.fase is not None and not celle.reimplementering:
            late.setdefault(celle.fase.id, []).append(celle)
            phases[celle.fase.id] = celle.fase
    return [Fasetall(phases[key], len(cells), sum(1 for c in cells if c.status == S.IKKE_STARTET))
            for key, cells in sorted(late.items(), key=lambda item: (phases[item[0]].frist, item[0]))]


def _titles(status: Status) -> dict[str, Dokument]:
    """Every document a site's cells and evaluations name: the routines and the role descriptions in the plan."""
    titles: dict[str, Dokument] = {r.rutine.id: r.rutine for r in status.rutiner}
    titles.update({f.funksjon.id: f.funksjon for f in status.funksjoner})
    return titles


def _rows(status: Status, sted: StedStatus) -> list[Rad]:
    routines = {r.rutine.id: r.rutine for r in status.rutiner}
    return sorted(((c, routines[c.dokument]) for c in sted.celler), key=lambda row: tittelorden(row[1].tittel))


def _late_first(row: Rad) -> bool:
    return not row[0].forsinket  # sorted() is stable: by title within the late and the rest


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
