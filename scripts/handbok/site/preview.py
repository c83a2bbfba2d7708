"""Preview: after a saved file, make again only the page groups the change reaches (`handbok forhandsvis`).

The first build of a session makes every page, as `handbok bygg` does. Every later one compares the new
model with the one the pages were last made from: a routine whose body alone changed gets its own
pages and the search word list; a changed title, status or other front matter also reaches the lists
(overview, tjenestested and role pages) and every page whose text names the old or the new title;
anything else — the plan, handbok.yaml, docs/, mkdocs.yml, a new commit, a new or removed document, a
new day — makes everything again. Only the pages that differ from what is on disk are written, so
MkDocs' dirty build renders only those. With `i_bakgrunnen` (under a server), the edited documents'
own pages, the search words and the lists are made before the build; the rest a change reaches (other
pages naming a new title, role pages, feeds, the status matrix, tjenestested pages and audit documents,
slow to make at many sites) in a thread after it, followed by a build of their own, so the edited page
is shown first.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path
from typing import Callable, Iterable, Mapping

from ..checks.run import CheckResult, check_repository
from ..checks.vedlegg import MAPPE as VEDLEGG, vedlegg_sider
from ..core.model import Funksjon, Handbok, Rutine
from ..core.status import beregn_status
from ..reports.audit import Kilde, read_kilde
from ..source import git
from ..source.cache import Cache
from ..source.history import endret_siden
from ..source.loading import DOCS, HISTORIKK, PLAN, SETTINGS, STATISTIKK
from .build import Generert, PageInput, edition, page_input, static_assets
from .pages import (GitData, Pages, Sidegrupper, onskede_versjoner, rolle_gruppe, rutine_gruppe, sted_gruppe,
                    tilsyn_gruppe, write_changed, write_pages)
from .pages.paths import routine_path
from .postbuild.offline import UTGAVE

CONFIG_FILES = (PLAN, SETTINGS, "mkdocs.yml", *STATISTIKK)
FIRST = frozenset({Sidegrupper.SOK, Sidegrupper.OVERSIKT})  # made before the build, with the edited documents
Stempel = tuple[int, int]  # a file's modification time (ns) and size


@dataclass(frozen=True)
class Tilstand:
    """What the pages on disk were last made from."""

    made: PageInput
    today: date
    head: str | None
    filer: Mapping[str, Stempel]


class Forhandsvisning:
    """Remembers the last good generation of one preview session; `generate` brings docs_dir up to date.

    With `i_bakgrunnen`, `generate` makes only the edited documents' groups and FIRST; `make_later`
    makes the rest in a thread after the build. The next `generate` stops that thread and takes over
    whatever it had not made yet."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.cache = Cache.for_repository(root)
        self.tilstand: Tilstand | None = None
        self.sider: dict[str, frozenset[str]] = {}  # group -> the paths it made last
        self.ventende: set[str] = set()  # groups to make after the build
        self.i_bakgrunnen = False
        self._later: tuple[Sidegrupper, Path] | None = None
        self._stop = threading.Event()
        self._arbeid: threading.Thread | None = None

    def generate(self, today: date, docs_dir: Path) -> Generert:
        self.stop_later()
        result = check_repository(self.root, today, self.cache)
        if result.antall_feil:  # the last good pages stay, and so does what they were made from
            return Generert(result, 0, 0)
        before, head, filer = self.tilstand, git.head_sha(self.root), stamps(self.root)
        same_base = before is not None and (before.today, before.head, before.filer) == (today, head, filer)
        reach = reach_of(before.made.result.handbok, result.handbok) if before and same_base else None
        if before is None or reach is None:
            return self._everything(result, today, head, filer, docs_dir)
        kilde = read_kilde(self.root)
        if not reach.grupper and not self.ventende and kilde == before.made.git.kilde:
            return Generert(result, 0, 0)  # the build the pages made after the last one asked for
        made = self._update(before, result, reach, kilde)
        self.tilstand = Tilstand(made, today, head, filer)
        sider = Sidegrupper(made.result.handbok, made.status, made.git, today, self.root / DOCS)
        groups = {*reach.grupper, *self.ventende}  # what the last thread did not make, made from the newest files
        if kilde != before.made.git.kilde:  # the audit documents tell whether the files have unsaved changes
            groups |= {tilsyn_gruppe(s.sted.id) for s in made.status.steder}
        later = groups - reach.egne - FIRST if self.i_bakgrunnen else set()
        grupper = {gruppe: sider.lag(gruppe) for gruppe in groups - later}
        written = self._write(grupper, docs_dir)
        self.ventende, self._later = later, (sider, docs_dir)
        return Generert(result, sum(len(p) for p in grupper.values()), written)

    def _everything(self, result: CheckResult, today: date, head: str | None, filer: Mapping[str, Stempel],
                    docs_dir: Path) -> Generert:
        made = page_input(self.root, today, self.cache)
        sider = Sidegrupper(made.result.handbok, made.status, made.git, today, self.root / DOCS)
        grupper = {gruppe: sider.lag(gruppe) for gruppe in sider.grupper()}
        pages: Pages = {rel: text for group in grupper.values() for rel, text in group.items()}
        written = write_pages({**pages, **vedlegg_sider(self.root), **static_assets(), UTGAVE: edition(today)}, docs_dir)
        self.tilstand = Tilstand(made, today, head, filer)
        self.sider, self.ventende = {g: frozenset(p) for g, p in grupper.items()}, set()
        self.cache.save()  # the next `handbok sjekk` is warm; later builds save when the preview stops
        return Generert(result, len(pages), written)

    def _update(self, before: Tilstand, result: CheckResult, reach: Rekkevidde, kilde: Kilde) -> PageInput:
        """The new status (the old one when no front matter changed), with the git history kept and the
        diffs of the changed routines read again."""
        handbok = result.handbok
        status = beregn_status(handbok, before.today) if reach.metadata else before.made.status
        changed = {handbok.rutiner[g.partition(":")[2]].fil for g in reach.egne if g.startswith("rutine:")}
        wanted = {fil: versions for fil, versions in onskede_versjoner(status).items() if fil in changed}
        old = before.made.git
        sammenligninger = {key: value for key, value in old.sammenligninger.items() if key[0] not in changed}
        sammenligninger.update(endret_siden(self.root, old.historikk, wanted))
        return PageInput(result, status, GitData(old.historikk, sammenligninger, kilde))

    def _write(self, grupper: Mapping[str, Pages], docs_dir: Path) -> int:
        written = write_groups(grupper, self.sider, docs_dir)
        self.sider.update({g: frozenset(p) for g, p in grupper.items()})
        return written

    def make_later(self, done: Callable[[int], None]) -> None:
        """Make the waiting groups in a thread; `done(files written)` when all are made, not when stopped."""
        if not self.ventende or self._later is None:
            return
        sider, docs_dir = self._later

        def work() -> None:
            written = 0
            for gruppe in sorted(self.ventende):
                if self._stop.is_set():
                    return
                written += self._write({gruppe: sider.lag(gruppe)}, docs_dir)
                self.ventende.discard(gruppe)
            done(written)

        self._arbeid = threading.Thread(target=work, name="handbok-forhandsvisning", daemon=True)
        self._arbeid.start()

    def close(self) -> None:
        self.stop_later()
        self.cache.save()

    def stop_later(self) -> None:
        """Stop the thread after the group it is making; what it did not make stays in `ventende`."""
        if self._arbeid is not None:
            self._stop.set()
            self._arbeid.join()
            self._arbeid = None
            self._stop.clear()


