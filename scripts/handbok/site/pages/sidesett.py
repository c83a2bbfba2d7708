"""Page set: every file of the site as a `Side` that knows its address, what it is made from and what it reads.

`sider` is the one list of them: `handbok bygg`, the MkDocs plugin and the preview all make the site
from it, so they cannot disagree on which pages there are. A page's reads are declared here, beside
the call that makes it, in the parts of `deler`; the preview makes a page again when a change touches
one of them and knows nothing else about pages. A new kind of page declares what it reads (or, by
default, `deler.ALT`: everything), and the preview keeps it up to date without a change of its own.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import cached_property, partial
from pathlib import Path
from typing import Callable, Iterable, Iterator

from ...checks.filer import publiseres
from ...checks.vedlegg import publiserte_vedlegg
from ...core.bekreftet import sted_bekreftelser
from ...core.historikk import per_dato
from ...core.model import Funksjon, Handbok, Rutine, Versjon
from ...core.status import RutineStatus, Status, StedStatus, beregn_status, status_csv
from ...core.trend import RutineTrend, avvikstrender
from ...reports.audit import Kilde, audit_html
from ...source.history import Historikk
from ...source.ledger import site_file
from ...source.loading import PLAN as PLANFIL, published_below
from ..postbuild.offline import UTGAVE
from . import changes, feed, front, indexes, search, status_overview
from .deler import (ALT, DATO, HISTORIKK, INNSTILLINGER, KILDE, METADATA, MODELLEN, PLAN, STATISTIKK, STATUSEN, STI,
                    TEKST, Del, Leser, Slag, metadata, tekst)
from .diff import Sammenligninger, diff_page, eldre_versjoner
from .filer import edition, static_assets
from .mentions import Omtaler, omtaler
from .paths import (audit_path, diff_path, role_path, routine_path, tjenestested_path, tjenestested_routines_path,
                    trend_path)
from .related import DOCS as DOCS_PREFIX, Koblinger, koblinger
from .role import lighter_role_page, role_page
from .routine import routine_page
from .tjenestested import tjenestested_page, tjenestested_routines_page
from .trend import trend_svg

Innhold = str | bytes


@dataclass(frozen=True)
class GitData:
    """What the pages show from git: every file's history, the text diffs behind "Hva er endret?"
    (history.endret_siden for onskede_versjoner) and the commit the site is built from."""

    historikk: Historikk
    sammenligninger: Sammenligninger
    kilde: Kilde


@dataclass(frozen=True, eq=False)
class Side:
    """One file of the site: where it goes, how it is made, what it is made from and what it reads."""

    adresse: str  # where it is written in the build folder, and where links to it point (paths.py)
    lag: Callable[[], Innhold]
    kilde: tuple[str, ...] = ()  # the handbook files it presents: made first after one of them is saved
    leser: Leser = ALT  # what it reads: a change to any of it makes the page again (unsaid: everything)
    forgrunn: bool = False  # made at once even when the rest waits for a quiet moment: the search and the lists
    fra_handboka: bool = True  # False: the tool's own files and the build's stamp, the same for every handbook


class Grunnlag:
    """What the pages are made from — the model, its status, git, the date, docs/ and the attachments — and
    what many pages share, made once, when the first page needs it."""

    def __init__(self, handbok: Handbok, status: Status, git: GitData, today: date, docs: Path,
                 root: Path | None = None) -> None:
        self.handbok, self.status, self.git, self.today, self.docs = handbok, status, git, today, docs
        self.root = root  # where the attachments are; None: none

    @cached_property
    def koblet(self) -> Koblinger:
        return koblinger(self.handbok)

    @cached_property
    def nevnt(self) -> Omtaler:
        return omtaler(self.handbok)

    @cached_property
    def nyheter(self) -> list[front.Nyhet]:  # once: every role page and every feed picks from the same list
        return front.nyheter(self.handbok)

    @cached_property
    def skrevet(self) -> dict[str, Innhold]:
        """docs/ with its links to handbook files moved to where the site keeps them (path below docs/ -> text)."""
        return {rel: self.koblet.tekst(text, f"{DOCS_PREFIX}{rel}", rel) if isinstance(text, str) else text
                for rel, text in _hand_written(self.docs).items()}

    @cached_property
    def rutine_status(self) -> dict[str, RutineStatus]:
        return {rs.rutine.id: rs for rs in self.status.rutiner}

    @cached_property
    def trender(self) -> list[RutineTrend]:
        return avvikstrender(self.handbok)

    @cached_property
    def per_dag(self) -> tuple[Handbok, Status]:
        """The handbook as it was on the status's day (the versions in force, the history dated by then) and its
        status: what the audit documents show, as `handbok tilsyn` does. On the real build day it is the
        handbook as it is, and its status is the one already derived."""
        handbok = per_dato(self.handbok, self.status.dato)
        return handbok, self.status if handbok == self.handbok else beregn_status(handbok, self.status.dato)

    @cached_property
    def vedlegg(self) -> dict[str, Path]:
        """Each published attachment's repository-relative path and where it is on disk."""
        root = self.root
        return {sti.relative_to(root).as_posix(): sti for sti in publiserte_vedlegg(root)} if root else {}


