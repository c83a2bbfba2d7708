"""«Lest og forstått»: the form tool's CSV or Excel export into a real git repository; only counts are stored,
a file with a person is refused and changes nothing, the share per version shows on the site pages, the
status overview, the audit document and in `handbok status`, and a MAJOR change starts the count again."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import openpyxl
import pytest

from conftest import add, copy_base, git, run
from handbok.core.bekreftelser import BEKREFTELSER_FIL

SETTINGS = """
bekreftelser:
  skjema: "https://skjema.kommune.no/lest?dok={dokument}&v={versjon}&t={tittel}&sted={tjenestested_navn}"
  ansatte:
    nord: {antall: 20, roller: {sykepleier: 8, helsefagarbeider: 12}}
    sor: 10
  terskel: 80
"""
HEADER = ["Tidspunkt", "Dokument", "Versjon", "Tjenestested", "Rolle"]


def rows(sted: str, dokument: str, versjon: str, roles: dict[str, int]) -> list[list[str]]:
    return [["2026-01-05 10:00", dokument, versjon, sted, role] for role, n in roles.items() for _ in range(n)]


# Nord: 15 of 20 confirmed fallforebygging 1.1 (7 nurses, 8 care workers); 2 more confirmed the old 1.0.
# Sør: 9 of 10 confirmed it, with no role; and 3 confirmed avviksmelding, which does not apply at Sør.
ANSWERS = (rows("Hjemmetjenesten Nord", "fallforebygging", "1.1", {"Sykepleier": 7, "helsefagarbeider": 8})
           + rows("nord", "Fallforebygging", "1.0", {"": 2}) + rows("Hjemmetjenesten Sør", "fallforebygging", "1.1", {"": 9})
           + rows("Hjemmetjenesten Nord", "avviksmelding", "2.0", {"Sykepleier": 3}))


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    root = copy_base(tmp_path)
    add(root, "handbok.yaml", (root / "handbok.yaml").read_text(encoding="utf-8") + SETTINGS)
    git(root, "init", "-q")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "Håndbok")
    return root


def export(tmp_path: Path, body: list[list[str]], header: list[str] = HEADER, name: str = "svar.csv") -> Path:
    path = tmp_path / name
    if name.endswith(".xlsx"):
        book = openpyxl.Workbook()
        sheet = book.active
        assert sheet is not None
        for row in [header, *body]:
            sheet.append(row)
        book.save(path)
    else:
        text = "\r\n".join(";".join(row) for row in [header, *body]) + "\r\n"
        path.write_bytes(text.encode("utf-8-sig"))
    return path


def importer(root: Path, path: Path) -> tuple[int, str, str]:
    return run("--rot", str(root), "bekreftelser", "importer", str(path), "--dato", "2026-01-10")


def shares(root: Path, sted: str) -> dict[str, dict]:
    code, out, _ = run("--rot", str(root), "status", "--format", "json", "--dato", "2026-01-15")
    assert code == 0
    found = json.loads(out)["bekreftelser"]["tjenestesteder"]
    return {d["id"]: d for s in found if s["id"] == sted for d in s["dokumenter"]}


@pytest.mark.parametrize("name", ["svar.csv", "svar.xlsx"])
def test_only_counts_are_stored_and_the_share_is_per_version(repo: Path, tmp_path: Path, name: str) -> None:
    code, out, err = importer(repo, export(tmp_path, ANSWERS, name=name))
    assert (code, err) == (0, ""), err
    assert out.startswith("Importerte 29 bekreftelser fra svar") and "«Tidspunkt»" in out
    text = (repo / BEKREFTELSER_FIL).read_text(encoding="utf-8")
    assert '"1.1": {antall: 15, roller: {helsefagarbeider: 8, sykepleier: 7}}' in text
    assert '"1.0": {antall: 2}' in text and "2026-01-05" not in text and "Hjemmetjenesten" not in text
    nord = shares(repo, "nord")["fallforebygging"]
    assert (nord["antall"], nord["ansatte"], nord["andel"], nord["fra_versjon"]) == (17, 20, 0.85, "1.0")
    assert nord["roller"] == [{"id": "helsefagarbeider", "skjult": False, "antall": 8, "ansatte": 12},
                              {"id": "sykepleier", "skjult": False, "antall": 7, "ansatte": 8}]
    assert shares(repo, "sor")["fallforebygging"]["andel"] == 0.9
    assert "avviksmelding" not in shares(repo, "sor")  # gjelder_for: [nord]
    avvik = shares(repo, "nord")["avviksmelding"]  # 3 nurses: a group too small to show
    assert avvik["roller"] == [{"id": "helsefagarbeider", "skjult": True, "antall": None, "ansatte": 12},
                               {"id": "sykepleier", "skjult": True, "antall": None, "ansatte": 8}]
    before = (repo / BEKREFTELSER_FIL).read_bytes()
    assert importer(repo, export(tmp_path, ANSWERS, name=name))[0] == 0  # the same export again changes nothing
    assert (repo / BEKREFTELSER_FIL).read_bytes() == before
    assert run("--rot", str(repo), "sjekk", "--dato", "2026-01-15")[0] == 0


def test_a_major_change_starts_the_count_again_and_a_minor_keeps_it(repo: Path, tmp_path: Path) -> None:
    assert importer(repo, export(tmp_path, ANSWERS))[0] == 0
    routine = repo / "rutiner" / "fallforebygging.md"
    text = routine.read_text(encoding="utf-8")
    minor = text.replace('versjon: "1.1"\n', 'versjon: "1.2"\n', 1).replace(
        '  - {versjon: "1.1", dato: 2025-02-01, endring: "Språkvask"}\n',
        '  - {versjon: "1.1", dato: 2025-02-01, endring: "Språkvask"}\n'
        '  - {versjon: "1.2", dato: 2026-01-12, endring: "Ny lenke"}\n')
    routine.write_text(minor, encoding="utf-8")
    assert shares(repo, "nord")["fallforebygging"]["antall"] == 17  # wording only: the receipts still count
    major = minor.replace('versjon: "1.2"\n', 'versjon: "2.0"\n', 1).replace(
        '  - {versjon: "1.2", dato: 2026-01-12, endring: "Ny lenke"}\n',
        '  - {versjon: "1.2", dato: 2026-01-12, endring: "Ny lenke"}\n'
        '  - {versjon: "2.0", dato: 2026-01-13, endring: "Ny praksis"}\n')
    routine.write_text(major, encoding="utf-8")
    after = shares(repo, "nord")["fallforebygging"]
    assert (after["antall"], after["andel"], after["versjon"], after["fra_versjon"]) == (0, 0.0, "2.0", "2.0")
    assert '"1.1": {antall: 15' in (repo / BEKREFTELSER_FIL).read_text(encoding="utf-8")  # kept as history
    assert importer(repo, export(tmp_path, rows("nord", "fallforebygging", "2.0", {"": 4})))[0] == 0
    assert shares(repo, "nord")["fallforebygging"]["antall"] == 4


@pytest.mark.parametrize(("column", "value", "says"), [
    ("Navn", "Kari Nordmann", "«Navn»"),
    ("E-postadresse", "kari.nordmann@example.org", "«E-postadresse»"),
    ("Ansattnummer", "15076500565", "fødselsnummer"),
    ("Kommentar", "Jeg har lest den, men forstår ikke punkt tre om fallrisiko", "«Kommentar»"),
])
def test_a_file_with_a_person_is_refused_and_changes_nothing(repo: Path, tmp_path: Path, column: str, value: str,
                                                             says: str) -> None:
    assert importer(repo, export(tmp_path, ANSWERS))[0] == 0
    before = (repo / BEKREFTELSER_FIL).read_bytes()
    body = [[*row, value] for row in rows("nord", "fallforebygging", "1.1", {"Sykepleier": 30})]
    code, out, err = importer(repo, export(tmp_path, body, [*HEADER, column], name="ny.xlsx"))
    assert code == 1 and out == "" and says in err and len(err.strip().splitlines()) == 1
    assert "Kari" not in err and "kari." not in err and "00565" not in err
    assert (repo / BEKREFTELSER_FIL).read_bytes() == before


def test_an_unknown_site_is_refused_and_unknown_documents_are_left_out(repo: Path, tmp_path: Path) -> None:
    code, _, err = importer(repo, export(tmp_path, rows("Hjemmetjenesten Vest", "fallforebygging", "1.1", {"": 1})))
    assert code == 1 and "«Hjemmetjenesten Vest» er ikke et kjent tjenestested" in err and "bekreftelser.tjenestesteder" in err
    assert not (repo / BEKREFTELSER_FIL).exists()
    odd = (rows("nord", "ukjent-rutine", "1.0", {"": 2}) + rows("nord", "fallforebygging", "9.0", {"": 1})
           + rows("", "fallforebygging", "1.1", {"": 1}) + rows("nord", "fallforebygging", "1.1", {"Vaktmester": 5}))
    code, out, _ = importer(repo, export(tmp_path, odd))
    assert code == 0 and "Ikke talt med: 1 svar ukjent dokument" not in out
    assert "2 svar ukjent dokument, 1 svar ukjent versjon, 1 svar uten tjenestested" in out
    assert "Talt med uten rolle: 5 svar" in out


def test_pages_overview_and_audit_show_the_share_for_two_sites(repo: Path, tmp_path: Path) -> None:
    from handbok.site.build import page_input
    from handbok.site.pages import generate_pages

    assert importer(repo, export(tmp_path, ANSWERS))[0] == 0
    made = page_input(repo, date(2026, 1, 15))
    pages = generate_pages(made.result.handbok, made.status, made.git, date(2026, 1, 15), repo / "docs")
    nord, sor = str(pages["tjenestesteder/nord.md"]), str(pages["tjenestesteder/sor.md"])
    assert "17 av 20 (85\u00a0%) har bekreftet versjon 1.0–1.1" in nord[nord.index("## Lest og forstått"):]
    assert "Sykepleier</a>" not in nord and "Sykepleier: 7 av 8" in nord
    assert "9 av 10 (90\u00a0%) har bekreftet versjon 1.0–1.1" in sor
    overview = str(pages["status/index.md"])
    section = overview[overview.index("## Lest og forstått"):]
    assert "Hjemmetjenesten Nord" in section and "Hjemmetjenesten Sør" in section and "85\u00a0%" in section
    audit = str(pages["tilsyn/nord.html"])
    assert "<h2>Lest og forstått</h2>" in audit and "17 av 20 (85\u00a0%) har bekreftet versjon 1.0–1.1" in audit
    code, out, _ = run("--rot", str(repo), "status", "--dato", "2026-01-15", "--tjenestested", "sor")
    assert code == 0 and "Fallforebygging: 9 av 10 (90 %) har bekreftet versjon 1.0–1.1" in out
    code, before, _ = run("--rot", str(repo), "tilsyn", "nord", "--dato", "2026-01-09")  # the day before the import
    assert code == 0 and "Lest og forstått" not in before and "17 av 20" not in before


def test_the_receipt_link_opens_the_form_filled_in_and_is_gone_without_the_setting(repo: Path, tmp_path: Path) -> None:
    from handbok.site.build import page_input
    from handbok.site.pages import generate_pages

    made = page_input(repo, date(2026, 1, 15))
    pages = generate_pages(made.result.handbok, made.status, made.git, date(2026, 1, 15), repo / "docs")
    routine = str(pages["rutiner/fallforebygging.md"])
    link = "https://skjema.kommune.no/lest?dok=fallforebygging&amp;v=1.1&amp;t=Fallforebygging&amp;sted="
    assert f'href="{link}" rel="noopener noreferrer">Jeg har lest og forstått versjon 1.1</a>' in routine
    assert f'href="{link}Hjemmetjenesten%20S%C3%B8r"' in routine
    avvik = str(pages["rutiner/avviksmelding.md"])  # applies only at Nord: the one site is filled in at once
    assert "dok=avviksmelding&amp;v=2.0&amp;t=Avviksmelding&amp;sted=Hjemmetjenesten%20Nord" in avvik
    assert "Med tjenestestedet ditt fylt ut" not in avvik
    assert "Jeg har lest og forstått versjon 1.0" in str(pages["roller/sykepleier.md"])
    add(repo, "handbok.yaml", (repo / "handbok.yaml").read_text(encoding="utf-8").replace(SETTINGS, ""))
    made = page_input(repo, date(2026, 1, 15))
    pages = generate_pages(made.result.handbok, made.status, made.git, date(2026, 1, 15), repo / "docs")
    assert "lest og forstått" not in str(pages["rutiner/fallforebygging.md"]).lower()
    assert "## Lest og forstått" not in str(pages["tjenestesteder/nord.md"])


def test_sjekk_warns_when_a_site_registers_a_document_few_have_confirmed(repo: Path, tmp_path: Path) -> None:
    assert importer(repo, export(tmp_path, rows("nord", "fallforebygging", "1.1", {"": 10})))[0] == 0
    code, out, _ = run("--rot", str(repo), "sjekk", "--format", "json", "--dato", "2026-01-15")
    found = [f for f in json.loads(out)["funn"] if f["kode"] == "bekreftelser-under-terskel"]
    assert code == 0 and [(f["fil"], f["felt"]) for f in found] == [
        ("implementering/nord.yaml", "dokumenter.fallforebygging[0]")]
    assert "10 av 20 (50 %) har bekreftet versjon 1.0–1.1; terskelen er 80 %" in found[0]["melding"]
