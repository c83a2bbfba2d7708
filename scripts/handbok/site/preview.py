"""Preview: after a saved file, make again only the pages the change reaches (`handbok forhandsvis`).

The first build of a session makes every page, as `handbok bygg` does. Every later one finds what
changed since the pages on disk were made — the model (`pages.deler.endring`: which document's text
or front matter, the plan, the settings, the imported counts), the date, the commit, and the files
under docs/ and vedlegg/ — and makes again each page that reads a changed part, as the page set
declares (`pages.sidesett`); a page that is new is made, a page that is gone is deleted. Nothing here
knows which page reads what. Only the pages that differ from what is on disk are written, so MkDocs'
dirty build renders only those. With `i_bakgrunnen` (under a server), the pages of the saved files and
the search and the lists (`Side.forgrunn`) are made before the build; the rest a change reaches (other
pages naming a new title, role pages, feeds, the status pages, tjenestested pages and audit documents,
slow to make at many sites) in a thread after it, followed by a build of their own, so the edited page
is shown first.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Callable, Mapping

from ..checks.run import CheckResult, check_repository
from ..checks.vedlegg import MAPPE as VEDLEGG
from ..reports.audit import read_kilde
from ..source import git
from ..source.cache import Cache
from ..source.history import endret_siden
from ..source.loading import DOCS
from .build import Generert, PageInput, antall_sider, grunnlag, input_of, read_git
from .pages import GitData, Side, onskede_versjoner, sider, write_changed, write_pages
from .pages.deler import DATO, HISTORIKK, KILDE, STATUSEN, Endring, Leser, Slag, endring, files_changed

Stempel = tuple[int, int]  # a file's modification time (ns) and size


@dataclass(frozen=True)
class Tilstand:
    """What the pages on disk were last made from, and the pages."""

    made: PageInput
    today: date
    head: str | None
    filer: Mapping[str, Stempel]
    sider: Mapping[str, Side]


class Forhandsvisning:
    """Remembers the last good generation of one preview session; `generate` brings docs_dir up to date.

    With `i_bakgrunnen`, `generate` makes only the saved files' own pages and the ones marked `forgrunn`;
    `make_later` makes the rest in a thread after the build. The next `generate` stops that thread and takes
    over whatever it had not made yet."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.cache = Cache.for_repository(root)
        self.tilstand: Tilstand | None = None
        self.ventende: set[str] = set()  # addresses of the pages to make after the build
        self.i_bakgrunnen = False
        self._later: tuple[Mapping[str, Side], Path] | None = None
        self._stop = threading.Event()
        self._arbeid: threading.Thread | None = None

    def generate(self, today: date, docs_dir: Path) -> Generert:
        self.stop_later()
        result = check_repository(self.root, today, self.cache)
        if result.antall_feil:  # the last good pages stay, and so does what they were made from
            return Generert(result, 0, 0)
        before, head, filer = self.tilstand, git.head_sha(self.root), stamps(self.root)
        if before is None:
            return self._everything(result, today, head, filer, docs_dir)
        change = endring(before.made.result.handbok, result.handbok) | _outside(before, today, head, filer)
        made = self._made(before, result, change, head)
        if made.git.kilde != before.made.git.kilde:  # the audit documents tell whether files have unsaved changes
            change |= Endring(frozenset({KILDE}))
        sett = sider(grunnlag(made, today))
        reached = {adresse for adresse, side in sett.items() if adresse not in before.sider
                   or side.leser.nas_av(change) or before.sider[adresse].leser.nas_av(change)}
        reached |= self.ventende & sett.keys()  # what the last thread did not make, made from the newest files
        later = {a for a in reached if not _first(sett[a], change)} if self.i_bakgrunnen else set()
        written = write_changed({a: sett[a].lag() for a in reached - later}, docs_dir)
        for adresse in before.sider.keys() - sett.keys():
            (docs_dir / adresse).unlink(missing_ok=True)
        self.tilstand = Tilstand(made, today, head, filer, sett)
        self.ventende, self._later = later, (sett, docs_dir)
        return Generert(result, antall_sider(reached - later), written)

    def _everything(self, result: CheckResult, today: date, head: str | None, filer: Mapping[str, Stempel],
                    docs_dir: Path) -> Generert:
        made = input_of(result)
        sett = sider(grunnlag(made, today))
        written = write_pages({adresse: side.lag() for adresse, side in sett.items()}, docs_dir)
        self.tilstand, self.ventende = Tilstand(made, today, head, filer, sett), set()
        self.cache.save()  # the next `handbok sjekk` is warm; later builds save when the preview stops
        return Generert(result, antall_sider(sett), written)

    def _made(self, before: Tilstand, result: CheckResult, change: Endring, head: str | None) -> PageInput:
        """The new status (the one the pages were made from when nothing it reads changed); git read again
        after a new commit, else its history kept and the diffs of the changed documents read again."""
        status = result.status if Leser(STATUSEN).nas_av(change) else before.made.status
        if head != before.head:
            return PageInput(result, status, read_git(self.root, status))
        wanted = {fil: versions for fil, versions in onskede_versjoner(status).items() if fil in change.filer}
        old = before.made.git
        sammenligninger = {key: value for key, value in old.sammenligninger.items() if key[0] not in change.filer}
        sammenligninger.update(endret_siden(self.root, old.historikk, wanted))
        return PageInput(result, status, GitData(old.historikk, sammenligninger, read_kilde(self.root)))

    def make_later(self, done: Callable[[int], None]) -> None:
        """Make the waiting pages in a thread; `done(files written)` when all are made, not when stopped."""
        if not self.ventende or self._later is None:
            return
        sett, docs_dir = self._later

        def work() -> None:
            written = 0
            for adresse in sorted(self.ventende):
                if self._stop.is_set():
                    return
                written += write_changed({adresse: sett[adresse].lag()}, docs_dir)
                self.ventende.discard(adresse)
            done(written)

        self._arbeid = threading.Thread(target=work, name="handbok-forhandsvisning", daemon=True)
        self._arbeid.start()

    def close(self) -> None:
        self.stop_later()
        self.cache.save()

    def stop_later(self) -> None:
        """Stop the thread after the page it is making; what it did not make stays in `ventende`."""
        if self._arbeid is not None:
            self._stop.set()
            self._arbeid.join()
            self._arbeid = None
            self._stop.clear()


