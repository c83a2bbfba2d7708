"""Post-build: stage 3, passes over the engine's finished `site/` folder, independent of the engine.

Each pass is a small function `(site_dir) -> None`; `handbok bygg` runs them in order after the
engine. Later passes (Content-Security-Policy, service worker) join `PASSES`.
"""

from __future__ import annotations

import asyncio
import gzip
import shutil
from pathlib import Path
from typing import Callable

from .safewrite import atomic_write

Pass = Callable[[Path], None]
TEXT_SUFFIXES = frozenset({".html", ".css", ".js", ".json", ".xml", ".svg", ".csv", ".txt"})
MIN_BYTES = 1024  # below this a .gz saves less than the request costs


def precompress(site_dir: Path) -> None:
    """Write FILE.gz (gzip level 9, mtime 0, so the bytes are reproducible) beside every larger text file."""
    for path in sorted(site_dir.rglob("*")):
        if path.suffix.lower() in TEXT_SUFFIXES and path.is_file() and path.stat().st_size > MIN_BYTES:
            packed = gzip.compress(path.read_bytes(), compresslevel=9, mtime=0)
            target = path.with_name(path.name + ".gz")
            if not target.is_file() or target.read_bytes() != packed:
                atomic_write(target, packed)


# Pagefind finds the Norwegian stemmer under "nb" (and "no"); forced, so every page lands in one index
# whatever lang an engine writes.
SOKESPRAK = "nb"
SOKEINDEKS = "pagefind"
SOKBAR = "data-handbok-sokbar"  # what the page templates put on a page the staff search (sider/_makroer)
# A page's own content is its <main> without the engine's navigation and controls: plain HTML
# landmarks, not one engine's class names. Tables are marked data-pagefind-ignore by the templates.
ROT = "main"
UTENOM = ("nav", "header", "footer", "button", "form")
# The bundle's ready-made interfaces: sok/ has its own, so these are never loaded.
UBRUKT = ("pagefind-ui.js", "pagefind-ui.css", "pagefind-modular-ui.js", "pagefind-modular-ui.css",
          "pagefind-component-ui.js", "pagefind-component-ui.css", "pagefind-highlight.js")


def search_index(site_dir: Path) -> None:
    """Index the marked pages with Pagefind (the pinned package and its binary) into site/pagefind/."""
    bundle = site_dir / SOKEINDEKS
    shutil.rmtree(bundle, ignore_errors=True)  # file names carry hashes: an old index would linger
    pages = {p.relative_to(site_dir).as_posix(): text for p in sorted(site_dir.rglob("*.html"))
             if SOKBAR in (text := p.read_text(encoding="utf-8"))}
    asyncio.run(_index(pages, bundle))
    for name in UBRUKT:
        (bundle / name).unlink(missing_ok=True)


async def _index(pages: dict[str, str], bundle: Path) -> None:
    from pagefind.index import IndexConfig, PagefindIndex

    config = IndexConfig(force_language=SOKESPRAK, output_path=str(bundle), root_selector=ROT,
                         exclude_selectors=list(UTENOM))
    async with PagefindIndex(config=config) as index:  # writes the bundle when the block ends
        for rel, text in pages.items():
            await index.add_html_file(content=text, url="/" + rel.removesuffix("index.html"))


PASSES: tuple[Pass, ...] = (search_index, precompress)


def run_passes(site_dir: Path, passes: tuple[Pass, ...] = PASSES) -> None:
    for step in passes:
        step(site_dir)
