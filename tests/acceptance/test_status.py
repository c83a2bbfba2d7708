"""Derived status, checked against expectations computed by hand (DESIGN.md definitions)."""

from __future__ import annotations

import io
import json
from datetime import date
from pathlib import Path

import pytest

from conftest import run as handbok
from conftest import STATUS_PLAN as PLAN
from conftest import status_rutine as rutine
from conftest import write_files
from handbok.checks.run import check_repository
from handbok.cli.main import main
from handbok.core.status import Status, beregn_status, snitt_per_sporsmal, uevaluerte


@pytest.fixture
def handbok_root(tmp_path: Path) -> Path:
    write_files(tmp_path, {
        "rutiner/a.md": rutine("a", "2.0"),
        "rutiner/b.md": rutine("b", "1.1"),
        "rutiner/c.md": rutine("c", "1.0"),
        "rutiner/d.md": rutine("d", "1.0", gjelder="[sor]"),
        "rutiner/e.md": rutine("e", "1.0"),
        "rutiner/x.md": rutine("x", "1.0", status="utkast"),
        "funksjonsbeskrivelser/sykepleier.md": "---\nid: sykepleier\ntittel: Sykepleier\nformaal: F.\nansvar: [A]\n---\n",
        "implementeringsplan.yaml": PLAN,
    })
    return tmp_path


def compute(root: Path, today: date) -> Status:
    result = check_repository(root, today)
    assert [f for f in result.findings if f.alvor == "feil"] == []
    return beregn_status(result.handbok, today)


def test_cells_by_hand(handbok_root: Path) -> None:
    status = compute(handbok_root, date(2026, 3, 10))
    # nord: a drifted (1.0 < major 2), b minor change only, c in progress, d does not apply, e not relevant.
    assert status.celle("nord", "a").status == "ma-oppdateres"
    assert [str(e.versjon) for e in status.celle("nord", "a").endringer] == ["1.1", "2.0"]
    assert status.celle("nord", "b").status == "evaluert"
    assert status.celle("nord", "c").status == "i-gang"
    assert status.celle("nord", "d").status == "gjelder-ikke" and not status.celle("nord", "d").gjelder
    assert status.celle("nord", "e").status == "ikke-aktuelt" and not status.celle("nord", "e").gjelder
    # sor: e has no record -> ikke-startet; x is a draft and never counts.
    assert status.celle("sor", "e").status == "ikke-startet"
    assert [c.dokument for c in status.sted("sor").celler] == ["a", "b", "c", "d", "e"]


def test_site_numbers_by_hand(handbok_root: Path) -> None:
    status = compute(handbok_root, date(2026, 3, 10))
    nord = status.sted("nord")
    assert nord.antall_rutiner == 3  # a, b, c (d not for nord, e ikke-aktuelt)
    assert nord.per_status == {"ikke-startet": 0, "planlagt": 0, "i-gang": 1, "implementert": 0,
                               "evaluert": 1, "ma-oppdateres": 1}
    assert nord.andel_implementert == pytest.approx(1 / 3)
    assert nord.ma_oppdateres == ("a",)
    sor = status.sted("sor")
    assert sor.antall_rutiner == 5
    assert sor.per_status == {"ikke-startet": 2, "planlagt": 1, "i-gang": 0, "implementert": 1,
                              "evaluert": 1, "ma-oppdateres": 0}
    assert sor.andel_implementert == pytest.approx(2 / 5)


@pytest.mark.parametrize("today, late_nord, late_sor", [
    # f1 (a, b) ends 2026-03-09, f2 (c) 2026-03-10, f3 (d, e) 2026-03-11; "before today" is strict. nord implemented
    # a at 1.0 before 2.0 (approved 2025-01-01): its deadline is the re-implementation's, 90 days later, long past.
    (date(2026, 3, 9), ("a",), ()),
    (date(2026, 3, 10), ("a",), ()),
    (date(2026, 3, 11), ("a", "c"), ("c",)),
    (date(2026, 3, 12), ("a", "c"), ("c", "d", "e")),
])
def test_forsinket_yesterday_today_tomorrow(handbok_root: Path, today: date, late_nord: tuple, late_sor: tuple) -> None:
    status = compute(handbok_root, today)
    assert status.sted("nord").forsinket == late_nord
    assert status.sted("sor").forsinket == late_sor


def test_per_routine_counts(handbok_root: Path) -> None:
    status = compute(handbok_root, date(2026, 3, 10))
    assert status.rutine("a").per_status["ma-oppdateres"] == 1
    assert status.rutine("a").per_status["evaluert"] == 1
    assert status.rutine("d").antall_steder == 1  # only sor
    assert status.rutine("e").antall_steder == 1  # nord is ikke-aktuelt
    assert [r.rutine.id for r in status.rutiner] == ["a", "b", "c", "d", "e"]


def test_evaluation_averages(handbok_root: Path) -> None:
    status = compute(handbok_root, date(2026, 3, 10))
    record = status.celle("nord", "b").registrering
    assert record is not None
    assert snitt_per_sporsmal(record.evalueringer) == {"kjent": 4.5, "virker": 2.5}


def test_missing_evaluation_after_90_days(handbok_root: Path) -> None:
    # sor/b implemented 2025-06-01 without evaluation: day 90 is 2025-08-30.
    assert not compute(handbok_root, date(2025, 8, 30)).celle("sor", "b").mangler_evaluering
    assert compute(handbok_root, date(2025, 8, 31)).celle("sor", "b").mangler_evaluering
    assert not compute(handbok_root, date(2026, 3, 10)).celle("nord", "b").mangler_evaluering