def sider(g: Grunnlag) -> dict[str, Side]:
    """Every file of the site by address. The hand-written pages come first: a generated page of the same
    address (the front page) takes their place."""
    found: dict[str, Side] = {}
    for kind in SIDETYPER:
        found.update((side.adresse, side) for side in kind(g))
    return found


def lag_alle(sett: Iterable[Side]) -> dict[str, Innhold]:
    return {side.adresse: side.lag() for side in sett}


def leser(*deler: Del | Iterable[Del], tekster: tuple[str, ...] = ()) -> Leser:
    """A page's reads from parts and sets of parts."""
    flat = {d for part in deler for d in ((part,) if isinstance(part, Del) else part)}
    return Leser(frozenset(flat), tekster)


# --- the pages, kind by kind -----------------------------------------------------------------------


def _skrevne(g: Grunnlag) -> Iterator[Side]:
    """docs/ as it is, its Markdown pages marked for the search index; its links lead to where the site keeps
    each file, so they read where every page is."""
    for rel, text in g.skrevet.items():
        fil = f"{DOCS_PREFIX}{rel}"
        make: Callable[[], Innhold] = partial(_as_is, text)
        if isinstance(text, str) and rel.endswith(".md"):
            make = partial(search.searchable, text)
        yield Side(rel, make, kilde=(fil,), leser=leser(Del(Slag.DOCS, fil), STI))


def _vedlegg(g: Grunnlag) -> Iterator[Side]:
    """The attachments at the same path as in the handbook (only what the second wall lets through)."""
    for fil, sti in g.vedlegg.items():
        yield Side(fil, sti.read_bytes, kilde=(fil,), leser=leser(Del(Slag.VEDLEGG, fil)))


def _egne_filer(g: Grunnlag) -> Iterator[Side]:
    """Our CSS and JS, the same for every handbook, and the build's date for the offline copy."""
    for adresse, text in static_assets().items():
        yield Side(adresse, partial(_as_is, text), leser=Leser(), fra_handboka=False)
    yield Side(UTGAVE, lambda: edition(g.today), leser=leser(DATO), fra_handboka=False)


def _oversikt(g: Grunnlag) -> Iterator[Side]:
    """The front page (the hand-written intro with the generated parts), the lists and the latest changes."""
    handbok, status = g.handbok, g.status
    intro = f"{DOCS_PREFIX}{front.FORSIDE}"

    def front_page() -> str:
        text = g.skrevet.get(front.FORSIDE)
        return front.front_page(handbok, status, text if isinstance(text, str) else None)

    yield Side(front.FORSIDE, front_page, kilde=(intro,), leser=leser(STATUSEN, Del(Slag.DOCS, intro), STI),
               forgrunn=True)
    lists: dict[str, Callable[[], str]] = {
        indexes.RUTINER: lambda: indexes.routine_index(handbok), indexes.ROLLER: lambda: indexes.role_index(handbok),
        indexes.STEDER: lambda: indexes.tjenestested_index(status),
        indexes.ARKIV: lambda: indexes.archive_index(handbok)}
    for adresse, make in lists.items():
        yield Side(adresse, make, leser=leser(MODELLEN), forgrunn=True)
    yield Side(changes.ENDRINGER, lambda: changes.changes_page(handbok, g.git.historikk),
               leser=leser(METADATA, HISTORIKK), forgrunn=True)


