"""Competence import: anonymous survey CSVs from forms tools into a real git repository; only counts are
stored, files with persons are refused, and a group under five answers is shown nowhere."""

from __future__ import annotations

import json
import shutil
from datetime import date
from pathlib import Path

import pytest

from conftest import BASE, git, run
from handbok.core.statistikk import KOMPETANSE_FIL

SETTINGS = """
kompetanse:
  nivaer: [Kjenner ikke til, Kjenner til, Kan utføre med veiledning, Kan utføre selvstendig]
  malniva: 3
  omrader:
    - id: fallrisiko
      navn: Kartlegging av fallrisiko
      kolonne: "Hvor trygg er du på å kartlegge fallrisiko?"
      roller: [sykepleier]
      rutiner: [fallforebygging]
    - id: avvik
      navn: Avviksmelding
      rutiner: [avviksmelding]
"""
HEADER = '"Tidsmerke","Hvor trygg er du på å kartlegge fallrisiko?","Avviksmelding"'
ANSWERS = ['"2025/09/01 10:00","1 - Kjenner ikke til","4"', '"2025/09/01 10:05","2 - Kjenner til","4"',
           '"2025/09/01 10:07","Kan utføre med veiledning",""', '"2025/09/02 08:00","4","3"',
           '"2025/09/02 08:30","2",""', '"2025/09/02 09:00","3,0",""']


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    root = tmp_path / "h"
    shutil.copytree(BASE, root)
    (root / "handbok.yaml").write_text((BASE / "handbok.yaml").read_text(encoding="utf-8") + SETTINGS, encoding="utf-8")
    git(root, "init", "-q")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "Håndbok")
    return root


def survey(tmp_path: Path, rows: list[str], header: str = HEADER, encoding: str = "utf-8-sig") -> Path:
    path = tmp_path / "svar.csv"
    path.write_bytes(("\r\n".join([header, *rows]) + "\r\n").encode(encoding))
    return path


def importer(root: Path, csv: Path, sted: str = "nord") -> tuple[int, str, str]:
    return run("--rot", str(root), "kompetanse", "importer", str(csv), "--tjenestested", sted, "--dato", "2025-09-05")


def status_json(root: Path) -> dict:
    code, out, _ = run("--rot", str(root), "status", "--format", "json", "--dato", "2026-01-01")
    assert code == 0
    return json.loads(out)["kompetanse"]


@pytest.mark.parametrize("encoding", ["utf-8-sig", "cp1252", "utf-16"])
def test_counts_per_level_are_stored_and_small_groups_hidden(repo: Path, tmp_path: Path, encoding: str) -> None:
    code, out, err = importer(repo, survey(tmp_path, ANSWERS, encoding=encoding))
    assert (code, err) == (0, "")
    assert "6 svar for nord" in out and "Færre enn 5 svar" in out and "avvik" in out and "«Tidsmerke»" in out
    text = (repo / KOMPETANSE_FIL).read_text(encoding="utf-8")
    assert "fallrisiko: [1, 2, 2, 1]" in text and "avvik: [0, 0, 1, 2]" in text and "antall_svar: 6" in text
    assert "2025/09/01" not in text  # nothing but counts
    areas = {a["id"]: a for a in status_json(repo)["tjenestesteder"][0]["omrader"]}
    # 1/2/2/1: no level, and neither side of the target (level 3), has five answers: one range, no counts inside it
    assert areas["fallrisiko"]["grupper"] == [{"fra": 1, "til": 4, "antall": 6}]
    assert areas["fallrisiko"]["per_niva"] is None and areas["fallrisiko"]["under_malniva"] is None
    assert areas["fallrisiko"]["behov_for_opplaering"] is True
    assert areas["avvik"] == {"id": "avvik", "skjult": True, "per_niva": None, "grupper": [], "under_malniva": None,
                              "behov_for_opplaering": False}
    assert run("--rot", str(repo), "sjekk", "--dato", "2026-01-01")[0] == 0


def test_site_page_shows_need_for_training_and_hides_small_groups(repo: Path, tmp_path: Path) -> None:
    from handbok.site.build import page_input
    from handbok.site.pages import generate_pages

    assert importer(repo, survey(tmp_path, ANSWERS))[0] == 0
    made = page_input(repo, date(2026, 1, 1))
    pages = generate_pages(made.result.handbok, made.status, made.git, date(2026, 1, 1), repo / "docs")
    page = pages["tjenestesteder/nord.md"]
    assert isinstance(page, str)
    section = page[page.index("## Kompetanse"):]
    assert "Behov for opplæring:</strong> Kartlegging av fallrisiko.</p>" in section  # no share of a small group
    assert "6 svar; for få på den ene siden av målet" in section and 'href="../../rutiner/fallforebygging/"' in section
    assert "1–4 (Kjenner ikke til – " in section and "3 av 6" not in section
    avvik_row = section[section.index("Avviksmelding</th>"):].split("</tr>")[0]
    assert "Færre enn 5 svar" in avvik_row and "Kan utføre" not in avvik_row
    assert "## Kompetanse" not in pages["tjenestesteder/sor.md"]


