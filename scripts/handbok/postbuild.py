"""Post-build: stage 3, passes over the engine's finished `site/` folder, independent of the engine.

Each pass is a small function `(site_dir) -> None`; `handbok bygg` runs them in order after the
engine. Later passes (Content-Security-Policy, service worker) join `PASSES`.
"""

from __future__ import annotations

import gzip
import shutil
import subprocess
from pathlib import Path
from typing import Callable

from .errors import Stopp
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
# whatever lang an engine writes. Only the parts the templates mark (data-pagefind-body) are indexed.
SOKESPRAK = "nb"
SOKEINDEKS = "pagefind"
# The bundle's ready-made interfaces: sok/ has its own, so these are never loaded.
UBRUKT = ("pagefind-ui.js", "pagefind-ui.css", "pagefind-modular-ui.js", "pagefind-modular-ui.css",
          "pagefind-component-ui.js", "pagefind-component-ui.css", "pagefind-highlight.js")


def search_index(site_dir: Path) -> None:
    """Index the pages with Pagefind (its pinned binary, pagefind-bin) into site/pagefind/."""
    from pagefind_bin import get_executable

    bundle = site_dir / SOKEINDEKS
    shutil.rmtree(bundle, ignore_errors=True)  # file names carry hashes: an old index would linger
    done = subprocess.run([str(get_executable()), "--site", str(site_dir), "--output-subdir", SOKEINDEKS,
                           "--force-language", SOKESPRAK, "--quiet"], capture_output=True, text=True)
    if done.returncode != 0:
        raise Stopp(f"Søkeindeksen kunne ikke lages (pagefind): {(done.stderr or done.stdout).strip()}")
    for name in UBRUKT:
        (bundle / name).unlink(missing_ok=True)


PASSES: tuple[Pass, ...] = (search_index, precompress)


def run_passes(site_dir: Path, passes: tuple[Pass, ...] = PASSES) -> None:
    for step in passes:
        step(site_dir)