def _sok(g: Grunnlag) -> Iterator[Side]:
    """The search page, its word list (titles, summaries and headings, the hand-written pages' too) and synonyms."""
    def words() -> str:
        written = [text for rel, text in g.skrevet.items() if isinstance(text, str) and rel != front.FORSIDE]
        return search.word_list_file(g.handbok, written)

    yield Side(search.SOK, search.search_page, leser=Leser(), forgrunn=True)
    yield Side(search.ORD, words, leser=leser(TEKST, METADATA, Del(Slag.DOCS), STI, INNSTILLINGER), forgrunn=True)
    yield Side(search.SYNONYMER, lambda: search.synonyms_file(g.handbok), leser=leser(INNSTILLINGER), forgrunn=True)


def _status(g: Grunnlag) -> Iterator[Side]:
    """The status overview, every routine in numbers, the CSV and the chart; a deviation chart per routine × site."""
    status, reads = g.status, leser(STATUSEN)
    yield Side(status_overview.STATUS, partial(_status_page, g), leser=leser(MODELLEN))  # with «lest og forstått»
    yield Side(status_overview.RUTINER, lambda: status_overview.status_routines_page(status), leser=reads)
    yield Side(status_overview.CSV, lambda: status_csv(status).encode("utf-8"), leser=reads)
    yield Side(status_overview.SVG, lambda: status_overview.status_svg(status), leser=reads)
    for trend in g.trender:
        for sted in trend.steder:
            yield Side(trend_path(trend.rutine.id, sted.sted.id), partial(trend_svg, trend, sted),
                       leser=leser(STATISTIKK, METADATA, PLAN))


def _status_page(g: Grunnlag) -> str:
    lest = [b for s in g.status.steder if (b := sted_bekreftelser(g.handbok, s.sted.id)) is not None]
    return status_overview.status_page(g.status, lest)


def _rutiner(g: Grunnlag) -> Iterator[Side]:
    """Each routine's page, and its "Hva er endret?" page for each older version a tjenestested has recorded."""
    for rutine in g.handbok.rutiner.values():
        yield Side(routine_path(rutine), partial(_routine, g, rutine), kilde=(rutine.fil,),
                   leser=_routine_reads(g, rutine))
        rutine_status = g.rutine_status.get(rutine.id)  # only a routine in force has a status
        for versjon, sted_ids in eldre_versjoner(rutine_status).items() if rutine_status else ():
            yield Side(diff_path(rutine, versjon), partial(_diff, g, rutine, versjon, sted_ids), kilde=(rutine.fil,),
                       leser=leser(tekst(rutine.id), metadata(rutine.id), PLAN, DATO, HISTORIKK))


def _routine(g: Grunnlag, rutine: Rutine) -> str:
    return routine_page(g.handbok, g.status, g.git.historikk, rutine, g.today, g.nevnt, g.koblet)


def _routine_reads(g: Grunnlag, rutine: Rutine) -> Leser:
    """Its own text and front matter, the title of every document it names or that names it («Brukes av»),
    its status row, the plan's sites, the settings, the deviation counts, git, and where every page is (its
    links to other documents); the titles its text names become links."""
    named = {rutine.id, rutine.eier, rutine.utarbeidet_av, rutine.kontrollert_av, rutine.erstattet_av,
             *rutine.ansvar, *(r.id for r in rutine.relaterte),
             *(r.id for r, _ in g.koblet.brukes_av.get(rutine.id, ()))}
    return leser(tekst(rutine.id), (metadata(d) for d in named if d), PLAN, DATO, INNSTILLINGER, STATISTIKK,
                 HISTORIKK, STI, tekster=(rutine.tekst,))


def _diff(g: Grunnlag, rutine: Rutine, versjon: Versjon, sted_ids: list[str]) -> str:
    steder = [sted for sted_id in sted_ids if (sted := g.handbok.plan.sted(sted_id))]
    return diff_page(rutine, versjon, steder, g.git.historikk, g.git.sammenligninger.get((rutine.fil, str(versjon))))


