"""Writing: the one place that writes a file — lock, atomic replace, write-if-unchanged, create-exclusive."""

from __future__ import annotations

import codecs
import hashlib
import os
import stat
import tempfile
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

from filelock import FileLock, Timeout

from ..core.errors import Refused

# How long a command waits for another one that is editing the same file. Each holds the lock for
# one check of the handbook (well under a second on a real handbook), so a minute covers a queue of
# dozens of simultaneous commands; after that something is stuck and the user should hear about it.
LOCK_TIMEOUT = 60.0


class WriteRefused(Refused):
    """The file was not written; the text says why, in Norwegian."""


@dataclass(frozen=True)
class Snapshot:
    """What a file held when we read it: its text (without a BOM), whether it had one, and a fingerprint of its bytes."""

    path: Path
    text: str
    digest: str
    bom: bool = False

    @classmethod
    def read(cls, path: Path, errors: str = "strict") -> Snapshot:
        """`errors="replace"` reads a file that may not be UTF-8 (one we only inspect); the digest is of its bytes."""
        raw = path.read_bytes() if path.exists() else b""
        return cls(path, raw.decode("utf-8-sig", errors), hashlib.sha256(raw).hexdigest(),
                   raw.startswith(codecs.BOM_UTF8))


def lock_path(path: Path) -> Path:
    """Where the lock for `path` lives: never a file anyone commits.

    Inside `.git/` when the folder is a git repository (or a worktree whose `.git` file names its git
    folder); otherwise a hidden file beside `path` that the handbook's .gitignore lists.
    """
    git_dir = _git_dir(path.parent)
    if git_dir is not None:
        return git_dir / f"handbok-{path.name}.lock"
    return path.parent / f".{path.name}.lock"


def _git_dir(folder: Path) -> Path | None:
    dot_git = folder / ".git"
    if dot_git.is_dir():
        return dot_git
    if dot_git.is_file():
        first = dot_git.read_text(encoding="utf-8", errors="replace").partition("\n")[0]
        if first.startswith("gitdir:"):
            target = folder / first.removeprefix("gitdir:").strip()  # an absolute target replaces `folder`
            return target if target.is_dir() else None
    return None


@contextmanager
def locked(path: Path, timeout: float | None = None) -> Iterator[None]:
    """Hold the lock for `path` around a whole read–check–write, so no concurrent edit is lost.

    The lock is an OS file lock (flock): it is released when the process ends, even by a crash.
    """
    timeout = LOCK_TIMEOUT if timeout is None else timeout
    lock = FileLock(lock_path(path), timeout=timeout, preserve_lock_file=True)
    try:
        lock.acquire()
    except Timeout:
        raise WriteRefused(f"{path.name} er låst av en annen handbok-kommando som skriver i den nå, og ble ikke "
                           f"ledig på {timeout:.0f} sekunder. Ingenting er skrevet; kjør kommandoen på nytt.") from None
    try:
        yield
    finally:
        lock.release()


def require_replaceable(path: Path) -> None:
    """Refuse to replace a symbolic link (it would become a regular file) or a write-protected file."""
    if path.is_symlink():
        raise WriteRefused(f"{path.name} er en symbolsk lenke (til {os.readlink(path)}). Ingenting er skrevet; "
                           "kjør kommandoen der filen faktisk ligger, eller erstatt lenken med filen.")
    if path.exists() and not _writable(path):
        raise WriteRefused(f"{path.name} er skrivebeskyttet. Ingenting er skrevet; fjern skrivebeskyttelsen "
                           f"(f.eks. «chmod u+w {path.name}») hvis endringen skal lagres.")


def _writable(path: Path) -> bool:
    # os.access alone is not enough: it says yes to root even when no write bit is set.
    return os.access(path, os.W_OK) and bool(path.stat().st_mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH))


def write_if_unchanged(snapshot: Snapshot, text: str | bytes) -> None:
    """Write `text` over the file, unless it changed on disk after `snapshot` was taken.

    A symbolic link or a write-protected file is refused: replacing it would break the link or
    overrule the protection, since a rename only needs permission on the folder.
    """
    require_replaceable(snapshot.path)
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


def create_exclusive(path: Path, text: str | bytes) -> None:
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
