"""Safe writing: the one place that writes a file — atomic replace, write-if-unchanged, create-exclusive."""

from __future__ import annotations

import hashlib
import os
import tempfile
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

from .errors import Avvist


class WriteRefused(Avvist):
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


def atomic_write(path: Path, data: str | bytes) -> None:
    """Write to a temporary file beside `path`, flush it to disk, then rename it over `path`.

    A crash at any point leaves either the old file or the new one, never half of each.
    """
    mode = path.stat().st_mode & 0o777 if path.exists() else 0o644
    with _temp_beside(path, data, mode) as temp, _naming(path):
        os.replace(temp, path)


def create_exclusive(path: Path, text: str) -> None:
    """Write a temp file, then hard-link it into place: the link fails if someone created the file meanwhile."""
    with _temp_beside(path, text, 0o644) as temp, _naming(path):
        try:
            os.link(temp, path)
        except FileExistsError:
            raise WriteRefused(f"{path.name} ble laget av noen andre i mellomtiden. Ingenting er overskrevet.") from None


@contextmanager
def _temp_beside(path: Path, data: str | bytes, mode: int) -> Iterator[str]:
    """A complete, synced temporary file in `path`'s folder; removed afterwards unless renamed."""
    try:
        fd, temp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    except OSError as error:  # the temporary name is ours; the user knows the folder
        raise type(error)(error.errno, error.strerror, str(path.parent)) from None
    try:
        with _naming(path), os.fdopen(fd, "wb") as handle:
            handle.write(data.encode("utf-8") if isinstance(data, str) else data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(temp, mode)
        yield temp
    finally:
        Path(temp).unlink(missing_ok=True)


@contextmanager
def _naming(path: Path) -> Iterator[None]:
    """An OSError about our temporary file names the file the user asked for instead."""
    try:
        yield
    except OSError as error:
        if error.filename == str(path):
            raise
        raise type(error)(error.errno, error.strerror, str(path)) from None
