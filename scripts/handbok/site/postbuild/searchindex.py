"""Post-build pass: the staff search's index, by Pagefind (the pinned package and its binary), into site/pagefind/."""

from __future__ import annotations

import hashlib
import json
import shutil
import tempfile
from pathlib import Path

from ...reports.templates import render
from ...source.writing import atomic_write
from ..engine import run_pagefind
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


def search_index(site_dir: Path) -> None:
    """Index the marked pages with Pagefind (the pinned package and its binary) into site/pagefind/; a site
    without any gets no index (Pagefind refuses to make an empty one)."""
    bundle = site_dir / SOKEINDEKS
    shutil.rmtree(bundle, ignore_errors=True)  # file names carry hashes: an old index would linger
    with tempfile.TemporaryDirectory(prefix="handbok-sok-") as folder:
        if not _copy_marked_pages(site_dir, Path(folder)):
            return
        leave_out = [flag for selector in UTENOM for flag in ("--exclude-selectors", selector)]
        run_pagefind(Path(folder), bundle, ["--force-language", SOKESPRAK, "--root-selector", ROT, *leave_out])
    for name in UBRUKT:
        (bundle / name).unlink(missing_ok=True)
    preload_on_search_page(site_dir)


def _copy_marked_pages(site_dir: Path, folder: Path) -> int:
    """Copy the pages the staff search holds to their own paths below `folder` (Pagefind makes each page's
    address from its path, as the site serves it); how many."""
    marker, copied = SOKBAR.encode("utf-8"), 0
    for page in sorted(site_dir.rglob("*.html")):
        if marker in (content := page.read_bytes()):
            copy = folder / page.relative_to(site_dir)
            copy.parent.mkdir(parents=True, exist_ok=True)
            copy.write_bytes(content)
            copied += 1
    return copied


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
    found += [("filter", f"../{SOKEINDEKS}/filter/{chunk.name}")
              for chunk in sorted(entry.parent.glob("filter/*.pf_filter"))]
    return found
