"""Pages: model + status (+ git history) -> plain Markdown pages for the site, independent of the engine.

`sidesett.sider` lists every file of the site as a `Side` — its address, what it is made from and what
it reads — and `write_pages` puts them into the build folder. The engine (MkDocs + Material today) only
renders what is written here, so switching engine cannot lose a page or a number. Status is never
recomputed here: every count comes from `status.beregn_status`, the one module the CLI uses too. Each
page has its own module (front, indexes, routine, role, tjenestested, status_overview, diff, changes,
search, feed) and its own template under handbok/templates/sider/.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Mapping

from ...core.model import Handbok
from ...core.status import Status
from .diff import onskede_versjoner
from .sidesett import GitData, Grunnlag, Side, lag_alle, sider

__all__ = ["GitData", "Grunnlag", "Pages", "Side", "generate_pages", "lag_alle", "onskede_versjoner", "sider",
           "write_changed", "write_pages"]

Pages = dict[str, str | bytes]


def generate_pages(handbok: Handbok, status: Status, git: GitData, today: date, source_docs: Path,
                   root: Path | None = None) -> Pages:
    """Every page made from the handbook (not our own CSS and JS, nor the build's date stamp); hand-written files
    under `source_docs` are included as they are, their Markdown pages marked for the search index, and the
    attachments under `root` when it is given."""
    return lag_alle(side for side in sider(Grunnlag(handbok, status, git, today, source_docs, root)).values()
                    if side.fra_handboka)


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
