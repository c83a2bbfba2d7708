"""Cache: a file's text -> its parsed document and per-file findings, so an unchanged file is not parsed twice.

Entries live in slots keyed by kind and file path, each holding the digest of the text it was
computed from, and the whole cache is keyed by a fingerprint of handbok's own code and schemas: an
edited file, or a new version of the tool, never gets a stale answer. Saving merges: a run keeps the
entries of files it did not read and replaces only those it recomputed, so no command shrinks the
cache. It lives inside .git/ — never committed, never part of a pull request — so nobody can hand
us a poisoned one.
"""

from __future__ import annotations

import hashlib
import pickle
from importlib import resources
from importlib.abc import Traversable
from pathlib import Path
from typing import Any, Callable, Iterator, TypeVar

from .writing import atomic_write

T = TypeVar("T")
_FILE = "handbok-cache.pickle"
Slot = tuple[str, str]  # (kind, file path)
Entries = dict[Slot, tuple[str, Any]]  # slot -> (digest of the text, value)


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
    for entry in _files(package, (".py",)):
        digest.update(entry.read_bytes())
    for entry in _files(package.joinpath("schemas"), ("",)):
        digest.update(entry.read_bytes())
    return digest.hexdigest()


def _files(folder: Traversable, suffixes: tuple[str, ...]) -> Iterator[Traversable]:
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if entry.is_dir() and entry.name != "__pycache__":
            yield from _files(entry, suffixes)
        elif entry.is_file() and entry.name.endswith(suffixes):
            yield entry


class Cache:
    """Memoises pure per-file work. `Cache(None)` stores nothing on disk, but within one run a file's work is
    done once (a command that checks the handbook before and after an edit renders each body once)."""

    def __init__(self, path: Path | None) -> None:
        self.path = path
        self.fingerprint = code_fingerprint() if path else ""
        self.entries: Entries = self._read() if path else {}
        self.used: Entries = {}
        self.computed = 0

    @classmethod
    def for_repository(cls, root: Path) -> Cache:
        git_dir = root / ".git"
        return cls(git_dir / _FILE if git_dir.is_dir() else None)

    def get(self, kind: str, fil: str, digest: str, compute: Callable[[], T]) -> T:
        """The value computed for `fil`'s text with this `digest`, computing it if the slot holds another."""
        slot = (kind, fil)
        found = self.used.get(slot) or self.entries.get(slot)  # this run's own answer first: never computed twice
        if found is not None and found[0] == digest:
            value = found[1]
        else:
            value = compute()
            self.computed += 1
        self.used[slot] = (digest, value)
        return value  # type: ignore[no-any-return]

    def save(self) -> None:
        """Merge this run's entries into the file (atomic, best effort); write only when something was computed."""
        if self.path is None or self.computed == 0:
            return
        merged = {**self._read(), **self.used}  # re-read: a run in between may have added files we did not read
        try:
            atomic_write(self.path, pickle.dumps((self.fingerprint, merged), protocol=pickle.HIGHEST_PROTOCOL))
        except OSError:
            pass  # a cache that cannot be written only costs time next run
        self.entries = merged

    def _read(self) -> Entries:
        assert self.path is not None
        try:
            with self.path.open("rb") as handle:
                fingerprint, entries = pickle.load(handle)
        except (OSError, pickle.UnpicklingError, EOFError, ValueError, TypeError, AttributeError, ImportError):
            return {}
        return entries if fingerprint == self.fingerprint and isinstance(entries, dict) else {}
