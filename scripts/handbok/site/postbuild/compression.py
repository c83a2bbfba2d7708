"""Post-build pass: FILE.gz beside every larger text file, so a server can send it as it is."""

from __future__ import annotations

import gzip
from pathlib import Path

from ...source.writing import atomic_write

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
