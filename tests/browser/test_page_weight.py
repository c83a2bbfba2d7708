"""Page weight at scale: the pages a leader opens stay the same size however many routines are done or not started.

Two generated handbooks (benchmarks/generer.py) with the same sites and the same records, one with four
times the routines: the extra routines are not started (most in phases whose deadline has passed).
The real sizes at 2 000 routines × 150 tjenestesteder are measured by `make bench` (benchmarks/kjor.py).
"""

from __future__ import annotations

import gzip
import sys
from pathlib import Path

import pytest

from handbok.site.build import UTEN_GIT, page_input
from handbok.site.pages import Pages, generate_pages

BENCHMARKS = Path(__file__).resolve().parents[2] / "benchmarks"
sys.path.insert(0, str(BENCHMARKS))
from generer import DATO, generer  # noqa: E402

STEDER, PER_STED = 4, 12
SMA, STORE = 50, 200


def _pages(root: Path, rutiner: int) -> Pages:
    generer(root, rutiner, 8, STEDER, PER_STED)
    made = page_input(root, DATO, history=False)
    assert made.result.antall_feil == 0
    pages = generate_pages(made.result.handbok, made.status, UTEN_GIT, DATO, root / "docs")
    pages["antall-gjeldende"] = str(len(made.status.rutiner))
    return pages


def _gz(pages: Pages, rel: str) -> int:
    text = pages[rel]
    return len(gzip.compress(text.encode("utf-8") if isinstance(text, str) else text, 9))


@pytest.fixture(scope="module")
def sizes(tmp_path_factory: pytest.TempPathFactory) -> tuple[Pages, Pages]:
    return (_pages(tmp_path_factory.mktemp("vekt") / "sma", SMA),
            _pages(tmp_path_factory.mktemp("vekt") / "store", STORE))


def test_the_site_page_does_not_grow_with_routines_not_started(sizes: tuple[Pages, Pages]) -> None:
    small, large = sizes
    site = "tjenestesteder/nord.md"
    assert _gz(large, site) <= 1.2 * _gz(small, site), (_gz(small, site), _gz(large, site))
    # …while the page with every routine holds them all, grouped by status.
    alle = "tjenestesteder/nord/rutiner.md"
    assert _gz(large, alle) > 1.5 * _gz(small, alle)
    assert str(large[alle]).count('<tr><th scope="row">') >= STORE * 0.6


def test_the_status_overview_does_not_grow_with_routines(sizes: tuple[Pages, Pages]) -> None:
    small, large = sizes
    assert _gz(large, "status/index.md") <= 1.2 * _gz(small, "status/index.md")
    # Every routine in force is on the page of all routines in numbers.
    assert str(large["status/rutiner.md"]).count('<tr><th scope="row">') == int(str(large["antall-gjeldende"]))


def test_a_routine_page_does_not_grow_with_the_number_of_routines(sizes: tuple[Pages, Pages]) -> None:
    small, large = sizes
    first = sorted(rel for rel in small if rel.startswith("rutiner/") and rel != "rutiner/index.md")[0]
    assert _gz(large, first) <= 1.2 * _gz(small, first)
