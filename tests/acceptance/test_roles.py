"""Lighter roles, role suggestions, evaluation checkpoints and role descriptions in the plan."""

from __future__ import annotations

import json
import shutil
from datetime import date
from pathlib import Path

import pytest

from conftest import copy_base, run
from handbok.checks.run import check_repository
from handbok.core.model import Evalueringspunkter, legg_til_maaneder
from handbok.site.pages.indexes import role_index
from handbok.site.pages.mentions import omtaler
from handbok.site.pages.role import lighter_role_page
from handbok.checks.references import suggest_role

ROLES = ["avdelingsleder", "helsefagarbeider", "sykepleier", "vernepleier", "fagutviklingssykepleier",
         "hygienesykepleier", "primaerkontakt", "alle-ansatte", "amu", "fastlege"]
TITLES = {"Avdelingsleder": "avdelingsleder", "Arbeidsmiljøutvalget": "amu", "Alle ansatte": "alle-ansatte"}


@pytest.mark.parametrize("typo, meant", [
    ("sykeplier", "sykepleier"), ("avdelingsledr", "avdelingsleder"), ("helsefagarbeidar", "helsefagarbeider"),
    ("vernepleir", "vernepleier"), ("hygienesykepleir", "hygienesykepleier"), ("primarkontakt", "primaerkontakt"),
    ("alle-ansatt", "alle-ansatte"), ("arbeidsmiljoutvalget", "amu"), ("Avdelingsleder", "avdelingsleder"),
])
def test_a_misspelt_role_gets_the_role_meant(typo: str, meant: str) -> None:
    assert suggest_role(typo, ROLES, TITLES) == meant


@pytest.mark.parametrize("other", ["hjelpepleier", "spesialsykepleier", "fagsykepleier", "lege", "tjenesteleder",
                                   "fagleder", "psykiatrisk-sykepleier", "verneombud"])
def test_a_plausible_but_different_role_gets_no_suggestion(other: str) -> None:
    assert suggest_role(other, ROLES, TITLES) is None


def test_months_keep_the_day_or_take_the_last_of_the_month() -> None:
    assert legg_til_maaneder(date(2025, 1, 31), 1) == date(2025, 2, 28)
    assert legg_til_maaneder(date(2025, 11, 15), 3) == date(2026, 2, 15)


def test_checkpoints_recur() -> None:
    start = date(2025, 1, 10)
    legacy = Evalueringspunkter(90)
    assert [legacy.frist(start, n) for n in range(2)] == [date(2025, 4, 10), None]
    listed = Evalueringspunkter(90, (3, 12), 12)
    assert [listed.frist(start, n) for n in range(4)] == [date(2025, 4, 10), date(2026, 1, 10), date(2027, 1, 10),
                                                         date(2028, 1, 10)]
    yearly = Evalueringspunkter(90, (), 12)
    assert [yearly.frist(start, n) for n in range(3)] == [date(2025, 4, 10), date(2026, 1, 10), date(2027, 1, 10)]


def _with_role_phase(tmp_path: Path) -> Path:
    root = copy_base(tmp_path)
    plan = root / "implementeringsplan.yaml"
    text = plan.read_text(encoding="utf-8").replace(
        "    rutiner: [fallforebygging, avviksmelding]\n",
        "    rutiner: [fallforebygging, avviksmelding]\n  - id: roller\n    navn: Roller\n    start: 2025-01-01\n"
        "    frist: 2025-12-31\n    funksjonsbeskrivelser: [sykepleier]\n    evalueringer: [3, 12]\n")
    plan.write_text(text, encoding="utf-8")
    return root


def test_role_description_is_recorded_evaluated_and_counted(tmp_path: Path) -> None:
    root = _with_role_phase(tmp_path)
    code, out, err = run("--rot", str(root), "registrer", "nord", "sykepleier", "--status", "implementert",
                         "--dato", "2025-03-01")
    assert code == 0, err
    assert 'sykepleier:\n    - dato: 2025-03-01\n      hendelse: implementert\n      versjon: "1.0"\n' in (
        root / "implementering" / "nord.yaml").read_text(encoding="utf-8")
    code, out, _ = run("--rot", str(root), "status", "--format", "json", "--dato", "2025-07-01")
    data = json.loads(out)
    nord = data["tjenestesteder"][0]
    assert nord["antall_funksjonsbeskrivelser"] == 1 and nord["funksjonsbeskrivelser_per_status"]["implementert"] == 1
    assert data["funksjonsbeskrivelser"] == [{"id": "sykepleier", "versjon": "1.0", "per_status": {
        "ikke-startet": 1, "planlagt": 0, "i-gang": 0, "implementert": 1, "evaluert": 0, "ma-oppdateres": 0}}]
    assert {"id": "sykepleier", "dato": "2025-06-01", "forfalt": True} in nord["neste_evalueringer"]
    assert nord["antall_rutiner"] == 2  # the routine numbers keep their meaning
    code, out, err = run("--rot", str(root), "evaluer", "nord", "sykepleier", "--svar", "kjent=4", "fungerer=4",
                         "--dato", "2025-06-15")
    assert code == 0, err
    code, out, _ = run("--rot", str(root), "sjekk", "--format", "json", "--dato", "2026-03-02")
    assert [(f["kode"], f["fil"], f["felt"]) for f in json.loads(out)["funn"]] == [
        ("evaluering-forfalt", "implementering/nord.yaml", "dokumenter.sykepleier[0]")]
    code, out, _ = run("--rot", str(root), "status", "--tjenestested", "nord", "--dato", "2026-03-02")
    assert "Funksjonsbeskrivelser" in out and "01.03.2026 (forfalt)" in out


def test_retired_question_keeps_old_answers_but_takes_no_new(tmp_path: Path) -> None:
    root = copy_base(tmp_path)
    plan = root / "implementeringsplan.yaml"
    plan.write_text(plan.read_text(encoding="utf-8").replace(
        'tekst: "De ansatte kjenner rutinen."}', 'tekst: "De ansatte kjenner rutinen.", utgaatt: true}'),
        encoding="utf-8")
    code, out, _ = run("--rot", str(root), "sjekk", "--dato", "2026-01-01")
    assert code == 0, out
    code, _, err = run("--rot", str(root), "evaluer", "nord", "fallforebygging", "--svar", "kjent=4", "--dato",
                       "2025-12-01")
    assert code == 1 and "er tatt ut av" in err


def test_lighter_role_has_a_page_and_is_in_the_role_index(tmp_path: Path) -> None:
    source = Path(__file__).parents[1] / "tilfeller" / "godta-lettere-roller"
    root = copy_base(tmp_path)
    for path in source.rglob("*"):
        if path.is_file() and path.name != "forventet.yaml":
            shutil.copyfile(path, root / path.relative_to(source))
    handbok = check_repository(root, date(2026, 1, 1)).handbok
    page = lighter_role_page(handbok, handbok.innstillinger.roller["amu"], omtaler(handbok))
    assert "# Arbeidsmiljøutvalget" in page and "Utvalg, uten egen funksjonsbeskrivelse" in page
    assert "Får halvårlig oversikt over avvik i arbeidsmiljøet." in page
    index = role_index(handbok)
    assert "Grupper, utvalg og eksterne" in index and "Ekstern" in index and "../roller/fastlege/" not in index
    assert 'href="fastlege/"' in index
