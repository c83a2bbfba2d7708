"""The content-hash cache: an unchanged file is not parsed again, an edited file is never served stale."""

from __future__ import annotations

import io
import json
import os
import pickle
from datetime import date
from pathlib import Path

import pytest

from conftest import copy_base, git, run
from handbok.source.cache import Cache, Codec
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
    assert (root / ".git" / "handbok-cache.json").exists()
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
    assert cache.computed == 4  # the edited document, its schema, its text checks and its links: nothing else
    path.write_text(text, encoding="utf-8")
    assert codes(root) == []


def test_corrupt_or_foreign_cache_is_ignored(tmp_path: Path) -> None:
    root = repo(tmp_path)
    cache_file = root / ".git" / "handbok-cache.json"
    cache_file.write_bytes(b"ikke json")
    assert codes(root) == []
    cache_file.write_text(json.dumps({"kode": "annen-kode", "filer": [["dokument", "x", "abc", None]]}), encoding="utf-8")
    cache = Cache.for_repository(root)
    assert cache.entries == {}


def test_an_entry_of_the_wrong_shape_is_computed_again(tmp_path: Path) -> None:
    root = repo(tmp_path)
    assert codes(root) == []
    cache_file = root / ".git" / "handbok-cache.json"
    data = json.loads(cache_file.read_text(encoding="utf-8"))
    for entry in data["filer"]:
        entry[3] = {"noe": "annet"} if entry[0] == "dokument" else [["x"]]
    cache_file.write_text(json.dumps(data), encoding="utf-8")
    cache = Cache.for_repository(root)
    assert [f.kode for f in check_repository(root, TODAY, cache).findings] == []
    assert cache.computed > 0


class _Runs:
    """What a crafted pickle makes `pickle.load` do: call a function of the attacker's choice."""

    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self) -> tuple[object, tuple[str, str]]:
        return (os.system, (f"touch {self.marker}",))


@pytest.mark.parametrize("name", ["handbok-cache.pickle", "handbok-cache.json"])
def test_a_planted_pickle_never_runs(tmp_path: Path, name: str) -> None:
    """A cache file in a handed-over folder is data at most: nothing in it is executed."""
    root = repo(tmp_path)
    marker = tmp_path / "koden-kjorte"
    (root / ".git" / name).write_bytes(pickle.dumps((Cache(None).fingerprint or "x", _Runs(marker))))
    assert main(["--rot", str(root), "sjekk", "--dato", "2026-01-01"], io.StringIO(), io.StringIO()) == 0
    assert not marker.exists()


def test_only_the_repositorys_own_git_folder_is_read(tmp_path: Path) -> None:
    """A .git that is a link (to a shared or handed-over folder), or a cache file that is a link, is not used."""
    root = repo(tmp_path)
    assert codes(root) == []
    shared = tmp_path / "delt.git"
    (root / ".git").rename(shared)
    (root / ".git").symlink_to(shared, target_is_directory=True)
    assert Cache.for_repository(root).path is None
    (root / ".git").unlink()
    (root / ".git").mkdir()
    (root / ".git" / "handbok-cache.json").symlink_to(shared / "handbok-cache.json")
    assert Cache.for_repository(root).entries == {}


@pytest.mark.skipif(not hasattr(os, "getuid") or os.getuid() != 0, reason="needs root to give a folder away")
def test_a_git_folder_owned_by_someone_else_is_not_read(tmp_path: Path) -> None:
    """A handbook found upwards in a shared parent folder, whose .git another user made."""
    root = repo(tmp_path)
    assert codes(root) == []
    os.chown(root / ".git", 12345, 12345)
    assert Cache.for_repository(root).path is None
    os.chown(root / ".git", 0, 0)
    os.chown(root / ".git" / "handbok-cache.json", 12345, 12345)
    assert Cache.for_repository(root).entries == {}


def test_no_cache_outside_git_and_with_flag(tmp_path: Path) -> None:
    root = copy_base(tmp_path)
    assert main(["--rot", str(root), "sjekk", "--dato", "2026-01-01"], io.StringIO(), io.StringIO()) == 0
    assert not list(root.rglob("*cache*"))
    git(root, "init", "-q")
    assert main(["--rot", str(root), "--uten-mellomlager", "sjekk"], io.StringIO(), io.StringIO()) == 0
    assert not (root / ".git" / "handbok-cache.json").exists()
    assert main(["--rot", str(root), "sjekk", "--dato", "2026-01-01"], io.StringIO(), io.StringIO()) == 0
    assert (root / ".git" / "handbok-cache.json").exists()


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
    cache.get("dokument", "rutiner/ny.md", "abc", lambda: "ny", Codec(str, str))
    cache.save()
    assert cached_slots(root) == before | {("dokument", "rutiner/ny.md")}