@pytest.mark.parametrize("today", [date(2025, 8, 30), date(2025, 8, 31), date(2026, 3, 10)])
def test_uevaluerte_agrees_with_the_full_status(handbok_root: Path, today: date) -> None:
    handbok = check_repository(handbok_root, today).handbok
    full = beregn_status(handbok, today)
    expected = {(c.sted, c.dokument) for s in full.steder for c in s.celler if c.mangler_evaluering}
    assert {(c.sted, c.dokument) for c in uevaluerte(handbok, today)} == expected
    # sor/b from day 91; nord/a implemented 2025-06-01 at 1.0 is må oppdateres (not due); nord/b is evaluated.
    assert expected == ({("sor", "b")} if today > date(2025, 8, 30) else set())


def run(root: Path, *args: str) -> tuple[int, str]:
    code, out, _ = handbok("--rot", str(root), *args)
    return code, out


def test_cli_json_contract(handbok_root: Path) -> None:
    code, text = run(handbok_root, "status", "--format", "json", "--dato", "2026-03-10")
    data = json.loads(text)
    assert code == 0
    assert data["dato"] == "2026-03-10"
    nord = data["tjenestesteder"][0]
    assert nord == {"id": "nord", "navn": "Nord", "antall_rutiner": 3,
                    "per_status": {"ikke-startet": 0, "planlagt": 0, "i-gang": 1, "implementert": 0,
                                   "evaluert": 1, "ma-oppdateres": 1},
                    "andel_implementert": 0.3333, "forsinket": ["a"], "ma_oppdateres": ["a"],
                    "antall_funksjonsbeskrivelser": 0, "funksjonsbeskrivelser_per_status": {
                        "ikke-startet": 0, "planlagt": 0, "i-gang": 0, "implementert": 0, "evaluert": 0,
                        "ma-oppdateres": 0},
                    "funksjonsbeskrivelser_forsinket": [], "funksjonsbeskrivelser_ma_oppdateres": [],
                    "neste_evalueringer": [],
                    "tiltak": {"apen": 0, "lukket": 0, "forfalt": 0}, "lav_evaluering_uten_tiltak": [],
                    "reimplementering": [{"id": "a", "frist": "2025-04-01", "forsinket": True}]}
    assert data["funksjonsbeskrivelser"] == []
    assert data["rutiner"][0] == {"id": "a", "versjon": "2.0", "per_status": {
        "ikke-startet": 0, "planlagt": 0, "i-gang": 0, "implementert": 0, "evaluert": 1, "ma-oppdateres": 1}}


def test_cli_csv_has_bom_and_same_numbers(handbok_root: Path) -> None:
    code, text = run(handbok_root, "status", "--format", "csv", "--dato", "2026-03-10")
    assert code == 0 and text.startswith("\ufeff")
    rows = [line.split(";") for line in text.lstrip("\ufeff").splitlines()]
    assert rows[1][:9] == ["nord", "Nord", "3", "0", "0", "1", "0", "1", "1"]
    assert rows[2][9] == "0,4000"
    assert rows[0][-2:] == ["dato", "reimplementering_frister"] and rows[1][-1] == "a:2025-04-01"


def test_cli_text_table_and_site(handbok_root: Path) -> None:
    code, text = run(handbok_root, "status", "--dato", "2026-03-10")
    assert code == 0
    assert text.startswith("Implementeringsstatus per 10.03.2026\n")
    assert "Nord" in text and "33 %" in text and "40 %" in text
    code, text = run(handbok_root, "status", "--tjenestested", "nord", "--dato", "2026-03-10")
    assert text.startswith("Nord per 10.03.2026: 1 av 3 rutiner implementert (33 %)\n")
    assert "Må oppdateres" in text and "2.0 (03.01.2025): Endring 2.0" in text
    assert "  4,5  Kjent" in text
    assert "Ikke aktuelt" in text and "Har ikke nattjeneste." in text


def test_cli_unknown_site_is_one_line_exit_2(handbok_root: Path) -> None:
    out, err = io.StringIO(), io.StringIO()
    assert main(["--rot", str(handbok_root), "status", "--tjenestested", "vest"], out, err) == 2
    assert err.getvalue().count("\n") == 1 and "vest" in err.getvalue()


def test_an_inactive_site_is_left_out_but_its_records_stay(handbok_root: Path) -> None:
    plan = handbok_root / "implementeringsplan.yaml"
    plan.write_text(PLAN.replace("{id: sor, navn: Sør}", "{id: sor, navn: Sør, aktiv: false}"), encoding="utf-8")
    today = date(2026, 3, 12)
    status = compute(handbok_root, today)  # no errors: aktiv is valid, and sor's records still refer to a site
    assert [s.sted.id for s in status.steder] == ["nord"]
    assert status.rutine("d").antall_steder == 0  # d applies only to sor
    assert all(c.sted == "nord" for c in uevaluerte(check_repository(handbok_root, today).handbok, today))
    handbok_model = check_repository(handbok_root, today).handbok
    assert handbok_model.plan.registrering("sor", "a") is not None
    code, out, _ = handbok("--rot", str(handbok_root), "status", "--format", "json", "--dato", "2026-03-12")
    assert code == 0 and [s["id"] for s in json.loads(out)["tjenestesteder"]] == ["nord"]