def stamps(root: Path) -> dict[str, Stempel]:
    """Modification time and size of every source file that is not a routine or a role description (the
    plan, the sites' histories, the settings, the imported statistics, docs/ and the attachments): when one of
    them changes, the preview makes every page again."""
    paths = [root / name for name in CONFIG_FILES]
    for folder in (root / HISTORIKK, root / DOCS, root / VEDLEGG):
        paths += sorted(p for p in folder.rglob("*") if p.is_file()) if folder.is_dir() else []
    found: dict[str, Stempel] = {}
    for path in paths:
        if path.is_file():
            info = path.stat()
            found[path.relative_to(root).as_posix()] = (info.st_mtime_ns, info.st_size)
    return found


@dataclass(frozen=True)
class Rekkevidde:
    """What a change of routines and role descriptions reaches: the page groups of the edited documents,
    every group to make again (theirs included), and whether any front matter changed."""

    egne: frozenset[str]
    grupper: frozenset[str]
    metadata: bool


def reach_of(before: Handbok, after: Handbok) -> Rekkevidde | None:
    """The page groups a change of routines and role descriptions reaches; None when every page must be
    made again (the plan or the settings changed, or a document came or went)."""
    if (before.plan, before.innstillinger) != (after.plan, after.innstillinger) \
            or before.rutiner.keys() != after.rutiner.keys() or before.funksjoner.keys() != after.funksjoner.keys():
        return None
    rutiner = [(before.rutiner[i], r) for i, r in after.rutiner.items() if before.rutiner[i] != r]
    funksjoner = [(before.funksjoner[i], f) for i, f in after.funksjoner.items() if before.funksjoner[i] != f]
    if any(routine_path(old) != routine_path(new) for old, new in rutiner):
        return None  # a routine moved to or from the archive: every link to it, in any text, moves with it
    egne = frozenset({*(rutine_gruppe(r.id) for _, r in rutiner), *(rolle_gruppe(f.id) for _, f in funksjoner)})
    if not egne:
        return Rekkevidde(egne, egne, False)
    groups = {*egne, Sidegrupper.SOK}
    meta_rutiner = {new.id for old, new in rutiner if replace(old, tekst=new.tekst) != new}
    meta_roller = {new.id for old, new in funksjoner if replace(old, tekst=new.tekst) != new}
    changed = meta_rutiner | meta_roller
    if changed:
        # The lists show titles, statuses and versions; every role page lists routines.
        steder = [s.id for s in after.plan.tjenestesteder]
        groups |= {Sidegrupper.OVERSIKT, Sidegrupper.STATUS, Sidegrupper.FEEDS, *map(rolle_gruppe, after.funksjoner),
                   *map(rolle_gruppe, after.innstillinger.roller), *map(sted_gruppe, steder), *map(tilsyn_gruppe, steder)}
    groups |= {rutine_gruppe(r.id) for r in after.rutiner.values()
               if r.erstattet_av in meta_rutiner or meta_roller & {r.eier, *r.ansvar}
               or changed & {relatert.id for relatert in r.relaterte}}
    # «Brukes av»: the documents a changed routine names in its related documents, before and after.
    for old, new in rutiner:
        if new.id not in meta_rutiner:
            continue
        for relatert in {*old.relaterte, *new.relaterte}:
            if relatert.id in after.rutiner:
                groups.add(rutine_gruppe(relatert.id))
            elif relatert.id in after.funksjoner:
                groups.add(rolle_gruppe(relatert.id))
    titles = _renamed(rutiner, funksjoner)
    groups |= {rutine_gruppe(r.id) for r in after.rutiner.values() if _names(r.tekst, titles)}
    groups |= {rolle_gruppe(f.id) for f in after.funksjoner.values() if _names(f.tekst, titles)}
    return Rekkevidde(egne, frozenset(groups), bool(changed))


