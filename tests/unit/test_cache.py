"""The content-hash cache: an unchanged file is not parsed again, an edited file is never served stale."""

from __future__ import annotations

import io
import os
import pickle
from datetime import date
from pathlib import Path

import pytest

from conftest import copy_base, git, run
from handbok.source.cache import Cache
from handbok.checks.run import check_repository
from handbok.cli.main import main

TODAY = date(2026, 1, 1)
AVVIK = "rutiner/avviksmelding.md"


def repo(tmp_path: Path) -> Path:
    root = copy_base(tmp_path, "repo")
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
    assert cache.computed == 3  # the edited document, its per-file checks and its links: nothing else
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
    root = copy_base(tmp_path)
    assert main(["--rot", str(root), "sjekk", "--dato", "2026-01-01"], io.StringIO(), io.StringIO()) == 0
    assert not list(root.rglob("*cache*"))
    git(root, "init", "-q")
    assert main(["--rot", str(root), "--uten-mellomlager", "sjekk"], io.StringIO(), io.StringIO()) == 0
    assert not (root / ".git" / "handbok-cache.pickle").exists()
    assert main(["--rot", str(root), "sjekk", "--dato", "2026-01-01"], io.StringIO(), io.StringIO()) == 0
    assert (root / ".git" / "handbok-cache.pickle").exists()


def cached_slots(root: Path) -> set[tuple[str, str]]:
    return set(Cache.for_repository(root).entries)


@pytest.mark.parametrize("command", [
    ("registrer", "nord", "fallforebygging", "--status", "evaluert", "--dato", "2025-09-01"),
    ("evaluer", "nord", "fallforebygging", "--svar", "kjent=4", "--dato", "2025-10-01"),
    ("ny", "rutine", "ernaering", "--tittel", "Ernæring", "--eier", "sykepleier"),
    ("ny", "rutine", "Ugyldig Id", "--tittel", "Refusert"),
    ("status", "--tjenestested", "finnes-ikke"),
])
def test_no_command_shrinks_the_cache(tmp_path: Path, command: tuple[str, ...]) -> None:
    root = repo(tmp_path)
    assert run("--rot", str(root), "sjekk", "--dato", "2026-01-01")[0] == 0
    before = cached_slots(root)
    run("--rot", str(root), *command)
    assert cached_slots(root) >= before


def test_sjekk_after_registrer_recomputes_nothing(tmp_path: Path) -> None:
    root = repo(tmp_path)
    assert run("--rot", str(root), "sjekk", "--dato", "2026-01-01")[0] == 0
    assert run("--rot", str(root), "registrer", "nord", "fallforebygging", "--status", "implementert", "--versjon",
               "1.1", "--dato", "2025-12-01")[0] == 0
    cache = Cache.for_repository(root)
    check_repository(root, TODAY, cache)
    assert cache.computed == 0  # registrer validated the changed history file with the cache, and kept the answer


def test_save_keeps_entries_of_files_this_run_did_not_read(tmp_path: Path) -> None:
    root = repo(tmp_path)
    assert codes(root) == []
    before = cached_slots(root)
    cache = Cache.for_repository(root)
    cache.get("dokument", "rutiner/ny.md", "abc", lambda: "ny")
    cache.save()
    assert cached_slots(root) == before | {("dokument", "rutiner/ny.md")}
