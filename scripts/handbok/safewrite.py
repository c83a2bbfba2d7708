"""Safe writing: replace a file atomically, and only if nobody changed it since we read it."""

from __future__ import annotations

import hashlib
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path


class WriteRefused(Exception):
    """The file was not written; the text says why, in Norwegian."""


@dataclass(frozen=True)
class Snapshot:
    """What a file held when we read it: its text and a fingerprint of its bytes."""

    path: Path
    text: str
    digest: str

    @classmethod
    def read(cls, path: Path) -> Snapshot:
        raw = path.read_bytes() if path.exists() else b""
        return cls(path, raw.decode("utf-8-sig"), hashlib.sha256(raw).hexdigest())


def write_if_unchanged(snapshot: Snapshot, text: str) -> None:
    """Write `text` over the file, unless it changed on disk after `snapshot` was taken."""
    current = hashlib.sha256(snapshot.path.read_bytes() if snapshot.path.exists() else b"").hexdigest()
    if current != snapshot.digest:
        raise WriteRefused(f"{snapshot.path.name} ble endret av noen andre mens kommandoen kjørte. "
                           "Ingenting er skrevet; kjør kommandoen på nytt.")
    atomic_write(snapshot.path, text)


def atomic_write(path: Path, text: str) -> None:
    """Write to a temporary file beside `path`, flush it to disk, then rename it over `path`.

    A crash at any point leaves either the old file or the new one, never half of each.
    """
    mode = path.stat().st_mode & 0o777 if path.exists() else 0o644
    fd, temp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(temp, mode)
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise
