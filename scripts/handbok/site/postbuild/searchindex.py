"""Post-build pass: the staff search's index, by Pagefind (the pinned package and its binary), into site/pagefind/."""

from __future__ import annotations

import asyncio
import hashlib
import json
import shutil
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from ...core.errors import Stop
from ...reports.templates import render
from ...source.writing import atomic_write
from .htmlscan import tags_until

# Pagefind finds the Norwegian stemmer under "nb" (and "no"); forced, so every page lands in one index
# whatever lang an engine writes.
SOKESPRAK = "nb"
SOKEINDEKS = "pagefind"
SOKBAR = "data-handbok-sokbar"  # what the page templates put on a page the staff search (sider/_makroer)
# A page's own content is its <main> without the engine's navigation and controls: plain HTML
# landmarks, not one engine's class names. Tables are marked data-pagefind-ignore by the templates.
ROT = "main"
UTENOM = ("nav", "header", "footer", "button", "form")
SOKESIDE = "sok/index.html"  # the search page (pages.search); its data files are sok/*.json
FORHAND = "data-handbok-pagefind"  # marks the preload links this pass wrote, so a new run replaces them
ETTER_SOK = "data-handbok-etter-sok"  # a body script sok.js loads once the first results are on screen
# The bundle's ready-made interfaces: sok/ has its own, so these are never loaded.
UBRUKT = ("pagefind-ui.js", "pagefind-ui.css", "pagefind-modular-ui.js", "pagefind-modular-ui.css",
          "pagefind-component-ui.js", "pagefind-component-ui.css", "pagefind-highlight.js")


# Pagefind's service answers «written» while its last writes may still be under way, and the Python
# package stops it right after: on a busy machine a file of the bundle can be left empty. Then the index
# is made again.
FORSOK = 3


def search_index(site_dir: Path) -> None:
    """Index the marked pages with Pagefind (the pinned package and its binary) into site/pagefind/."""
    bundle = site_dir / SOKEINDEKS
    pages = {p.relative_to(site_dir).as_posix(): text for p in sorted(site_dir.rglob("*.html"))
             if SOKBAR in (text := p.read_text(encoding="utf-8"))}
    for _ in range(FORSOK):
        shutil.rmtree(bundle, ignore_errors=True)  # file names carry hashes: an old index would linger
        # A thread of its own: asyncio.run refuses to start inside a caller's running event loop.
        with ThreadPoolExecutor(max_workers=1) as worker:
            worker.submit(asyncio.run, _index(pages, bundle)).result()
        if not empty_files(bundle):
            break
    else:
        raise Stop(f"Søkeindeksen ble ikke skrevet helt ({', '.join(empty_files(bundle)[:3])} er tom). Bygg på nytt.")
    for name in UBRUKT:
        (bundle / name).unlink(missing_ok=True)
    preload_on_search_page(site_dir)


def empty_files(bundle: Path) -> list[str]:
    """The bundle's files that were left empty (every file Pagefind writes has content)."""
    return sorted(p.relative_to(bundle).as_posix() for p in bundle.rglob("*") if p.is_file() and not p.stat().st_size)


def preload_on_search_page(site_dir: Path) -> None:
    """Name what sok/ searches with in its head, before the style sheets: Pagefind's script, the index's
    entry, metadata and WebAssembly, and the page's word lists. The browser then fetches them while
    the page arrives, side by side, instead of one after another as the scripts ask (each a 400 ms
    round trip on a slow phone link). The entry's tag is a hash of it: a new index, a new address."""
    page = site_dir / SOKESIDE
    entry = site_dir / SOKEINDEKS / "pagefind-entry.json"
    if not page.is_file() or not entry.is_file():
        return
    text = _without_preloads(page.read_text(encoding="utf-8"))
    tags = tags_until(text, "head")
    head_end = next((t.start for t in tags if t.name == "head" and t.closing), None)
    if head_end is None:
        return
    styles = [t.start for t in tags if t.name == "link" and t.attrs.get("rel") == "stylesheet" and t.start < head_end]
    at = _line_start(text, styles[0]) if styles else head_end
    data = [path.name for path in sorted(page.parent.glob("*.json"))]
    links = render("postbuild/sok_forhand.html", skript=f"../{SOKEINDEKS}/pagefind.js",
                   filer=_index_files(entry) + [("data", name) for name in data])
    updated = _scripts_after_search(text[:at] + links + text[at:])
    if updated.encode("utf-8") != page.read_bytes():
        atomic_write(page, updated.encode("utf-8"))


def _scripts_after_search(text: str) -> str:
    """The theme's scripts at the end of the body (its navigation, our tables, offline note and print
    stamp) wait for the search: sok.js loads them, in order, when the first results are shown. Only
    plain, empty `<script src>` elements after the head; sok.js itself (async) is not one of them."""
    tags = tags_until(text, "body")
    head_end = next((t.start for t in tags if t.name == "head" and t.closing), None)
    if head_end is None:
        return text
    spans = []
    for i, tag in enumerate(tags):
        if tag.name != "script" or tag.closing or tag.start < head_end or "src" not in tag.attrs \
                or "async" in tag.attrs or "defer" in tag.attrs:
            continue
        closing = next((t for t in tags[i + 1:] if t.name == "script" and t.closing), None)
        if closing is not None and not text[tag.end:closing.start].strip():
            spans.append((tag.start, closing.end, tag.attrs["src"]))
    for start, end, src in reversed(spans):
        text = text[:start] + render("postbuild/sok_senere.html", ETTER_SOK=ETTER_SOK, src=src).strip() + text[end:]
    return text


def _without_preloads(text: str) -> str:
    """The page without the lines an earlier run of this pass added (each is one link on its own line)."""
    spans = [t for t in tags_until(text, "head") if t.name == "link" and FORHAND in t.attrs]
    for tag in reversed(spans):
        text = text[:_line_start(text, tag.start)] + text[tag.end:].removeprefix("\n")
    return text


def _line_start(text: str, at: int) -> int:
    return text.rfind("\n", 0, at) + 1


def _index_files(entry: Path) -> list[tuple[str, str]]:
    """(kind, address from sok/) of the entry, of each language's metadata and WebAssembly, and of the filters."""
    raw = entry.read_bytes()
    tag = hashlib.sha256(raw).hexdigest()[:12]
    found = [("entry", f"../{SOKEINDEKS}/{entry.name}?ts={tag}")]
    for language in json.loads(raw)["languages"].values():
        found.append(("meta", f"../{SOKEINDEKS}/pagefind.{language['hash']}.pf_meta"))
        found.append(("wasm", f"../{SOKEINDEKS}/wasm.{language.get('wasm') or 'unknown'}.pagefind"))
    # Every search filters by the page's group (sok.js): the filter index is needed before the first result.
    found += [("filter", f"../{SOKEINDEKS}/filter/{chunk.name}") for chunk in sorted(entry.parent.glob("filter/*.pf_filter"))]
    return found


async def _index(pages: dict[str, str], bundle: Path) -> None:
    from pagefind.index import IndexConfig, PagefindIndex

    config = IndexConfig(force_language=SOKESPRAK, output_path=str(bundle), root_selector=ROT,
                         exclude_selectors=list(UTENOM))
    async with PagefindIndex(config=config) as index:  # writes the bundle when the block ends
        for rel, text in pages.items():
            await index.add_html_file(content=text, url="/" + rel.removesuffix("index.html"))
