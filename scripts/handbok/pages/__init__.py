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
from pathlib import Path
from typing import Mapping

from ..audit import Kilde, audit_html
from ..history import Historikk
from ..model import Handbok
from ..status import Status
from . import changes, feed, front, indexes, search, status_overview
from .diff import Sammenligninger, diff_pages, onskede_versjoner
from .mentions import omtaler
from .paths import audit_path, role_path, routine_path, tjenestested_path, tjenestested_routines_path
from .related import DOCS, koblinger
from .role import lighter_role_page, role_page
from .routine import routine_page
from .status_overview import status_files, status_page
from .tjenestested import tjenestested_page, tjenestested_routines_page
from .trend import trend_files

__all__ = ["GitData", "Pages", "generate_pages", "onskede_versjoner", "write_pages"]

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
    koblet = koblinger(handbok)
    pages: Pages = {rel: koblet.tekst(text, f"{DOCS}{rel}", rel) if isinstance(text, str) else text
                    for rel, text in _hand_written(source_docs).items()}
    intro = pages.pop(front.FORSIDE, None)
    written = [text for text in pages.values() if isinstance(text, str)]
    pages.update({rel: search.searchable(text) for rel, text in pages.items()
                  if isinstance(text, str) and rel.endswith(".md")})
    pages[front.FORSIDE] = front.front_page(handbok, status, intro if isinstance(intro, str) else None)
    pages.update(search.search_pages(handbok, written))
    pages.update(indexes.index_pages(handbok, status))
    pages[changes.ENDRINGER] = changes.changes_page(handbok, git.historikk)
    nevnt = omtaler(handbok)
    alle = front.nyheter(handbok)  # once: every role page and every feed picks from the same list
    for rutine in handbok.rutiner.values():
        pages[routine_path(rutine)] = routine_page(handbok, status, git.historikk, rutine, today, nevnt, koblet)
    for funksjon in handbok.funksjoner.values():
        pages[role_path(funksjon.id)] = role_page(handbok, funksjon, nevnt, alle, today, koblet)
    for rolle in handbok.innstillinger.roller.values():
        pages.setdefault(role_path(rolle.id), lighter_role_page(handbok, rolle, nevnt))
    for sted in status.steder:
        pages[tjenestested_path(sted.sted.id)] = tjenestested_page(handbok, status, sted)
        pages[tjenestested_routines_path(sted.sted.id)] = tjenestested_routines_page(handbok, status, sted)
        pages[audit_path(sted.sted.id)] = audit_html(handbok, status, sted.sted.id, git.kilde)
    pages.update(feed.feed_pages(handbok, alle, status.steder, today))
    pages.update(diff_pages(status, git.historikk, git.sammenligninger))
    pages[status_overview.STATUS] = status_page(status)
    pages.update(status_files(status))
    pages.update(trend_files(handbok))
    return pages


def write_pages(pages: Mapping[str, str | bytes], build_dir: Path) -> int:
    """Write only what changed and delete what is no longer generated, so `mkdocs serve`, which
    watches this folder, sees no change after a rebuild and does not loop. Returns files written."""
    build_dir.mkdir(parents=True, exist_ok=True)
    written = 0
    for rel, content in pages.items():
        data = content.encode("utf-8") if isinstance(content, str) else content
        target = build_dir / rel
        if target.is_file() and target.read_bytes() == data:
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
        written += 1
    _remove_stale(build_dir, set(pages))
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
