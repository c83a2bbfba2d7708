"""`handbok pr-sjekk`: each rule with a failing and a passing case, in real git repositories."""

from __future__ import annotations

import io
import unicodedata
from pathlib import Path

import pytest

from conftest import copy_base, git
from handbok.cli import main

FALL = "rutiner/fallforebygging.md"


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    root = copy_base(tmp_path, "repo")
    git(root, "init", "-q")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "Første versjon av håndboka")
    git(root, "checkout", "-q", "-b", "endring")
    return root


def edit(root: Path, rel: str, *pairs: tuple[str, str]) -> None:
    path = root / rel
    text = path.read_text(encoding="utf-8")
    for old, new in pairs:
        assert old in text, old
        text = text.replace(old, new, 1)
    path.write_text(text, encoding="utf-8")


def pr_sjekk(root: Path) -> tuple[int, list[str]]:
    out = io.StringIO()
    code = main(["--rot", str(root), "pr-sjekk", "--base", "main"], out, io.StringIO())
    return code, out.getvalue().splitlines()


BUMP_MINOR = ('versjon: "1.1"', 'versjon: "1.2"')
LOG_1_2 = ('endring: "Språkvask"}', 'endring: "Språkvask"}\n  - {versjon: "1.2", dato: 2026-01-05, endring: "Tydeligere"}')


def test_unchanged_passes(repo: Path) -> None:
    assert pr_sjekk(repo) == (0, ["Alt i orden: ingen feil eller advarsler."])


def test_text_change_without_bump_is_refused(repo: Path) -> None:
    edit(repo, FALL, ("Forebygge fall hos brukere", "Forebygge fall og skader hos brukere"))
    code, lines = pr_sjekk(repo)
    assert code == 1
    assert lines[0].startswith(f"{FALL}:5: feil[pr-mangler-versjonsokning] versjon: Teksten er endret, men versjon "
                               'er fortsatt 1.1. Øk versjon til "1.2"')


def test_text_change_with_bump_and_log_passes(repo: Path) -> None:
    edit(repo, FALL, ("Forebygge fall hos brukere", "Forebygge fall og skader hos brukere"), BUMP_MINOR, LOG_1_2)
    assert pr_sjekk(repo)[0] == 0


def test_bump_without_log_is_refused(repo: Path) -> None:
    edit(repo, FALL, ("Forebygge fall hos brukere", "Forebygge fall og skader hos brukere"), BUMP_MINOR)
    code, lines = pr_sjekk(repo)
    assert code == 1 and "feil[pr-mangler-endringslogg]" in lines[0]


@pytest.mark.parametrize("change", [
    ("  helsefagarbeider: Melder endringer", "  helsefagarbeider: Melder straks endringer"),
    ("gjelder_for: [alle]", "gjelder_for: [nord]"),
])
def test_ansvar_or_gjelder_for_change_needs_bump(repo: Path, change: tuple[str, str]) -> None:
    edit(repo, FALL, change)
    code, lines = pr_sjekk(repo)
    assert code == 1 and "pr-mangler-versjonsokning" in lines[0]


def test_title_only_change_passes(repo: Path) -> None:
    edit(repo, FALL, ("tittel: Fallforebygging", "tittel: Forebygging av fall"))
    assert pr_sjekk(repo)[0] == 0


def test_version_down_is_refused(repo: Path) -> None:
    edit(repo, FALL, ('versjon: "1.1"', 'versjon: "1.0"'))
    code, lines = pr_sjekk(repo)
    assert code == 1 and "feil[pr-versjon-ned]" in lines[0]


def test_major_bump_needs_godkjent_dato_and_warns_about_sites(repo: Path) -> None:
    edit(repo, FALL, ('versjon: "1.1"', 'versjon: "2.0"'),
         ('endring: "Språkvask"}', 'endring: "Språkvask"}\n  - {versjon: "2.0", dato: 2026-01-05, endring: "Ny praksis"}'))
    code, lines = pr_sjekk(repo)
    assert code == 1
    assert any("feil[pr-major-uten-godkjent-dato]" in line for line in lines)
    warning = next(line for line in lines if "advarsel[pr-major-reimplementering]" in line)
    assert warning.endswith("Dette gjelder nå: nord.")
    edit(repo, FALL, ("godkjent_dato: 2025-02-01", "godkjent_dato: 2026-01-05"))
    code, lines = pr_sjekk(repo)
    assert code == 0 and any("advarsel[pr-major-reimplementering]" in line for line in lines)


def test_deleting_a_role_file_is_refused(repo: Path) -> None:
    (repo / "funksjonsbeskrivelser" / "helsefagarbeider.md").unlink()
    code, lines = pr_sjekk(repo)
    assert code == 1
    assert lines[0].startswith("funksjonsbeskrivelser/helsefagarbeider.md: feil[pr-slettet-fil] Filen er slettet")


def test_renaming_a_routine_is_refused(repo: Path) -> None:
    git(repo, "mv", FALL, "rutiner/fall.md")
    edit(repo, "rutiner/fall.md", ("id: fallforebygging", "id: fall"))
    code, lines = pr_sjekk(repo)
    assert code == 1 and any("pr-slettet-fil" in line for line in lines)


def test_changing_an_id_is_refused(repo: Path) -> None:
    edit(repo, FALL, ("id: fallforebygging", "id: fall-forebygging"))
    code, lines = pr_sjekk(repo)
    assert code == 1 and any("feil[pr-endret-id]" in line for line in lines)


def test_compares_with_merge_base_not_with_moved_main(repo: Path) -> None:
    git(repo, "checkout", "-q", "main")
    edit(repo, FALL, ("Forebygge fall hos brukere", "Main endret teksten"), BUMP_MINOR, LOG_1_2)
    git(repo, "commit", "-qam", "Endring på main")
    git(repo, "checkout", "-q", "endring")
    assert pr_sjekk(repo)[0] == 0


def test_unknown_base_is_exit_2(repo: Path) -> None:
    err = io.StringIO()
    assert main(["--rot", str(repo), "pr-sjekk", "--base", "origin/finnes-ikke"], io.StringIO(), err) == 2
    assert "fetch-depth: 0" in err.getvalue()


def test_a_file_committed_with_an_nfd_name_is_not_taken_for_deleted(repo: Path) -> None:
    # macOS writes «å» decomposed; the loader and pr-sjekk both compare names in NFC.
    nfd = unicodedata.normalize("NFD", "rutiner/håndhygiene.md")
    text = (repo / FALL).read_text(encoding="utf-8").replace("id: fallforebygging", "id: handhygiene")
    (repo / nfd).write_text(text, encoding="utf-8")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "Håndhygiene")
    git(repo, "branch", "-f", "main")
    assert not any("pr-slettet-fil" in line for line in pr_sjekk(repo)[1])
    (repo / nfd).unlink()
    code, lines = pr_sjekk(repo)
    assert code == 1 and lines[0].startswith("rutiner/håndhygiene.md: feil[pr-slettet-fil]")
