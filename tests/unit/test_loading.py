"""Loading edge cases that cannot live as files in tests/tilfeller/ (size, symlinks, case collisions)."""

from __future__ import annotations

import io
import json
import os
import shutil
import sys
from pathlib import Path

import pytest

from conftest import copy_base
from handbok.cli.main import main
from handbok.source.loading import parse_markdown

@pytest.fixture
def root(tmp_path: Path) -> Path:
    return copy_base(tmp_path)


def findings(root: Path) -> list[str]:
    out = io.StringIO()
    main(["--rot", str(root), "sjekk", "--format", "json", "--dato", "2026-01-01"], out, io.StringIO())
    return [f"{f['alvor']} {f['kode']} {f['fil']}" for f in json.loads(out.getvalue())["funn"]]


def test_five_megabyte_file(root: Path) -> None:
    text = (root / "rutiner" / "avviksmelding.md").read_text(encoding="utf-8")
    (root / "rutiner" / "avviksmelding.md").write_text(text + "x" * 5_000_000, encoding="utf-8")
    assert findings(root) == ["feil for-stor-fil rutiner/avviksmelding.md"]


def test_symlink_out_of_the_repository(root: Path, tmp_path: Path) -> None:
    secret = tmp_path / "hemmelig.md"
    secret.write_text((root / "rutiner" / "avviksmelding.md").read_text(encoding="utf-8"), encoding="utf-8")
    (root / "rutiner" / "avviksmelding.md").unlink()
    os.symlink(secret, root / "rutiner" / "avviksmelding.md")
    assert findings(root) == ["feil symlenke-utenfor rutiner/avviksmelding.md"]


def test_symlink_inside_the_repository_is_read(root: Path) -> None:
    (root / "rutiner" / "kopi").mkdir()
    shutil.move(root / "rutiner" / "avviksmelding.md", root / "rutiner" / "kopi" / "avviksmelding.md")
    os.symlink(root / "rutiner" / "kopi" / "avviksmelding.md", root / "rutiner" / "avviksmelding.md")
    assert findings(root) == []


@pytest.mark.skipif(sys.platform == "darwin", reason="case-insensitive file system cannot hold both names")
def test_ids_colliding_after_case_folding(root: Path) -> None:
    shutil.copyfile(root / "rutiner" / "avviksmelding.md", root / "rutiner" / "Avviksmelding.md")
    result = findings(root)
    assert "feil filnavn-kollisjon rutiner/avviksmelding.md" in result
    assert "feil id-ulik-filnavn rutiner/Avviksmelding.md" in result


def test_nfd_file_name_is_reported_in_nfc(root: Path) -> None:
    nfd = "ha\u030anghygiene"  # «å» as a + combining ring, as macOS writes it
    shutil.copyfile(root / "rutiner" / "avviksmelding.md", root / "rutiner" / f"{nfd}.md")
    result = findings(root)
    assert "feil id-ulik-filnavn rutiner/\u00e5nghygiene.md".replace("\u00e5nghygiene", "h\u00e5nghygiene") in result


def test_lines_are_kept_for_every_key() -> None:
    doc = parse_markdown("\ufeff---\r\nid: a\r\nansvar:\r\n  x: y\r\nlogg:\r\n  - {v: 1}\r\n---\r\nTekst\r\n",
                         "rutiner/a.md", "rutine")
    assert doc.lines == {("id",): 2, ("ansvar",): 3, ("ansvar", "x"): 4, ("logg",): 5, ("logg", 0): 6,
                         ("logg", 0, "v"): 6}
    assert doc.body == "Tekst\n" and doc.body_line == 8


def test_dangling_symlink_is_a_finding(root: Path) -> None:
    (root / "rutiner" / "avviksmelding.md").unlink()
    os.symlink(root / "rutiner" / "borte.md", root / "rutiner" / "avviksmelding.md")
    assert findings(root) == ["feil kan-ikke-lese rutiner/avviksmelding.md"]


def test_a_fifo_is_a_finding_not_a_hang(root: Path) -> None:
    os.mkfifo(root / "rutiner" / "ventende.md")
    os.mkfifo(root / "implementeringsplan.yaml.tmp")  # not read at all: not a handbook file
    assert findings(root) == ["feil ikke-vanlig-fil rutiner/ventende.md"]


def test_plan_that_is_a_fifo_is_a_finding(root: Path) -> None:
    (root / "implementeringsplan.yaml").unlink()
    os.mkfifo(root / "implementeringsplan.yaml")
    assert "feil ikke-vanlig-fil implementeringsplan.yaml" in findings(root)


@pytest.mark.parametrize("text", [
    "---\nid: a\nansvar: " + "[" * 5000 + "]" * 5000 + "\n---\n",
    "---\nid: a\n" + "".join("  " * i + f"n{i}:\n" for i in range(200)) + "---\n",
])
def test_deep_nesting_is_one_finding(text: str) -> None:
    doc = parse_markdown(text, "rutiner/a.md", "rutine")
    assert [f.kode for f in doc.findings] == ["yaml-for-dypt"] and doc.data is None
