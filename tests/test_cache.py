"""The content-hash cache: an unchanged file is not parsed again, an edited file is never served stale."""

from __future__ import annotations

import io
import os
import pickle
import shutil
from datetime import date
from pathlib import Path

from conftest import git
from handbok.cache import Cache
from handbok.checks import check_repository
from handbok.cli import main

BASE = Path(__file__).parent / "tilfeller" / "_grunnlag"
TODAY = date(2026, 1, 1)
AVVIK = "rutiner/avviksmelding.md"


def repo(tmp_path: Path) -> Path:
    root = tmp_path / "repo"
    shutil.copytree(BASE, root)
    git(root, "init", "-q")
    return root


def codes(root: Path) -> list[str]:
    cache = Cache.for_repository(root)
    result = check_repository(root, TODAY, cache)
    cache.save()
    return [f.kode for f in result.findings]


def test_second_run_parses_nothing(tmp_path: Path) -> None:
    root = repo(tmp_path)
    assert codes(root) == []
    assert (root / ".git" / "handbok-cache.pickle").exists()
    cache = Cache.for_repository(root)
    check_repository(root, TODAY, cache)
    assert cache.computed == 0


def test_edit_with_same_size_and_mtime_is_never_stale(tmp_path: Path) -> None:
    root = repo(tmp_path)
    assert codes(root) == []
    path = root / AVVIK
    stat = path.stat()
    text = path.read_text(encoding="utf-8")
    edited = text.replace("eier: avdelingsleder", "eier: avdelingslede_")  # same length
    assert len(edited) == len(text)
    path.write_text(edited, encoding="utf-8")
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    cache = Cache.for_repository(root)
    result = check_repository(root, TODAY, cache)
    assert [f.kode for f in result.findings] == ["ugyldig-id"]
    assert cache.computed == 2  # the edited document, and its per-file checks: nothing else
    path.write_text(text, encoding="utf-8")
    assert codes(root) == []


def test_corrupt_or_foreign_cache_is_ignored(tmp_path: Path) -> None:
    root = repo(tmp_path)
    cache_file = root / ".git" / "handbok-cache.pickle"
    cache_file.write_bytes(b"ikke en pickle")
    assert codes(root) == []
    cache_file.write_bytes(pickle.dumps(("annen-kode", {("dokument", "x"): None})))
    cache = Cache.for_repository(root)
    assert cache.entries == {}


def test_no_cache_outside_git_and_with_flag(tmp_path: Path) -> None:
    root = tmp_path / "h"
    shutil.copytree(BASE, root)
    assert main(["--rot", str(root), "sjekk", "--dato", "2026-01-01"], io.StringIO(), io.StringIO()) == 0
    assert not list(root.rglob("*cache*"))
    git(root, "init", "-q")
    assert main(["--rot", str(root), "--uten-mellomlager", "sjekk"], io.StringIO(), io.StringIO()) == 0
    assert not (root / ".git" / "handbok-cache.pickle").exists()
    assert main(["--rot", str(root), "sjekk", "--dato", "2026-01-01"], io.StringIO(), io.StringIO()) == 0
    assert (root / ".git" / "handbok-cache.pickle").exists()
