"""Model: the Handbok is built from what is schema-valid without the other checks, and its status is derived once."""

from __future__ import annotations

from pathlib import Path

from handbok.checks.modell import load_model
from handbok.checks.run import check_model, check_repository
from handbok.source.cache import Cache

from conftest import TODAY, build_case, run


def test_the_model_runs_no_text_check(tmp_path: Path) -> None:
    """A fødselsnummer in a body is an error for `sjekk`; the model reads the routine and renders no text."""
    root = tmp_path / "h"
    build_case("fodselsnummer-i-tekst", root)
    cache = Cache(None)
    modell = load_model(root, TODAY, cache)
    assert modell.findings == [] and "avviksmelding" in modell.handbok.rutiner
    assert {kind for kind, _ in cache.live} == {"dokument", "skjema"}  # parsed and schema-checked, nothing else
    assert [f.kode for f in check_model(modell).findings] == ["personnummer"]


def test_a_part_with_a_schema_error_is_left_out_and_counted(tmp_path: Path) -> None:
    root = tmp_path / "h"
    build_case("ugyldig-dokumentstatus", root)
    modell = load_model(root, TODAY)
    assert "avviksmelding" not in modell.handbok.rutiner and "fallforebygging" in modell.handbok.rutiner
    assert [f.kode for f in modell.findings] == ["ugyldig-verdi"] and modell.antall_feil == 1
    assert check_repository(root, TODAY).findings == modell.findings  # the check finds nothing else here


def test_the_check_hands_on_the_model_and_its_status(tmp_path: Path) -> None:
    root = tmp_path / "h"
    build_case("fodselsnummer-i-tekst", root)
    modell = load_model(root, TODAY)
    result = check_model(modell)
    assert result.handbok is modell.handbok and result.status is modell.status  # derived once, then handed on


def test_status_warns_when_errors_leave_something_out(tmp_path: Path) -> None:
    """`handbok status` reads the model alone: an error in a text changes no number, a schema error does."""
    text_error, schema_error = tmp_path / "tekst", tmp_path / "skjema"
    build_case("fodselsnummer-i-tekst", text_error)
    build_case("ugyldig-dokumentstatus", schema_error)
    assert run("--rot", str(text_error), "status", "--dato", "2026-01-01")[2] == ""
    code, _, err = run("--rot", str(schema_error), "status", "--dato", "2026-01-01")
    assert code == 0 and err == "Obs: 1 feil i filene gjør at noe ikke er med i tallene; kjør «handbok sjekk».\n"
