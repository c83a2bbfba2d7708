"""The bad-input corpus: each folder under tests/tilfeller/ is one defect laid over a valid mini handbook.

A case folder holds the files that replace or add to `_grunnlag/`, and `forventet.yaml` with the exact
findings `handbok sjekk` must report ("alvor kode fil:linje"), plus an optional `slett:` list of
base files to remove. Adding a case means adding a folder.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
import yaml

from conftest import BASE, CASES, build_case, copy_base, run, validators_agree
from handbok.source.loading import load_corpus

TODAY = "2026-01-01"


def case_names() -> list[str]:
    return sorted(p.name for p in CASES.iterdir() if p.is_dir() and not p.name.startswith("_"))


def run_sjekk(root: Path) -> tuple[int, dict]:
    code, out, err = run("--rot", str(root), "sjekk", "--format", "json", "--dato", TODAY)
    assert err == ""
    return code, json.loads(out)


def describe(finding: dict) -> str:
    where = f"{finding['fil']}:{finding['linje']}" if finding["linje"] else finding["fil"]
    return f"{finding['alvor']} {finding['kode']} {where}"


def test_base_is_clean(tmp_path: Path) -> None:
    code, report = run_sjekk(copy_base(tmp_path))
    assert report["funn"] == []
    assert code == 0


@pytest.mark.parametrize("name", case_names())
def test_fast_and_full_validator_agree(name: str, tmp_path: Path) -> None:
    build_case(name, tmp_path / "h")
    validators_agree(load_corpus(tmp_path / "h"))


def test_there_are_many_cases() -> None:
    assert len(case_names()) >= 40


@pytest.mark.parametrize("name", case_names())
def test_case(name: str, tmp_path: Path) -> None:
    spec = build_case(name, tmp_path / "h")
    code, report = run_sjekk(tmp_path / "h")
    assert sorted(describe(f) for f in report["funn"]) == sorted(spec.get("funn") or [])
    for finding in report["funn"]:
        assert finding["melding"].strip(), finding
    expected_exit = 1 if any(line.startswith("feil ") for line in spec.get("funn") or []) else 0
    assert code == expected_exit
