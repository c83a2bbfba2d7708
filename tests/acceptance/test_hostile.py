"""Hostile arguments and output files: a clear Norwegian refusal, never damage and never a traceback."""

from __future__ import annotations

import csv
import io
import os
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from conftest import copy_base
from conftest import run as handbok
from handbok.edit.recording import NyRegistrering, RecordingRefused, registrer
from handbok.scaffold.document import ScaffoldRefused, ny

NOT_UTF8 = b"\xffx".decode("utf-8", "surrogateescape")
SCRIPTS = Path(__file__).resolve().parents[2] / "scripts"


@pytest.fixture
def root(tmp_path: Path) -> Path:
    return copy_base(tmp_path)


def snapshot(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def refused(root: Path, *args: str) -> str:
    """Run a command that must be refused: exit 1, one line on stderr, nothing written; returns stderr."""
    before = snapshot(root)
    code, out, err = handbok("--rot", str(root), *args)
    assert code == 1 and out == "" and err.startswith("handbok: ") and err.count("\n") == 1, (code, out, err)
    err.encode("utf-8")  # printable: the refusal never repeats bytes that are not UTF-8
    assert snapshot(root) == before
    return err


# --- arguments ---------------------------------------------------------------------------------------------

REGISTRER = ("registrer", "nord", "avviksmelding", "--status", "i-gang")


def test_version_with_a_newline_is_refused(root: Path) -> None:
    assert "kontrolltegn (U+000A" in refused(root, *REGISTRER, "--versjon", "1.0\n")
    with pytest.raises(RecordingRefused, match="ikke en versjon"):  # the API refuses it too
        registrer(root, date(2026, 1, 1), "nord", "avviksmelding", NyRegistrering("i-gang", "1.0\n"))


@pytest.mark.parametrize("args", [
    ("ny", "rutine", "a" * 5000, "--tittel", "Lang"),
    ("ny", "funksjon", "b" * 300, "--tittel", "Lang"),
    ("ny", "rutine", "kort", "--tittel", "T" * 5000),
    (*REGISTRER, "--hvordan", "x" * 5000),
    ("evaluer", "nord", "fallforebygging", "--svar", "kjent=4", "--merknad", "m" * 5000),
    ("registrer", "n" * 5000, "avviksmelding", "--status", "i-gang"),
])
def test_very_long_arguments_are_refused(root: Path, args: tuple[str, ...]) -> None:
    assert "tegn er tillatt" in refused(root, *args)


def test_long_id_is_refused_before_it_becomes_a_file_name(root: Path) -> None:
    with pytest.raises(ScaffoldRefused, match="høyst 64 tegn"):
        ny(root, date(2026, 1, 1), "rutine", "a" * 5000, "Lang", None)


@pytest.mark.parametrize("args", [
    ("registrer", NOT_UTF8, "avviksmelding", "--status", "i-gang"),
    (*REGISTRER, "--hvordan", f"Fagdag {NOT_UTF8}"),
    (*REGISTRER, "--versjon", NOT_UTF8),
    ("evaluer", "nord", "fallforebygging", "--svar", f"kjent={NOT_UTF8}"),
    ("evaluer", "nord", "fallforebygging", "--svar", "kjent=4", "--merknad", NOT_UTF8),
    ("ny", "rutine", NOT_UTF8, "--tittel", "X"),
    ("ny", "rutine", "ny-rutine", "--tittel", NOT_UTF8),
    ("tilsyn", NOT_UTF8),
    ("tilsyn", "nord", "--ut", f"tilsyn-{NOT_UTF8}.html"),
    ("status", "--tjenestested", NOT_UTF8),
])
def test_arguments_that_are_not_utf8_are_refused(root: Path, args: tuple[str, ...]) -> None:
    assert "ikke gyldig UTF-8" in refused(root, *args)


def test_not_utf8_from_a_real_terminal(root: Path) -> None:
    """The bytes a shell passes, through a real process: one line on stderr, no UnicodeEncodeError."""
    env = {**os.environ, "PYTHONPATH": str(SCRIPTS), "LC_ALL": "C.UTF-8"}
    argv = [sys.executable.encode(), b"-m", b"handbok.cli.main", b"--rot", os.fsencode(root), *map(str.encode, REGISTRER),
            b"--hvordan", b"Fagdag \xff\xfe"]
    result = subprocess.run(argv, env=env, capture_output=True, check=False)
    err = result.stderr.decode("utf-8")
    assert result.returncode == 1 and "ikke gyldig UTF-8" in err and "Traceback" not in err


@pytest.mark.parametrize("text", ["Fagdag\nneste linje", "rød\x1b[31m", "a\tb", "nul\x00l", "snudd \u202etekst",
                                  "linje\u2028skille", "nel\x85"])
def test_control_characters_in_free_text_are_refused(root: Path, text: str) -> None:
    assert "kontrolltegn" in refused(root, *REGISTRER, "--hvordan", text)
    assert "kontrolltegn" in refused(root, "ny", "rutine", "ny-rutine", "--tittel", text)


@pytest.mark.parametrize("answer", ["kjent=²", "kjent=٣", "kjent=" + "9" * 5000])
def test_answers_that_are_not_plain_numbers_are_refused(root: Path, answer: str) -> None:
    refused(root, "evaluer", "nord", "fallforebygging", "--svar", answer)


# --- tilsyn --ut: only its own documents are replaced ------------------------------------------------------

TILSYN = ("tilsyn", "nord", "--dato", "2026-01-01")


def test_tilsyn_writes_a_new_file_and_replaces_only_its_own(root: Path, tmp_path: Path) -> None:
    target = tmp_path / "tilsyn.html"
    assert handbok("--rot", str(root), *TILSYN, "--ut", str(target))[0] == 0
    assert '<meta name="generator" content="handbok tilsyn">' in target.read_text(encoding="utf-8")
    target.write_text(target.read_text(encoding="utf-8").replace("</body>", "gammel</body>"), encoding="utf-8")
    assert handbok("--rot", str(root), *TILSYN, "--ut", str(target))[0] == 0
    assert "gammel" not in target.read_text(encoding="utf-8")


@pytest.mark.parametrize("rel", ["implementeringsplan.yaml", "handbok.yaml", "mkdocs.yml", "README.md", "rutiner/avviksmelding.md",
                                 "rutiner/ny.html", "funksjonsbeskrivelser/x.html", "docs/tilsyn.html"])
def test_tilsyn_never_writes_over_the_handbook(root: Path, rel: str) -> None:
    (root / "docs").mkdir(exist_ok=True)
    err = refused(root, *TILSYN, "--ut", str(root / rel))
    assert "Ingenting" in err or "overskrives ikke" in err or "--ut peker" in err
    assert not (root / "mkdocs.yml").exists() and not (root / "README.md").exists()


def test_tilsyn_refuses_a_file_it_did_not_write(root: Path, tmp_path: Path) -> None:
    other = tmp_path / "rapport.html"
    other.write_bytes(b"<html>en annen rapport \xff</html>")
    assert "ikke et tilsynsdokument" in refused(root, *TILSYN, "--ut", str(other))
    assert other.read_bytes() == b"<html>en annen rapport \xff</html>"


def test_tilsyn_refuses_a_symbolic_link(root: Path, tmp_path: Path) -> None:
    own = tmp_path / "tilsyn.html"
    assert handbok("--rot", str(root), *TILSYN, "--ut", str(own))[0] == 0
    link = tmp_path / "lenke.html"
    link.symlink_to(own)
    assert "symbolsk lenke" in refused(root, *TILSYN, "--ut", str(link))
    assert link.is_symlink()


# --- CSV: no cell a spreadsheet would run as a formula ------------------------------------------------------


@pytest.mark.parametrize("navn", ['=HYPERLINK("http://x.example","klikk")', "+1+1", "-2+3", "@SUM(A1)", "\tfane",
                                  "\rvogn"])
def test_status_csv_neutralises_formulas(root: Path, navn: str) -> None:
    plan = root / "implementeringsplan.yaml"
    quoted = navn.replace("\\", "\\\\").replace('"', '\\"').replace("\t", "\\t").replace("\r", "\\r")
    plan.write_text(plan.read_text(encoding="utf-8").replace("navn: Hjemmetjenesten Nord", f'navn: "{quoted}"'),
                    encoding="utf-8")
    code, out, _ = handbok("--rot", str(root), "status", "--format", "csv", "--dato", "2026-01-01")
    assert code == 0
    rows = list(csv.reader(io.StringIO(out.lstrip("\ufeff")), delimiter=";"))
    nord = next(row for row in rows if row[0] == "nord")
    assert nord[1] == "'" + navn
    assert nord[2].isdigit() and nord[-4].replace(",", "").isdigit()  # our own numbers stay numbers
    assert not [cell for row in rows[1:] for cell in row if cell[:1] in ("=", "+", "-", "@", "\t", "\r")]
