"""Post-build pass: the staff search's index, by Pagefind (the pinned package and its binary), into site/pagefind/."""

from __future__ import annotations

import asyncio
import shutil
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

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
    # A thread of its own: asyncio.run refuses to start inside a caller's running event loop.
    with ThreadPoolExecutor(max_workers=1) as worker:
        worker.submit(asyncio.run, _index(pages, bundle)).result()
    for name in UBRUKT:
        (bundle / name).unlink(missing_ok=True)


async def _index(pages: dict[str, str], bundle: Path) -> None:
    from pagefind.index import IndexConfig, PagefindIndex

    config = IndexConfig(force_language=SOKESPRAK, output_path=str(bundle), root_selector=ROT,
                         exclude_selectors=list(UTENOM))
    async with PagefindIndex(config=config) as index:  # writes the bundle when the block ends
        for rel, text in pages.items():
            await index.add_html_file(content=text, url="/" + rel.removesuffix("index.html"))
