"""Post-build: stage 3, passes over the engine's finished `site/` folder, independent of the engine.

Each pass is a small function `(site_dir) -> None`; `handbok bygg` runs them in order after the
engine, whichever engine it was: the search index, the header's search form, the
Content-Security-Policy, the offline worker (`offline`) and precompression.
"""

from __future__ import annotations

from pathlib import Path
from typing import Callable

from .compression import precompress
from .offline import offline
from .policy import csp, with_policy
from .searchindex import search_index
from .toppsok import header_search

__all__ = ["PASSES", "Pass", "csp", "header_search", "offline", "precompress", "run_passes", "search_index",
           "with_policy"]

Pass = Callable[[Path], None]

# The index reads the pages; the policy goes in before the offline worker lists (and hashes) the final
# files, and precompression packs them all, the worker too.
PASSES: tuple[Pass, ...] = (search_index, header_search, csp, offline, precompress)


def run_passes(site_dir: Path, passes: tuple[Pass, ...] = PASSES) -> None:
    for step in passes:
        step(site_dir)
