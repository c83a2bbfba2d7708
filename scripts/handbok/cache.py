"""Cache: a file's text -> its parsed document and per-file findings, so an unchanged file is not parsed twice.

Entries are keyed by a hash of the file's path and text, and the whole cache by a fingerprint of
handbok's own code and schemas: an edited file, or a new version of the tool, never gets a stale
answer. The cache lives inside .git/ — never committed, never part of a pull request — so nobody
can hand us a poisoned one.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import tempfile
from importlib import resources
from pathlib import Path
from typing import Any, Callable, TypeVar

T = TypeVar("T")
_FILE = "handbok-cache.pickle"


def text_key(*parts: str) -> str:
    digest = hashlib.blake2b(digest_size=20)
    for part in parts:
        digest.update(part.encode("utf-8", "surrogatepass"))
        digest.update(b"\0")
    return digest.hexdigest()


def code_fingerprint() -> str:
    """A hash of every module and schema of the package: new code means a new cache."""
    digest = hashlib.blake2b(digest_size=20)
    package = resources.files("handbok")
    for entry in sorted(package.iterdir(), key=lambda e: e.name):
        if entry.name.endswith(".py"):
            digest.update(entry.read_bytes())
    for entry in sorted(package.joinpath("schemas").iterdir(), key=lambda e: e.name):
        digest.update(entry.read_bytes())
    return digest.hexdigest()


class Cache:
    """Memoises pure per-file work. `Cache(None)` computes everything and stores nothing."""

    def __init__(self, path: Path | None) -> None:
        self.path = path
        self.fingerprint = code_fingerprint() if path else ""
        self.entries: dict[tuple[str, str], Any] = self._read() if path else {}
        self.used: dict[tuple[str, str], Any] = {}
        self.computed = 0

    @classmethod
    def for_repository(cls, root: Path) -> Cache:
        git_dir = root / ".git"
        return cls(git_dir / _FILE if git_dir.is_dir() else None)

    def get(self, kind: str, key: str, compute: Callable[[], T]) -> T:
        slot = (kind, key)
        if slot in self.entries:
            value = self.entries[slot]
        else:
            value = compute()
            self.computed += 1
        self.used[slot] = value
        return value  # type: ignore[no-any-return]

    def save(self) -> None:
        """Keep what this run used; write only when something was computed (atomic, best effort)."""
        if self.path is None or (self.computed == 0 and len(self.used) == len(self.entries)):
            return
        try:
            fd, temp = tempfile.mkstemp(prefix=".handbok-cache.", dir=self.path.parent)
            with os.fdopen(fd, "wb") as handle:
                pickle.dump((self.fingerprint, self.used), handle, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(temp, self.path)
        except OSError:
            pass  # a cache that cannot be written only costs time next run

    def _read(self) -> dict[tuple[str, str], Any]:
        assert self.path is not None
        try:
            with self.path.open("rb") as handle:
                fingerprint, entries = pickle.load(handle)
        except (OSError, pickle.UnpicklingError, EOFError, ValueError, TypeError, AttributeError, ImportError):
            return {}
        return entries if fingerprint == self.fingerprint and isinstance(entries, dict) else {}
