"""git.py: the only module that runs git — checked over the source with `ast`, and against real repositories."""

from __future__ import annotations

import ast
from datetime import date
from pathlib import Path
from typing import Callable

import pytest

from conftest import git, write_files
from handbok.source import git as gitmodule
from handbok.source.git import GitError

MakeRepo = Callable[..., Path]
PACKAGE = Path(__file__).resolve().parents[2] / "scripts" / "handbok"
# GitPython (`git` at top level) we do not use at all; subprocess runs programs, and only two modules
# run one: git.py runs git, engine.py runs the Zensical engine (a program, not a library) and Pagefind's indexer.
_GITPYTHON = "git"
_RUNS_PROGRAMS = {"source/git.py": "git", "site/engine.py": "zensical"}


def _imports(tree: ast.AST) -> list[str]:
    """The top-level names of every absolute import (`from . import git` is our own module, not GitPython)."""
    names = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names += [alias.name.split(".")[0] for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.append(node.module.split(".")[0])
    return names


def _strings(tree: ast.AST) -> set[str]:
    return {node.value for node in ast.walk(tree) if isinstance(node, ast.Constant) and isinstance(node.value, str)}


def test_only_git_py_runs_git() -> None:
    """Only git.py runs git. A module that runs any program must import subprocess, so only git.py and
    engine.py may; engine.py runs Zensical (and Pagefind) and names no git command (a string "git" would be one)."""
    modules = sorted(PACKAGE.rglob("*.py"))
    assert PACKAGE / "source" / "git.py" in modules and PACKAGE / "site" / "engine.py" in modules
    offenders = [f"{path.relative_to(PACKAGE)}: import {name}" for path in modules
                 for name in _imports(ast.parse(path.read_text(encoding="utf-8"), str(path)))
                 if name == _GITPYTHON or (name == "subprocess" and path.relative_to(PACKAGE).as_posix()
                                           not in _RUNS_PROGRAMS)]
    assert offenders == [], "bare git.py skal kjøre git og bare engine.py zensical (subprocess); GitPython skal ikke brukes"
    programs = {name: _strings(ast.parse((PACKAGE / name).read_text(encoding="utf-8"))) for name in _RUNS_PROGRAMS}
    assert all(program in programs[name] for name, program in _RUNS_PROGRAMS.items())
    assert "git" not in programs["site/engine.py"]


def test_the_scan_sees_what_it_forbids() -> None:
    code = "import subprocess\nfrom git import Repo\nimport git.cmd\nfrom . import git\nfrom .git import run\n"
    assert _imports(ast.parse(code)) == ["subprocess", "git", "git"]


def test_head_date(make_repo: MakeRepo, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path))
    root = make_repo({}, commit=False)
    assert gitmodule.head_date(root) is None  # no commit yet
    make_repo({"rutiner/a.md": "a\n"})  # committed 2025-01-01T12:00:00+01:00
    assert gitmodule.head_date(root) == date(2025, 1, 1)
    outside = tmp_path / "ikke-git"
    outside.mkdir()
    assert gitmodule.head_date(outside) is None


def test_local_changes_in_the_given_paths_only(make_repo: MakeRepo) -> None:
    root = make_repo({"rutiner/a.md": "a\n", "README.md": "les meg\n"})
    paths = ("rutiner", "implementeringsplan.yaml")
    assert gitmodule.has_local_changes(root, paths) is False
    write_files(root, {"README.md": "endret\n"})
    assert gitmodule.has_local_changes(root, paths) is False
    write_files(root, {"implementeringsplan.yaml": "faser: []\n"})  # untracked counts too
    assert gitmodule.has_local_changes(root, paths) is True
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "Plan")
    write_files(root, {"rutiner/a.md": "b\n"})
    assert gitmodule.has_local_changes(root, paths) is True


def test_unknown_ref_is_one_norwegian_line(make_repo: MakeRepo) -> None:
    root = make_repo({"rutiner/a.md": "a\n"})
    with pytest.raises(GitError) as caught:
        gitmodule.merge_base(root, "origin/finnes-ikke")
    message = str(caught.value)
    assert message.startswith("git merge-base feilet")
    assert "«origin/finnes-ikke»" in message and "fetch-depth: 0" in message
    assert "\n" not in message


def test_git_missing_is_told_in_norwegian(make_repo: MakeRepo, monkeypatch: pytest.MonkeyPatch) -> None:
    root = make_repo({"rutiner/a.md": "a\n"})
    monkeypatch.setenv("PATH", "")
    with pytest.raises(GitError, match=r"^Fant ikke git\. Installer git og prøv igjen\.$"):
        gitmodule.merge_base(root, "main")
    assert gitmodule.head_date(root) is None and gitmodule.is_shallow(root) is None


def test_merge_base_ls_tree_and_blobs(make_repo: MakeRepo) -> None:
    root = make_repo({"rutiner/a.md": "først\n", "rutiner/sårstell.md": "s\n", "docs/om.md": "o\n"})
    first = git(root, "rev-parse", "HEAD").strip()
    git(root, "checkout", "-q", "-b", "endring")
    write_files(root, {"rutiner/a.md": "så\n"})
    git(root, "commit", "-qam", "Endring")

    assert gitmodule.merge_base(root, "main") == first
    assert gitmodule.ls_tree(root, "main", ["rutiner/"]) == [("blob", "rutiner/a.md"), ("blob", "rutiner/sårstell.md")]
    assert gitmodule.read_blobs(root, [("main", "rutiner/a.md"), ("HEAD", "rutiner/a.md"),
                                       ("HEAD", "rutiner/finnes-ikke.md")]) == ["først\n", "så\n", None]
    assert gitmodule.is_shallow(root) is False


def test_any_failure_says_what_to_check(make_repo: MakeRepo) -> None:
    root = make_repo({}, commit=False)
    with pytest.raises(GitError) as caught:
        gitmodule.log(root, "HEAD")
    assert str(caught.value).startswith("git log feilet (git sier: ")
    assert f"Sjekk at {root} er et git-repo med minst én commit" in str(caught.value)