def _renamed(rutiner: Iterable[tuple[Rutine, Rutine]], funksjoner: Iterable[tuple[Funksjon, Funksjon]]) -> set[str]:
    """Old and new titles of the documents whose title or status changed: a text that names one of them may
    link it (pages.mentions), so its page must be made again. (A move to or from the archive never gets
    here: `reach_of` makes everything again.)"""
    titles: set[str] = set()
    for old, new in rutiner:
        if (old.tittel, old.dokumentstatus) != (new.tittel, new.dokumentstatus):
            titles |= {old.tittel.lower(), new.tittel.lower()}
    for old_f, new_f in funksjoner:
        if old_f.tittel != new_f.tittel:
            titles |= {old_f.tittel.lower(), new_f.tittel.lower()}
    return titles


def _names(text: str, titles: set[str]) -> bool:
    lowered = text.lower()
    return any(title in lowered for title in titles)


def write_groups(grupper: Mapping[str, Pages], before: Mapping[str, frozenset[str]], docs_dir: Path) -> int:
    """Write the pages of the groups made again that differ from disk, and delete those a group no longer makes."""
    written = 0
    for gruppe, pages in grupper.items():
        written += write_changed(pages, docs_dir)
        for rel in before.get(gruppe, frozenset()) - set(pages):
            (docs_dir / rel).unlink(missing_ok=True)
    return written