def _roller(g: Grunnlag) -> Iterator[Side]:
    """A page per funksjonsbeskrivelse, and per lighter role from handbok.yaml that has none. Both list the
    routines where the role has a part, so they read every document's front matter; the receipt link
    («lest og forstått») names the sites where a role description applies, from the plan."""
    for funksjon in g.handbok.funksjoner.values():
        yield Side(role_path(funksjon.id), partial(_role, g, funksjon), kilde=(funksjon.fil,),
                   leser=leser(tekst(funksjon.id), METADATA, PLAN, INNSTILLINGER, DATO, STI,
                               tekster=(funksjon.tekst,)))
    for rolle in g.handbok.innstillinger.roller.values():
        if rolle.id not in g.handbok.funksjoner:
            yield Side(role_path(rolle.id), partial(lighter_role_page, g.handbok, rolle, g.nevnt),
                       leser=leser(METADATA, INNSTILLINGER))


def _role(g: Grunnlag, funksjon: Funksjon) -> str:
    return role_page(g.handbok, funksjon, g.nevnt, g.nyheter, g.today, g.koblet)


def _steder(g: Grunnlag) -> Iterator[Side]:
    """Per tjenestested: what needs attention, and every routine by status."""
    for sted in g.status.steder:
        yield Side(tjenestested_path(sted.sted.id), partial(tjenestested_page, g.handbok, g.status, sted),
                   kilde=(PLANFIL,), leser=leser(MODELLEN))
        yield Side(tjenestested_routines_path(sted.sted.id),
                   partial(tjenestested_routines_page, g.handbok, g.status, sted), kilde=(PLANFIL,),
                   leser=leser(MODELLEN))


def _feeds(g: Grunnlag) -> Iterator[Side]:
    """Per role and per tjenestested, the approved changes that concern it."""
    for funksjon in g.handbok.funksjoner.values():
        yield Side(feed.role_feed_path(funksjon.id), partial(_role_feed, g, funksjon),
                   leser=leser(METADATA, INNSTILLINGER, DATO))
    for sted in g.status.steder:
        yield Side(feed.tjenestested_feed_path(sted.sted.id), partial(_site_feed, g, sted),
                   leser=leser(STATUSEN, INNSTILLINGER))


def _role_feed(g: Grunnlag, funksjon: Funksjon) -> str:
    return feed.role_feed(g.handbok, g.nyheter, funksjon, g.today)


def _site_feed(g: Grunnlag, sted: StedStatus) -> str:
    return feed.tjenestested_feed(g.handbok, g.nyheter, sted, g.today)


def _tilsyn(g: Grunnlag) -> Iterator[Side]:
    """Each tjenestested's audit evidence (`handbok tilsyn`), which also tells whether files have unsaved changes."""
    for sted in g.status.steder:
        yield Side(audit_path(sted.sted.id), partial(_audit, g, sted.sted.id), kilde=(PLANFIL, site_file(sted.sted.id)),
                   leser=leser(MODELLEN, KILDE))


def _audit(g: Grunnlag, sted_id: str) -> str:
    handbok, status = g.per_dag
    return audit_html(handbok, status, sted_id, g.git.kilde)


def _as_is(content: Innhold) -> Innhold:
    return content


# Every kind of page, in the order they are made; a new kind is added here and nowhere else.
SIDETYPER: tuple[Callable[[Grunnlag], Iterable[Side]], ...] = (
    _skrevne, _vedlegg, _egne_filer, _oversikt, _sok, _status, _rutiner, _roller, _steder, _feeds, _tilsyn)


def _hand_written(source_docs: Path) -> dict[str, Innhold]:
    """docs/ as the site publishes it: Markdown as text (so it can be composed), the other files (pictures,
    forms) as bytes — only what `publiseres` lets through: no symbolic link, no type off the allow-list."""
    root = source_docs.parent
    return {path.relative_to(source_docs).as_posix(): path.read_text(encoding="utf-8") if path.suffix == ".md"
            else path.read_bytes() for path in published_below(root, source_docs.name)
            if path.suffix == ".md" or publiseres(root, path)}
