"""Cache: a file's text -> its parsed document and per-file findings, so an unchanged file is not parsed twice.

Entries live in slots keyed by kind and file path, each holding the digest of the text it was
computed from, and the whole cache is keyed by a fingerprint of handbok's own code and schemas: an
edited file, or a new version of the tool, never gets a stale answer. Saving merges: a run keeps the
entries of files it did not read and replaces only those it recomputed, so no command shrinks the
cache.

The file is data, never code: JSON, each value written and read back by the `Codec` its caller
names (a pickle would run whatever a crafted file told it to). And it is read only from the
repository's own .git/ — a real folder in the handbook's root, owned by the user running handbok,
holding a regular file owned by that user — so a cache in a handed-over folder or in a shared
parent folder is never read. A file that is not exactly what a codec expects is a miss, not an error.
"""

from __future__ import annotations

import hashlib
import json
import os
import stat
from dataclasses import dataclass
from importlib import resources
from importlib.abc import Traversable
from pathlib import Path
from typing import Any, Callable, Generic, Iterator, TypeVar

from ..core.findings import Finding, finding_from_json
from .writing import atomic_write

T = TypeVar("T")
_FILE = "handbok-cache.json"
Json = Any  # what json.loads returns: dict, list, str, int, float, bool or None
Slot = tuple[str, str]  # (kind, file path)
Entries = dict[Slot, tuple[str, Json]]  # slot -> (digest of the text, the value as data)


@dataclass(frozen=True)
class Codec(Generic[T]):
    """How one kind of cached value becomes JSON data and back."""

    dump: Callable[[T], Json]
    load: Callable[[Json], T]


FINDINGS: Codec[list[Finding]] = Codec(lambda found: [f.as_json() for f in found],
                                      lambda data: [finding_from_json(f) for f in data])


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


def own_git_folder(root: Path) -> Path | None:
    """root/.git when it is a real folder (not a link, not a worktree's pointer file) owned by this user."""
    git_dir = root / ".git"
    try:
        info = git_dir.lstat()
    except OSError:
        return None
    return git_dir if stat.S_ISDIR(info.st_mode) and _ours(info) else None


def _ours(info: os.stat_result) -> bool:
    return not hasattr(os, "getuid") or info.st_uid == os.getuid()


class Cache:
    """Memoises pure per-file work. `Cache(None)` stores nothing on disk, but within one run a file's work is
    done once (a command that checks the handbook before and after an edit renders each body once)."""

    def __init__(self, path: Path | None) -> None:
        self.path = path
        self.fingerprint = code_fingerprint() if path else ""
        self.entries: Entries = self._read() if path else {}  # as read from disk: data, decoded when asked for
        self.used: Entries = {}  # this run's entries as data, merged into the file on save
        self.live: dict[Slot, tuple[str, Any]] = {}  # this run's values as objects: no slot is computed twice
        self.computed = 0

    @classmethod
    def for_repository(cls, root: Path) -> Cache:
        git_dir = own_git_folder(root)
        return cls(git_dir / _FILE if git_dir else None)

    def get(self, kind: str, fil: str, digest: str, compute: Callable[[], T], codec: Codec[T]) -> T:
        """The value computed for `fil`'s text with this `digest`, computing it if the slot holds another
        (or holds something `codec` cannot read back)."""
        slot = (kind, fil)
        live = self.live.get(slot)
        if live is not None and live[0] == digest:
            return live[1]  # type: ignore[no-any-return]
        found = self.entries.get(slot)
        if found is not None and found[0] == digest:
            try:
                value = codec.load(found[1])
                self.used[slot] = found
                self.live[slot] = (digest, value)
                return value
            except (KeyError, IndexError, TypeError, ValueError, AttributeError):
                pass  # not what this code writes: computed again below
        value = compute()
        self.computed += 1
        self.live[slot] = (digest, value)
        if self.path is not None:  # a cache that is never saved needs no data
            self.used[slot] = (digest, codec.dump(value))
        return value

    def save(self) -> None:
        """Merge this run's entries into the file (atomic, best effort); write only when something was computed."""
        if self.path is None or self.computed == 0:
            return
        merged = {**self._read(), **self.used}  # re-read: a run in between may have added files we did not read
        data = {"kode": self.fingerprint, "filer": [[kind, fil, digest, value] for (kind, fil), (digest, value)
                                                     in sorted(merged.items())]}
        try:
            atomic_write(self.path, json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8"))
        except OSError:
            pass  # a cache that cannot be written only costs time next run
        self.entries = merged

    def _read(self) -> Entries:
        assert self.path is not None
        try:
            info = self.path.lstat()
            if not stat.S_ISREG(info.st_mode) or not _ours(info):
                return {}
            data = json.loads(self.path.read_bytes())
            if not isinstance(data, dict) or data.get("kode") != self.fingerprint:
                return {}
            return {(str(kind), str(fil)): (str(digest), value) for kind, fil, digest, value in data["filer"]}
        except (OSError, ValueError, TypeError, KeyError):
            return {}
