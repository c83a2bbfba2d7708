"""Pages: model + status (+ git history) -> plain Markdown pages for the site, independent of the engine.

`generate_pages` returns {relative path: text} for everything the site shows; `write_pages` puts
it into the build folder. The engine (MkDocs + Material today) only renders what is written here,
so switching engine cannot lose a page or a number. Status is never recomputed here: every count
comes from `status.beregn_status`, the one module the CLI uses too. Each page has its own module
(front, indexes, routine, role, tjenestested, status_overview, diff, changes, search, feed) and its own template
under handbok/templates/sider/.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import cached_property
from pathlib import Path
from typing import Callable, Mapping

from ...core.historikk import per_dato
from ...core.model import Handbok, Rutine
from ...core.status import RutineStatus, Status, StedStatus, beregn_status
from ...reports.audit import Kilde, audit_html
from ...source.history import Historikk
from . import changes, feed, front, indexes, search, status_overview
from .diff import Sammenligninger, onskede_versjoner, routine_diff_pages
from .mentions import Omtaler, omtaler
from .paths import audit_path, role_path, routine_path, tjenestested_path, tjenestested_routines_path
from .related import DOCS, Koblinger, koblinger
from .role import lighter_role_page, role_page
from .routine import routine_page
from .status_overview import status_files, status_page
from .tjenestested import tjenestested_page, tjenestested_routines_page
from .trend import trend_files

__all__ = ["GitData", "Pages", "Sidegrupper", "generate_pages", "onskede_versjoner", "rolle_gruppe", "rutine_gruppe",
           "sted_gruppe", "tilsyn_gruppe", "write_changed", "write_pages"]

Pages = dict[str, str | bytes]


@dataclass(frozen=True)
class GitData:
    """What the pages show from git: every file's history, the text diffs behind "Hva er endret?"
    (history.endret_siden for onskede_versjoner) and the commit the site is built from."""

    historikk: Historikk
    sammenligninger: Sammenligninger
    kilde: Kilde


def generate_pages(handbok: Handbok, status: Status, git: GitData, today: date, source_docs: Path) -> Pages:
    """Every page of the site; hand-written files under `source_docs` are included as they are, their
    Markdown pages marked for the search index."""
    sider = Sidegrupper(handbok, status, git, today, source_docs)
    pages: Pages = {}
    for gruppe in sider.grupper():  # the hand-written pages first: a generated page of the same name wins
        pages.update(sider.lag(gruppe))
    return pages


class Sidegrupper:
    """The site's pages in groups that are made one at a time, so a preview can make again only the
    groups a saved file changes: the hand-written pages, the overview pages, the search, one group per
    routine (its page and its "Hva er endret?" pages), one per role (a funksjonsbeskrivelse, or a lighter
    role from handbok.yaml that has none), and per tjenestested its pages and its audit document."""

    SKREVET, OVERSIKT, SOK, STATUS, FEEDS = "skrevet", "oversikt", "sok", "status", "feeds"

    def __init__(self, handbok: Handbok, status: Status, git: GitData, today: date, source_docs: Path) -> None:
        self.handbok, self.status, self.git, self.today, self.source_docs = handbok, status, git, today, source_docs

    def grupper(self) -> list[str]:
        steder = [s.sted.id for s in self.status.steder]
        roller = [*self.handbok.funksjoner, *(r for r in self.handbok.innstillinger.roller
                                              if r not in self.handbok.funksjoner)]
        return [self.SKREVET, self.OVERSIKT, self.SOK, self.STATUS, self.FEEDS, *map(rutine_gruppe, self.handbok.rutiner),
                *map(rolle_gruppe, roller), *map(sted_gruppe, steder), *map(tilsyn_gruppe, steder)]

    def lag(self, gruppe: str) -> Pages:
        kind, _, key = gruppe.partition(":")
        if kind == "rutine":
            return self._routine(self.handbok.rutiner[key])
        if kind == "rolle":
            return {role_path(key): self._role(key)}
        if kind in ("sted", "tilsyn") and key not in self._steder:  # not (or no longer) an active site
            return {}
        if kind == "sted":
            sted = self._steder[key]
            return {tjenestested_path(key): tjenestested_page(self.handbok, self.status, sted),
                    tjenestested_routines_path(key): tjenestested_routines_page(self.handbok, self.status, sted)}
        if kind == "tilsyn":  # as of the status's day, as `handbok tilsyn` shows it
            handbok, status = self._per_dag
            return {audit_path(key): audit_html(handbok, status, key, self.git.kilde)}
        made: Callable[[], Pages] = {self.SKREVET: self._written, self.OVERSIKT: self._overview,
                                     self.SOK: self._search, self.STATUS: self._status, self.FEEDS: self._feeds}[gruppe]
        return made()

    @cached_property
    def _koblet(self) -> Koblinger:
        return koblinger(self.handbok)

    @cached_property
    def _hand_written(self) -> dict[str, str | bytes]:
        """docs/ with its links to handbook files moved to where the site keeps them."""
        return {rel: self._koblet.tekst(text, f"{DOCS}{rel}", rel) if isinstance(text, str) else text
                for rel, text in _hand_written(self.source_docs).items()}

    @cached_property
    def _per_dag(self) -> tuple[Handbok, Status]:
        """The handbook as it was on the status's day (the versions in force, the history dated by then), and its
        status: what the audit documents show. On the real build day it is the handbook as it is."""
        handbok = per_dato(self.handbok, self.status.dato)
        return handbok, beregn_status(handbok, self.status.dato)

    @cached_property
    def _steder(self) -> dict[str, StedStatus]:
        return {s.sted.id: s for s in self.status.steder}

    @cached_property
    def _rutine_status(self) -> dict[str, RutineStatus]:
        return {rs.rutine.id: rs for rs in self.status.rutiner}

    @cached_property
    def _nevnt(self) -> Omtaler:
        return omtaler(self.handbok)

    @cached_property
    def _alle(self) -> list[front.Nyhet]:  # once: every role page and every feed picks from the same list
        return front.nyheter(self.handbok)

    def _written(self) -> Pages:
        return {rel: search.searchable(text) if isinstance(text, str) and rel.endswith(".md") else text
                for rel, text in self._hand_written.items() if rel != front.FORSIDE}

    def _overview(self) -> Pages:
        handbok, status = self.handbok, self.status
        intro = self._hand_written.get(front.FORSIDE)
        pages: Pages = {front.FORSIDE: front.front_page(handbok, status, intro if isinstance(intro, str) else None)}
        pages.update(indexes.index_pages(handbok, status))
        pages[changes.ENDRINGER] = changes.changes_page(handbok, self.git.historikk)
        return pages

    def _status(self) -> Pages:
        pages: Pages = {status_overview.STATUS: status_page(self.status)}
        pages.update(status_files(self.status))
        pages.update(trend_files(self.handbok))
        return pages

    def _feeds(self) -> Pages:
        return dict(feed.feed_pages(self.handbok, self._alle, self.status.steder, self.today))

    def _search(self) -> Pages:
        written = [text for rel, text in self._hand_written.items() if isinstance(text, str) and rel != front.FORSIDE]
        return dict(search.search_pages(self.handbok, written))

    def _routine(self, rutine: Rutine) -> Pages:
        git = self.git
        pages: Pages = {routine_path(rutine): routine_page(self.handbok, self.status, git.historikk, rutine,
                                                           self.today, self._nevnt, self._koblet)}
        rutine_status = self._rutine_status.get(rutine.id)  # only a routine in force has a status
        if rutine_status:
            pages.update(routine_diff_pages(rutine_status, self.status.steder, git.historikk, git.sammenligninger))
        return pages


    def _role(self, rolle_id: str) -> str:
        funksjon = self.handbok.funksjoner.get(rolle_id)
        if funksjon is not None:
            return role_page(self.handbok, funksjon, self._nevnt, self._alle, self.today, self._koblet)
        return lighter_role_page(self.handbok, self.handbok.innstillinger.roller[rolle_id], self._nevnt)


def rutine_gruppe(rutine_id: str) -> str:
    return f"rutine:{rutine_id}"


def rolle_gruppe(rolle_id: str) -> str:
    return f"rolle:{rolle_id}"


def sted_gruppe(sted_id: str) -> str:
    return f"sted:{sted_id}"


def tilsyn_gruppe(sted_id: str) -> str:
    return f"tilsyn:{sted_id}"


def write_pages(pages: Mapping[str, str | bytes], build_dir: Path) -> int:
    """Write only what changed and delete what is no longer generated, so `mkdocs serve`, which
    watches this folder, sees no change after a rebuild and does not loop. Returns files written."""
    build_dir.mkdir(parents=True, exist_ok=True)
    written = write_changed(pages, build_dir)
    _remove_stale(build_dir, set(pages))
    return written


def write_changed(pages: Mapping[str, str | bytes], build_dir: Path) -> int:
    """Write the pages whose file is missing or differs; an unchanged file keeps its time, so a dirty
    build of the engine skips it. Returns files written."""
    written = 0
    for rel, content in pages.items():
        data = content.encode("utf-8") if isinstance(content, str) else content
        target = build_dir / rel
        if target.is_file() and target.read_bytes() == data:
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
        written += 1
    return written


def _remove_stale(build_dir: Path, keep: set[str]) -> None:
    for path in sorted(build_dir.rglob("*"), reverse=True):  # children before their folders
        rel = path.relative_to(build_dir).as_posix()
        if path.is_file() and rel not in keep:
            path.unlink()
        elif path.is_dir() and not any(path.iterdir()):
            path.rmdir()


def _hand_written(source_docs: Path) -> dict[str, str | bytes]:
    """docs/ as it is: Markdown as text (so it can be composed), anything else (images) as bytes."""
    if not source_docs.is_dir():
        return {}
    files: dict[str, str | bytes] = {}
    for path in sorted(source_docs.rglob("*")):
        rel = path.relative_to(source_docs).as_posix()
        if path.is_file() and not any(part.startswith(".") for part in rel.split("/")):
            files[rel] = path.read_text(encoding="utf-8") if path.suffix == ".md" else path.read_bytes()
    return files
