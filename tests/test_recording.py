"""`registrer` and `evaluer`: round-trip edits of implementeringsplan.yaml that lose nothing."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

import handbok.recording as recording
import handbok.safewrite as safewrite
from conftest import copy_base
from conftest import run as handbok

PLAN = """\
# Implementeringsplan — kommentarene skal overleve.
tjenestesteder:
  - {id: nord, navn: Hjemmetjenesten Nord}   # først ute
  - {id: sor, navn: Hjemmetjenesten Sør}
faser:
  - id: fase-1
    navn: 'Fase 1'
    start: 2025-01-01
    frist: 2025-06-30
    rutiner: [fallforebygging, avviksmelding]
evalueringsskjema:
  skala: {min: 1, maks: 5}
  sporsmal:
    - {id: kjent, tekst: "De ansatte kjenner rutinen."}
    - {id: fungerer, tekst: "Rutinen fungerer i praksis."}
implementering:
  nord:
    # Nord tok fall først.
    fallforebygging:
      status: implementert   # etter fagdag
      versjon: "1.0"
      dato: 2025-03-01

    avviksmelding: {status: planlagt}
  sor:
    fallforebygging:
      status: i-gang
      versjon: '1.1'
      dato: 2025-04-01
# slutt på planen
"""


@pytest.fixture
def root(tmp_path: Path) -> Path:
    target = copy_base(tmp_path)
    (target / "implementeringsplan.yaml").write_text(PLAN, encoding="utf-8")
    return target


def run(root: Path, *args: str) -> tuple[int, str]:
    code, out, err = handbok("--rot", str(root), *args)
    return code, out + err


def plan(root: Path) -> str:
    return (root / "implementeringsplan.yaml").read_text(encoding="utf-8")


def test_registrer_changes_only_the_record(root: Path) -> None:
    code, out = run(root, "registrer", "nord", "fallforebygging", "--status", "evaluert", "--dato", "2025-09-01",
                    "--hvordan", "Fast tema: på personalmøtet")
    assert code == 0, out
    assert plan(root) == PLAN.replace(
        '      status: implementert   # etter fagdag\n      versjon: "1.0"\n      dato: 2025-03-01\n',
        '      status: evaluert       # etter fagdag\n      versjon: "1.1"\n      dato: 2025-09-01\n'
        "      hvordan: 'Fast tema: på personalmøtet'\n")


def test_registrer_flow_record_and_new_record(root: Path) -> None:
    assert run(root, "registrer", "nord", "avviksmelding", "--status", "i-gang", "--dato", "2025-05-05")[0] == 0
    assert run(root, "registrer", "sor", "fallforebygging", "--status", "implementert", "--versjon", "1.1",
               "--dato", "2025-05-06")[0] == 0
    expected = PLAN.replace(
        "    avviksmelding: {status: planlagt}\n",
        '    avviksmelding: {status: i-gang, versjon: "2.0", dato: 2025-05-05}\n',
    ).replace("      status: i-gang\n      versjon: '1.1'\n      dato: 2025-04-01\n",
              "      status: implementert\n      versjon: \"1.1\"\n      dato: 2025-05-06\n")
    assert plan(root) == expected


def test_registrer_new_site_block_keeps_trailing_comment(root: Path) -> None:
    text = PLAN.replace("  sor:\n    fallforebygging:\n      status: i-gang\n      versjon: '1.1'\n"
                        "      dato: 2025-04-01\n", "")
    (root / "implementeringsplan.yaml").write_text(text, encoding="utf-8")
    assert run(root, "registrer", "sor", "fallforebygging", "--status", "planlagt", "--dato", "2025-02-02")[0] == 0
    assert plan(root) == text.replace(
        "# slutt på planen\n",
        "  sor:\n    fallforebygging:\n      status: planlagt\n      dato: 2025-02-02\n# slutt på planen\n")


def test_evaluer_appends_and_sets_evaluert(root: Path) -> None:
    code, out = run(root, "evaluer", "nord", "fallforebygging", "--svar", "kjent=4", "fungerer=2",
                    "--merknad", "Trenger repetisjon", "--dato", "2025-10-01")
    assert code == 0, out
    assert plan(root) == PLAN.replace(
        '      status: implementert   # etter fagdag\n      versjon: "1.0"\n      dato: 2025-03-01\n',
        '      status: evaluert       # etter fagdag\n      versjon: "1.0"\n      dato: 2025-03-01\n'
        "      evalueringer:\n        - dato: 2025-10-01\n          svar: {kjent: 4, fungerer: 2}\n"
        "          merknad: Trenger repetisjon\n")


@pytest.mark.parametrize("args, message", [
    (("registrer", "vest", "fallforebygging", "--status", "planlagt"), "Tjenestestedet «vest» finnes ikke"),
    (("registrer", "nord", "fallforebyging", "--status", "planlagt"), "Mente du «fallforebygging»?"),
    (("registrer", "nord", "fallforebygging", "--status", "ferdig"), "Status «ferdig» finnes ikke"),
    (("registrer", "nord", "fallforebygging", "--status", "implementert", "--versjon", "1.2"), "høyere enn gjeldende"),
    (("registrer", "sor", "avviksmelding", "--status", "planlagt"), "gjelder ikke for sor"),
    (("registrer", "nord", "fallforebygging", "--status", "ikke-aktuelt"), "krever en begrunnelse"),
    (("evaluer", "nord", "fallforebygging", "--svar", "kjent=6"), "utenfor skalaen 1–5"),
    (("evaluer", "nord", "fallforebygging", "--svar", "nytte=3"), "finnes ikke i evalueringsskjemaet"),
    (("evaluer", "nord", "fallforebygging", "--svar", "kjent"), "spørsmål=tall"),
    (("evaluer", "sor", "fallforebygging", "--svar", "kjent=3"), "Registrer implementeringen først"),
])
def test_refusals_write_nothing(root: Path, args: tuple[str, ...], message: str) -> None:
    code, out = run(root, *args)
    assert code == 1
    assert message in out
    assert plan(root) == PLAN


def test_failure_while_writing_leaves_old_file(root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def crash(src: str, dst: str) -> None:
        raise OSError(28, "No space left on device", src, dst)

    monkeypatch.setattr(safewrite.os, "replace", crash)
    code, out = run(root, "registrer", "nord", "fallforebygging", "--status", "evaluert")
    assert code == 2 and out == f"handbok: Kunne ikke bruke «{root / 'implementeringsplan.yaml'}»: disken er full.\n"
    assert plan(root) == PLAN
    hidden = sorted(p.name for p in root.iterdir() if p.name.startswith("."))
    assert hidden == [".implementeringsplan.yaml.lock"]  # no temp file left behind; the lock stays, ignored by git


def test_concurrent_edit_is_refused(root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    real_validate = recording._validate
    someone_else = PLAN.replace("# slutt på planen", "# slutt på planen (endret av en kollega)")

    def edit_meanwhile(*args: object) -> None:
        (root / "implementeringsplan.yaml").write_text(someone_else, encoding="utf-8")
        real_validate(*args)  # type: ignore[arg-type]

    monkeypatch.setattr(recording, "_validate", edit_meanwhile)
    code, out = run(root, "registrer", "nord", "fallforebygging", "--status", "evaluert")
    assert code == 1 and "endret av noen andre" in out
    assert plan(root) == someone_else


def test_crlf_and_bom_are_kept(root: Path) -> None:
    raw = ("\ufeff" + PLAN).replace("\n", "\r\n").encode("utf-8")
    (root / "implementeringsplan.yaml").write_bytes(raw)
    assert run(root, "registrer", "nord", "avviksmelding", "--status", "planlagt", "--dato", "2025-01-02")[0] == 0
    after = (root / "implementeringsplan.yaml").read_bytes()
    assert after.startswith(b"\xef\xbb\xbf") and b"\r\n" in after and b"\n" not in after.replace(b"\r\n", b"")
    assert b"avviksmelding: {status: planlagt, dato: 2025-01-02}" in after


def test_change_that_breaks_the_plan_is_refused(root: Path) -> None:
    broken = PLAN.replace("    avviksmelding: {status: planlagt}\n", "    avviksmelding: {status: planlagt, dato: 2025-13-01}\n")
    (root / "implementeringsplan.yaml").write_text(broken, encoding="utf-8")
    # The existing error stays; registering elsewhere still works and does not touch it.
    assert run(root, "registrer", "sor", "fallforebygging", "--status", "planlagt", "--dato", "2025-02-02")[0] == 0
    assert "dato: 2025-13-01" in plan(root)
    mode = os.stat(root / "implementeringsplan.yaml").st_mode
    assert mode & 0o600 == 0o600
