"""Post-build passes over site/: precompression writes reproducible .gz files beside larger text files."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

from conftest import add
from handbok.postbuild import precompress, run_passes, search_index

BIG = "<p>Fallforebygging i hjemmetjenesten.</p>\n" * 100


def test_precompress_writes_gz_beside_larger_text_files(tmp_path: Path) -> None:
    for rel in ("index.html", "assets/stil.css", "sok/indeks.json", "status/status.csv", "robots.txt"):
        add(tmp_path, rel, BIG)
    add(tmp_path, "liten.html", "<p>kort</p>")
    (tmp_path / "bilde.png").write_bytes(b"\x89PNG" + bytes(4000))
    precompress(tmp_path)
    made = sorted(p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*.gz"))
    assert made == ["assets/stil.css.gz", "index.html.gz", "robots.txt.gz", "sok/indeks.json.gz",
                    "status/status.csv.gz"]
    assert gzip.decompress((tmp_path / "index.html.gz").read_bytes()) == BIG.encode("utf-8")


def test_precompress_is_reproducible_and_skips_compressed_files(tmp_path: Path) -> None:
    add(tmp_path, "index.html", BIG)
    precompress(tmp_path)
    first = (tmp_path / "index.html.gz").read_bytes()
    assert first[4:8] == b"\0\0\0\0"  # mtime 0
    (tmp_path / "index.html").touch()
    run_passes(tmp_path, (precompress,))
    assert (tmp_path / "index.html.gz").read_bytes() == first
    assert sorted(p.name for p in tmp_path.iterdir()) == ["index.html", "index.html.gz"]


def test_precompress_follows_the_text(tmp_path: Path) -> None:
    add(tmp_path, "index.html", BIG)
    precompress(tmp_path)
    add(tmp_path, "index.html", BIG + "<p>Ny versjon.</p>\n")
    precompress(tmp_path)
    assert gzip.decompress((tmp_path / "index.html.gz").read_bytes()).endswith(b"<p>Ny versjon.</p>\n")


def test_search_index_holds_only_the_marked_parts_in_norwegian(tmp_path: Path) -> None:
    add(tmp_path, "a/index.html", '<html lang="nb"><body><main><nav>Meny</nav><div data-handbok-sokbar hidden>'
        "</div><h1>Fallforebygging</h1><p>Tiltak etter fall.</p></main></body></html>")
    add(tmp_path, "b/index.html", '<html lang="nb"><body><main><p>Status per tjenestested</p></main></body></html>')
    search_index(tmp_path)
    entry = json.loads((tmp_path / "pagefind/pagefind-entry.json").read_text(encoding="utf-8"))
    assert entry["languages"]["nb"]["page_count"] == 1
    assert (tmp_path / "pagefind/pagefind.js").is_file() and not (tmp_path / "pagefind/pagefind-ui.js").exists()
