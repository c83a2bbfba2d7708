"""The CLI contract: output formats, exit codes 0/1/2, and `ny`."""

from __future__ import annotations

import io
import json
import shutil
from pathlib import Path

import pytest

from handbok.cli import main
from handbok.scaffold import ScaffoldError, _create_exclusive

BASE = Path(__file__).parent / "tilfeller" / "_grunnlag"


@pytest.fixture
def root(tmp_path: Path) -> Path:
    shutil.copytree(BASE, tmp_path / "h")
    return tmp_path / "h"


def run(*args: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(list(args), out, err)
    return code, out.getvalue(), err.getvalue()


def test_sjekk_text_line_format(root: Path) -> None:
    path = root / "rutiner" / "avviksmelding.md"
    path.write_text(path.read_text(encoding="utf-8").replace("eier: avdelingsleder", "eier: avdelingsledr"),
                    encoding="utf-8")
    code, out, _ = run("--rot", str(root), "sjekk", "--dato", "2026-01-01")
    assert code == 1
    assert out.splitlines() == [
        "rutiner/avviksmelding.md:6: feil[ukjent-rolle] eier: Rollen «avdelingsledr» finnes ikke. "
        "Mente du «avdelingsleder»?",
        "1 feil.",
    ]


def test_streng_makes_warnings_fail(root: Path) -> None:
    assert run("--rot", str(root), "sjekk", "--dato", "2027-03-01")[0] == 0
    code, out, _ = run("--rot", str(root), "sjekk", "--dato", "2027-03-01", "--streng", "--format", "json")
    assert code == 1
    assert json.loads(out)["antall_advarsler"] == 1


@pytest.mark.parametrize("args", [
    ("sjekk", "--format", "xml"),
    ("sjekk", "--dato", "01.02.2026"),
    ("registrer", "nord"),
    ("finnes-ikke",),
])
def test_usage_errors_exit_2_in_norwegian(root: Path, args: tuple[str, ...]) -> None:
    code, out, err = run("--rot", str(root), *args)
    assert code == 2
    assert err.startswith("handbok: ") and "Traceback" not in err


def test_not_a_handbook_exit_2(tmp_path: Path) -> None:
    code, _, err = run("--rot", str(tmp_path), "sjekk")
    assert code == 2 and "Fant ingen håndbok" in err


def test_ny_rutine_is_valid_and_never_overwrites(root: Path) -> None:
    code, out, _ = run("--rot", str(root), "ny", "rutine", "ernaering", "--tittel", "Ernæring: måltider",
                       "--eier", "sykepleier")
    assert code == 0 and "rutiner/ernaering.md" in out
    assert run("--rot", str(root), "sjekk", "--dato", "2026-01-01")[0] == 0
    before = (root / "rutiner" / "ernaering.md").read_bytes()
    code, out, _ = run("--rot", str(root), "ny", "rutine", "ernaering", "--tittel", "Annet")
    assert code == 1 and "finnes allerede" in out
    assert (root / "rutiner" / "ernaering.md").read_bytes() == before


def test_ny_funksjon_and_bad_id(root: Path) -> None:
    assert run("--rot", str(root), "ny", "funksjon", "ergoterapeut", "--tittel", "Ergoterapeut")[0] == 0
    code, out, _ = run("--rot", str(root), "ny", "funksjon", "Fysio Terapeut", "--tittel", "X")
    assert code == 1 and "«fysio-terapeut»" in out


def test_create_exclusive_refuses_a_file_created_meanwhile(tmp_path: Path) -> None:
    target = tmp_path / "a.md"
    target.write_text("kollegaens tekst", encoding="utf-8")
    with pytest.raises(ScaffoldError):
        _create_exclusive(target, "min tekst")
    assert target.read_text(encoding="utf-8") == "kollegaens tekst"
    assert [p.name for p in tmp_path.iterdir()] == ["a.md"]
