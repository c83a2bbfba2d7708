"""Post-build: the offline pass — a service worker (site/sw.js) that keeps the handbook readable without network.

The worker's precache list is made here from the finished site/: every page (but the audit documents),
the search index, the assets and the attachments (vedlegg/: the forms staff fill in), each with a hash
of its bytes; the version is a hash of them all, so a new build with any changed file is a new worker,
and one with none changed is the same bytes. The core (what install fetches) is written into the
worker; the rest, thousands of files in a large handbook, into site/sw-filer.json, which the worker
fetches when it fills: sw.js stays a few KB, and the browser checks it for updates on every visit.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from ...checks.vedlegg import MAPPE as VEDLEGG
from ...reports.templates import render
from ...source.writing import atomic_write

WORKER = "sw.js"
LISTE = "sw-filer.json"  # the files fetched in the background, with the version they belong to
UTGAVE = "utgave.json"  # the build's date, written by stage 1 (build.edition); the offline banner shows it
# What the worker stores: the site's own text, images and the search engine's files.
SUFFIXES = frozenset({".html", ".css", ".js", ".json", ".svg", ".png", ".ico", ".jpg", ".jpeg", ".webp",
                      ".woff2", ".wasm"})
SEARCH = "pagefind/"  # the search engine's files; the attachments (VEDLEGG, forms to fill in) are stored too
# Not stored: audit documents (printed by leaders, not read in the car) and the theme's unused search.
LEFT_OUT = ("tilsyn/", "assets/javascripts/lunr/", "assets/javascripts/workers/")
# Fetched while the worker installs; the rest follows in the background.
CORE = ("assets/", "sok/", SEARCH + "pagefind", SEARCH + "wasm.", UTGAVE)
Entry = tuple[str, str]  # (address relative to the site's root, hash of the file)


def offline(site_dir: Path) -> None:
    """Write site/sw.js for the files the site has now (run after every pass that changes a file but
    precompression, whose .gz copies the server chooses, not the worker)."""
    entries = precache(site_dir)
    version = hashlib.sha256("\n".join(f"{path} {digest}" for path, digest in entries).encode()).hexdigest()[:16]
    core = [entry for entry in entries if _is_core(entry[0])]
    rest = [entry for entry in entries if not _is_core(entry[0])]
    listing = json.dumps({"versjon": version, "filer": rest}, separators=(",", ":")) + "\n"
    _write(site_dir / LISTE, listing)
    _write(site_dir / WORKER, render("offline/sw.js", versjon=version, kjerne=core, liste=LISTE))


def _write(target: Path, text: str) -> None:
    if not target.is_file() or target.read_text(encoding="utf-8") != text:
        atomic_write(target, text.encode("utf-8"))


def precache(site_dir: Path) -> list[Entry]:
    """Every file the worker stores, sorted, as the address a reader asks for: a page by its folder."""
    found = []
    for path in sorted(site_dir.rglob("*")):
        rel = path.relative_to(site_dir).as_posix()
        if path.is_file() and _stored(rel):
            found.append((_address(rel), hashlib.sha256(path.read_bytes()).hexdigest()[:16]))
    return sorted(found)


def _stored(rel: str) -> bool:
    if rel in (WORKER, LISTE) or rel.startswith(LEFT_OUT) or rel.endswith(".map"):
        return False
    return rel.startswith((SEARCH, VEDLEGG + "/")) or Path(rel).suffix.lower() in SUFFIXES


def _address(rel: str) -> str:
    """'rutiner/a/index.html' -> 'rutiner/a/' and 'index.html' -> './': the addresses the pages link to."""
    if rel == "index.html":
        return "./"
    return rel.removesuffix("index.html") if rel.endswith("/index.html") else rel


def _is_core(address: str) -> bool:
    return address == "./" or address.startswith(CORE)