def test_reimport_replaces_the_sites_mapping(repo: Path, tmp_path: Path) -> None:
    assert importer(repo, survey(tmp_path, ANSWERS))[0] == 0
    assert importer(repo, survey(tmp_path, ANSWERS[:5]))[0] == 0
    assert "antall_svar: 5" in (repo / KOMPETANSE_FIL).read_text(encoding="utf-8")
    assert importer(repo, survey(tmp_path, ANSWERS), sted="sor")[0] == 0
    text = (repo / KOMPETANSE_FIL).read_text(encoding="utf-8")
    assert "  nord:" in text and "  sor:" in text


@pytest.mark.parametrize(("header", "row", "says"), [
    (HEADER + ',"Navn"', '"2025/09/01","2","3","Kari Nordmann"', "«Navn»"),
    (HEADER + ',"E-postadresse"', '"2025/09/01","2","3","kari@example.org"', "«E-postadresse»"),
    (HEADER + ',"Annet"', '"2025/09/01","2","3","Jeg trenger mer opplæring i dette før sommeren"', "«Annet»"),
    (HEADER, '"2025/09/01","7","3"', "ikke et nivå fra 1 til 4"),
    (HEADER, '"2025/09/01","Ekspert","3"', "ikke et nivå fra 1 til 4"),
    ('"Tidsmerke","Spørsmål 1"', '"2025/09/01","2"', "ingen kolonne for et kompetanseområde"),
])
def test_refused_survey_writes_nothing(repo: Path, tmp_path: Path, header: str, row: str, says: str) -> None:
    code, out, err = importer(repo, survey(tmp_path, [row], header=header))
    assert code == 1 and out == "" and says in err
    assert "Kari" not in err and "kari@" not in err
    assert not (repo / KOMPETANSE_FIL).exists()


def test_unknown_site_is_refused(repo: Path, tmp_path: Path) -> None:
    code, _, err = importer(repo, survey(tmp_path, ANSWERS), sted="vest")
    assert code == 1 and "«vest» finnes ikke" in err
    assert not (repo / KOMPETANSE_FIL).exists()


FIVE_ALIKE = ['"2025/09/01","1","4"'] * 5


def test_five_identical_answers_do_not_show_every_answer(repo: Path, tmp_path: Path) -> None:
    """5/0/0/0 would tell that each of the five answered level 1: the empty levels are merged with it."""
    from handbok.site.build import page_input
    from handbok.site.pages import generate_pages

    assert importer(repo, survey(tmp_path, FIVE_ALIKE))[0] == 0
    areas = {a["id"]: a for a in status_json(repo)["tjenestesteder"][0]["omrader"]}
    for area in areas.values():
        assert area["grupper"] == [{"fra": 1, "til": 4, "antall": 5}] and area["per_niva"] is None
        assert area["under_malniva"] is None
    made = page_input(repo, date(2026, 1, 1))
    page = str(generate_pages(made.result.handbok, made.status, made.git, date(2026, 1, 1),
                              repo / "docs")["tjenestesteder/nord.md"])
    section = page[page.index("## Kompetanse"):]
    assert ": 0" not in section and "5 av 5" not in section and "100" not in section


@pytest.mark.parametrize("counts, malniva, shown", [
    ((3, 4, 3, 2), 3, [(1, 2, 7), (3, 4, 5)]),  # both sides of the target have five: split there
    ((6, 0, 5, 5), 3, [(1, 2, 6), (3, 3, 5), (4, 4, 5)]),  # the empty level joins its neighbour
    ((5, 0, 0, 0), 2, [(1, 4, 5)]),
    ((1, 1, 1, 9), 3, [(1, 4, 12)]),  # three below the target: not shown apart from the nine
    ((9, 9, 9, 4), 3, [(1, 1, 9), (2, 2, 9), (3, 4, 13)]),
])
def test_every_shown_count_has_at_least_the_minimum(counts: tuple[int, ...], malniva: int,
                                                    shown: list[tuple[int, int, int]]) -> None:
    from handbok.core.kompetanse import grupper

    found = grupper(counts, malniva)
    assert [(g.fra, g.til, g.antall) for g in found] == shown
    assert all(g.antall >= 5 for g in found) and sum(g.antall for g in found) == sum(counts)
