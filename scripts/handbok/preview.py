"""Preview: after a saved file, make again only the page groups the change reaches (`handbok forhandsvis`).

The first build of a session makes every page, as `handbok bygg` does. Every later one compares the new
model with the one the pages were last made from: a routine whose body alone changed gets its own
pages and the search word list; a changed title, status or other front matter also reaches the lists
(overview, tjenestested and role pages) and every page whose text names the old or the new title;
anything else — the plan, handbok.yaml, docs/, mkdocs.yml, a new commit, a new or removed document, a
new day — makes everything again. Only the pages that differ from what is on disk are written, so
MkDocs' dirty build renders only those.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path
from typing import Iterable, Mapping

from . import git
from .audit import read_kilde
from .build import Generert, PageInput, edition, page_input, static_assets
from .cache import Cache
from .checks import CheckResult, check_repository
from .history import endret_siden
from .loading import DOCS, PLAN, SETTINGS
from .model import Funksjon, Handbok, Rutine
from .pages import (GitData, Pages, Sidegrupper, onskede_versjoner, rolle_gruppe, rutine_gruppe, write_changed,
                    write_pages)
from .pages.paths import routine_path
from .postbuild.offline import UTGAVE
from .status import beregn_status

CONFIG_FILES = (PLAN, SETTINGS, "mkdocs.yml")
Stempel = tuple[int, int]  # a file's modification time (ns) and size


@dataclass(frozen=True)
class Tilstand:
    """What the pages on disk were last made from, and which group made which page."""

    made: PageInput
    today: date
    head: str | None
    filer: Mapping[str, Stempel]
    sider: Mapping[str, frozenset[str]]  # group -> the paths it made


class Forhandsvisning:
    """Remembers the last good generation of one preview session; `generate` brings docs_dir up to date."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.cache = Cache.for_repository(root)
        self.tilstand: Tilstand | None = None

    def generate(self, today: date, docs_dir: Path) -> Generert:
        result = check_repository(self.root, today, self.cache)
        self.cache.save()
        if result.antall_feil:  # the last good pages stay, and so does what they were made from
            return Generert(result, 0, 0)
        before, head, filer = self.tilstand, git.head_sha(self.root), stamps(self.root)
        same_base = before is not None and (before.today, before.head, before.filer) == (today, head, filer)
        groups = groups_to_make(before.made.result.handbok, result.handbok) if before and same_base else None
        if before is None or groups is None:
            made = page_input(self.root, today, self.cache)
            sider = Sidegrupper(made.result.handbok, made.status, made.git, today, self.root / DOCS)
            grupper = {gruppe: sider.lag(gruppe) for gruppe in sider.grupper()}
            pages: Pages = {rel: text for group in grupper.values() for rel, text in group.items()}
            written = write_pages({**pages, **static_assets(), UTGAVE: edition(today)}, docs_dir)
            self.tilstand = Tilstand(made, today, head, filer, {g: frozenset(p) for g, p in grupper.items()})
            return Generert(result, len(pages), written)
        made = self._update(before, result, today, groups)
        sider = Sidegrupper(made.result.handbok, made.status, made.git, today, self.root / DOCS)
        grupper = {gruppe: sider.lag(gruppe) for gruppe in groups}
        written = write_groups(grupper, before.sider, docs_dir)
        self.tilstand = Tilstand(made, today, head, filer,
                                 {**before.sider, **{g: frozenset(p) for g, p in grupper.items()}})
        return Generert(result, sum(len(p) for p in grupper.values()), written)

    def _update(self, before: Tilstand, result: CheckResult, today: date, groups: set[str]) -> PageInput:
        """The new status, with the git history kept and the diffs of the changed routines read again."""
        handbok = result.handbok
        status = beregn_status(handbok, today)
        changed = {handbok.rutiner[g.partition(":")[2]].fil for g in groups if g.startswith("rutine:")}
        wanted = {fil: versions for fil, versions in onskede_versjoner(status).items() if fil in changed}
        old = before.made.git
        sammenligninger = {key: value for key, value in old.sammenligninger.items() if key[0] not in changed}
        sammenligninger.update(endret_siden(self.root, old.historikk, wanted))
        kilde = read_kilde(self.root)
        if kilde != old.kilde:  # the audit documents tell whether the files have unsaved changes
            groups.add(Sidegrupper.STEDER)
        return PageInput(result, status, GitData(old.historikk, sammenligninger, kilde))


def stamps(root: Path) -> dict[str, Stempel]:
    """Modification time and size of every source file that is not a routine or a role description:
    when one of them changes, the preview makes every page again."""
    paths = [root / name for name in CONFIG_FILES]
    docs = root / DOCS
    paths += sorted(p for p in docs.rglob("*") if p.is_file()) if docs.is_dir() else []
    found: dict[str, Stempel] = {}
    for path in paths:
        if path.is_file():
            info = path.stat()
            found[path.relative_to(root).as_posix()] = (info.st_mtime_ns, info.st_size)
    return found


def groups_to_make(before: Handbok, after: Handbok) -> set[str] | None:
    """The page groups a change of routines and role descriptions reaches; None when every page must be
    made again (the plan or the settings changed, or a document came or went)."""
    if (before.plan, before.innstillinger) != (after.plan, after.innstillinger) \
            or before.rutiner.keys() != after.rutiner.keys() or before.funksjoner.keys() != after.funksjoner.keys():
        return None
    rutiner = [(before.rutiner[i], r) for i, r in after.rutiner.items() if before.rutiner[i] != r]
    funksjoner = [(before.funksjoner[i], f) for i, f in after.funksjoner.items() if before.funksjoner[i] != f]
    if not rutiner and not funksjoner:
        return set()
    groups = {Sidegrupper.SOK, *(rutine_gruppe(r.id) for _, r in rutiner), *(rolle_gruppe(f.id) for _, f in funksjoner)}
    meta_rutiner = {new.id for old, new in rutiner if replace(old, tekst=new.tekst) != new}
    meta_roller = {new.id for old, new in funksjoner if replace(old, tekst=new.tekst) != new}
    if meta_rutiner or meta_roller:
        # The lists show titles, statuses and versions; every role page lists routines.
        groups |= {Sidegrupper.OVERSIKT, Sidegrupper.STEDER, *map(rolle_gruppe, after.funksjoner)}
    groups |= {rutine_gruppe(r.id) for r in after.rutiner.values()
               if r.erstattet_av in meta_rutiner or meta_roller & {r.eier, *r.ansvar}}
    titles = _renamed(rutiner, funksjoner)
    groups |= {rutine_gruppe(r.id) for r in after.rutiner.values() if _names(r.tekst, titles)}
    groups |= {rolle_gruppe(f.id) for f in after.funksjoner.values() if _names(f.tekst, titles)}
    return groups


def _renamed(rutiner: Iterable[tuple[Rutine, Rutine]], funksjoner: Iterable[tuple[Funksjon, Funksjon]]) -> set[str]:
    """Old and new titles of the documents whose title or page moved: a text that names one of them may
    link it (pages.mentions), so its page must be made again."""
    titles: set[str] = set()
    for old, new in rutiner:
        if (old.tittel, routine_path(old), old.dokumentstatus) != (new.tittel, routine_path(new), new.dokumentstatus):
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
