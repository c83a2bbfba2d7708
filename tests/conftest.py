"""Shared fixtures: small handbooks written into temp folders, real git."""

from __future__ import annotations

import io
import os
import shutil
import subprocess
from pathlib import Path
from typing import Callable

import pytest

GIT_ENV = {
    "GIT_AUTHOR_NAME": "Test Testesen",
    "GIT_AUTHOR_EMAIL": "test@example.org",
    "GIT_COMMITTER_NAME": "Test Testesen",
    "GIT_COMMITTER_EMAIL": "test@example.org",
    "GIT_CONFIG_NOSYSTEM": "1",
    "GIT_CONFIG_GLOBAL": os.devnull,
}


def git(root: Path, *args: str, date: str = "2025-01-01T12:00:00+01:00") -> str:
    """Run git in `root` with a fixed author and date; return stdout."""
    env = {**os.environ, **GIT_ENV, "GIT_AUTHOR_DATE": date, "GIT_COMMITTER_DATE": date}
    result = subprocess.run(
        ["git", "-c", "init.defaultBranch=main", *args],
        cwd=root, env=env, check=True, capture_output=True, text=True,
    )
    return result.stdout


def write_files(root: Path, files: dict[str, str | bytes]) -> None:
    """Write a {relative path: content} dict below `root`."""
    for rel, content in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8", newline="")


@pytest.fixture
def make_repo(tmp_path: Path) -> Callable[..., Path]:
    """Return a function that writes files into a fresh git repository and commits them."""

    def make(files: dict[str, str | bytes], *, commit: bool = True) -> Path:
        root = tmp_path / "repo"
        root.mkdir(exist_ok=True)
        if not (root / ".git").exists():
            git(root, "init", "-q")
        write_files(root, files)
        if commit:
            git(root, "add", "-A")
            git(root, "commit", "-q", "-m", "Testinnhold")
        return root

    return make


# --- helpers shared by the test modules -------------------------------------------------------------

BASE = Path(__file__).parent / "tilfeller" / "_grunnlag"  # the mini handbook every case starts from


def copy_base(tmp_path: Path, name: str = "h") -> Path:
    """A copy of the mini handbook in `tmp_path / name` (no git)."""
    root = tmp_path / name
    shutil.copytree(BASE, root)
    return root


def add(root: Path, rel: str, text: str) -> None:
    """Write one file below `root`, creating its folders."""
    (root / rel).parent.mkdir(parents=True, exist_ok=True)
    (root / rel).write_text(text, encoding="utf-8")


def run(*args: str) -> tuple[int, str, str]:
    """`handbok ARGS` in-process: the exit code, stdout and stderr."""
    from handbok.cli import main

    out, err = io.StringIO(), io.StringIO()
    code = main(list(args), out, err)
    return code, out.getvalue(), err.getvalue()


ROUTINE = """---
id: {id}
tittel: {tittel}
versjon: "1.0"
dokumentstatus: {dokumentstatus}
eier: sykepleier
godkjent_av: Implementeringsteamet
godkjent_dato: 2025-01-01
revideres_innen: 2027-01-01
gjelder_for: [alle]
ansvar:
  sykepleier: "{ansvar}"
erstattet_av: {erstattet_av}
endringslogg:
  - {{versjon: "1.0", dato: 2025-01-01, endring: "Første versjon"}}
---
{tekst}
"""


def routine(id: str, tittel: str = "Test", dokumentstatus: str = "gjeldende", ansvar: str = "Gjør det.",
            erstattet_av: str = "null", tekst: str = "## Formål\n\nTekst.") -> str:
    """The text of a valid routine in force, with the given fields."""
    return ROUTINE.format(id=id, tittel=tittel, dokumentstatus=dokumentstatus, ansvar=ansvar,
                          erstattet_av=erstattet_av, tekst=tekst)