def _outside(before: Tilstand, today: date, head: str | None, filer: Mapping[str, Stempel]) -> Endring:
    """What changed outside the model: the date, the commit, and files under docs/ and vedlegg/."""
    parts = {DATO} if today != before.today else set()
    parts |= {HISTORIKK, KILDE} if head != before.head else set()
    changed = {rel for rel in before.filer.keys() | filer.keys() if before.filer.get(rel) != filer.get(rel)}
    docs = {rel for rel in changed if rel.startswith(f"{DOCS}/")}
    return (Endring(frozenset(parts)) | files_changed(docs, Slag.DOCS)
            | files_changed(changed - docs, Slag.VEDLEGG))


def _first(side: Side, change: Endring) -> bool:
    """Made before the build: the saved files' own pages, and the search and the lists."""
    return side.forgrunn or bool(change.filer.intersection(side.kilde))


def stamps(root: Path) -> dict[str, Stempel]:
    """Modification time and size of every file under docs/ and vedlegg/, which the model does not hold."""
    found: dict[str, Stempel] = {}
    for folder in (root / DOCS, root / VEDLEGG):
        for path in sorted(p for p in folder.rglob("*") if p.is_file()) if folder.is_dir() else ():
            info = path.stat()
            found[path.relative_to(root).as_posix()] = (info.st_mtime_ns, info.st_size)
    return found
