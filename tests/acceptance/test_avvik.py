"""Deviation import and trends: real CSV files (the encodings and delimiters Excel and deviation systems
write) into a real git repository; refused files change nothing; the pages and the JSON show the trend."""

from __future__ import annotations

import codecs
import json
from pathlib import Path

import pytest

from conftest import BASE, git, run
from handbok.edit.csvfile import parse_count, parse_month
from handbok.core.statistikk import AVVIK_FIL

TODAY = "2026-01-01"
SETTINGS = """
avvik:
  kolonner: {kategori: Hovedkategori, tjenestested: Enhet, periode: Måned, antall: Antall}
  kategorier: {"Fall": fall, "Fall med skade": fall}
  tjenestesteder: {"Hjemmetjenesten Nord": nord}
"""
# Nord implemented fallforebygging on 2025-03-01 (the base plan): four months before, four after.
GOOD = """Enhet;Hovedkategori;Måned;Antall;Kategorikode
Hjemmetjenesten Nord;Fall;11.2024;10;F1
Hjemmetjenesten Nord;Fall;12.2024;12;F1
Hjemmetjenesten Nord;Fall;01.2025;9;F1
Hjemmetjenesten Nord;Fall med skade;01.2025;2;F2
Hjemmetjenesten Nord;Fall;02.2025;11;F1
Hjemmetjenesten Nord;Fall;03.2025;8;F1
Hjemmetjenesten Nord;Fall;04.2025;6;F1
Hjemmetjenesten Nord;Fall;05.2025;5;F1
Hjemmetjenesten Nord;Fall;06.2025;1 234;F1
Hjemmetjenesten Sør;Fall;07.2025;7;F1
Hjemmetjenesten Sør;Vold og trusler;07.2025;3;V1
"""


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """The mini handbook as a git repository, with the deviation export's columns in handbok.yaml and
    fallforebygging tied to the category fall."""
    root = tmp_path / "h"
    import shutil
    shutil.copytree(BASE, root)
    (root / "handbok.yaml").write_text((BASE / "handbok.yaml").read_text(encoding="utf-8") + SETTINGS, encoding="utf-8")
    routine = root / "rutiner" / "fallforebygging.md"
    routine.write_text(routine.read_text(encoding="utf-8").replace("kategorier: [pasientsikkerhet]",
                                                                  "kategorier: [pasientsikkerhet, fall]"), encoding="utf-8")
    git(root, "init", "-q")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "Håndbok")
    return root


def importer(root: Path, csv: Path, *extra: str) -> tuple[int, str, str]:
    return run("--rot", str(root), "avvik", "importer", str(csv), *extra)


def write_csv(tmp_path: Path, text: str, encoding: str = "utf-8", name: str = "eksport.csv") -> Path:
    path = tmp_path / name
    path.write_bytes(text.replace("\n", "\r\n").encode(encoding))
    return path


def counts(root: Path) -> dict:
    code, out, _ = run("--rot", str(root), "status", "--format", "json", "--dato", TODAY)
    assert code == 0
    return json.loads(out)["avvik"]


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp1252", "utf-16"])
def test_good_file_in_every_encoding_is_imported(repo: Path, tmp_path: Path, encoding: str) -> None:
    code, out, err = importer(repo, write_csv(tmp_path, GOOD, encoding))
    assert (code, err) == (0, "")
    assert "Importerte 1304 avvik" in out and "«Vold og trusler» (3)" in out and "«Kategorikode»" in out
    avvik = counts(repo)
    nord = avvik["rutiner"][0]["tjenestesteder"][0]
    assert nord["id"] == "nord" and nord["implementert"] == "2025-03-01"
    assert nord["per_maaned"]["2025-01"] == 11  # «Fall» and «Fall med skade» are both fall
    assert nord["per_maaned"]["2025-06"] == 1234  # «1 234» is a Norwegian thousand separator
    assert (nord["snitt_for"], nord["maaneder_for"]) == (11.0, 4)  # (10 + 12 + 11 + 11) / 4
    assert nord["per_maaned"]["2025-07"] == 0  # covered (Sør has July) and nothing at Nord
    assert (nord["snitt_etter"], nord["maaneder_etter"]) == (311.25, 4)  # (6 + 5 + 1234 + 0) / 4
    run_sjekk = run("--rot", str(repo), "sjekk", "--dato", TODAY)
    assert run_sjekk[0] == 0, run_sjekk[1]


def test_comma_delimited_file_with_dates_is_imported(repo: Path, tmp_path: Path) -> None:
    text = "Måned,Enhet,Antall,Hovedkategori\n2025-01-15,nord,4,Fall\n15.02.2025,Hjemmetjenesten Nord,\"3\",Fall\n"
    assert importer(repo, write_csv(tmp_path, text))[0] == 0
    assert counts(repo)["perioder"] == ["2025-01", "2025-02"]


def test_reimport_replaces_the_periods_in_the_file_and_is_idempotent(repo: Path, tmp_path: Path) -> None:
    assert importer(repo, write_csv(tmp_path, GOOD))[0] == 0
    first = (repo / AVVIK_FIL).read_bytes()
    assert importer(repo, write_csv(tmp_path, GOOD))[0] == 0
    assert (repo / AVVIK_FIL).read_bytes() == first
    correction = "Enhet;Hovedkategori;Måned;Antall\nHjemmetjenesten Nord;Fall;01.2025;1\n"
    assert importer(repo, write_csv(tmp_path, correction, name="retting.csv"))[0] == 0
    nord = counts(repo)["rutiner"][0]["tjenestesteder"][0]["per_maaned"]
    assert nord["2025-01"] == 1 and nord["2024-12"] == 12  # January replaced, December kept


def test_the_written_file_keeps_its_comments_and_crlf(repo: Path, tmp_path: Path) -> None:
    assert importer(repo, write_csv(tmp_path, GOOD))[0] == 0
    path = repo / AVVIK_FIL
    path.write_bytes(codecs.BOM_UTF8 + b"# Fra avvikssystemet, hver m\xc3\xa5ned.\r\n"
                     + path.read_bytes().replace(b"\n", b"\r\n"))
    assert importer(repo, write_csv(tmp_path, "Enhet;Hovedkategori;Måned;Antall\nnord;Fall;08.2025;2\n"))[0] == 0
    data = path.read_bytes()
    assert data.startswith(codecs.BOM_UTF8 + "# Fra avvikssystemet, hver måned.\r\n".encode())
    assert b"\n" not in data.replace(b"\r\n", b"")


@pytest.mark.parametrize(("text", "says"), [
    ("Enhet;Hovedkategori;Måned;Antall;Beskrivelse\nnord;Fall;01.2025;1;Bruker falt i stua\n", "«Beskrivelse»"),
    ("Enhet;Hovedkategori;Måned;Antall;Pasientnavn\nnord;Fall;01.2025;1;Kari\n", "«Pasientnavn»"),
    ("Enhet;Hovedkategori;Måned;Antall;Hendelse\nnord;Fall;01.2025;1;Falt på badet om natten uten alarm\n", "«Hendelse»"),
    ("Enhet;Hovedkategori;Måned;Antall;Ref\nnord;Fall;01.2025;1;15076500565\n", "fødselsnummer"),
    ("Enhet;Hovedkategori;Måned;Antall\nHjemmetjenesten Vest;Fall;01.2025;1\n", "«Hjemmetjenesten Vest» er ikke et kjent"),
    ("Enhet;Hovedkategori;Måned;Antall\nnord;Fall;Q1 2025;1\n", "«q1 2025»"),
    ("Enhet;Hovedkategori;Måned;Antall\nnord;Fall;01.2025;mange\n", "«mange» er ikke et helt tall"),
    ("Enhet;Kategori;Måned;Antall\nnord;Fall;01.2025;1\n", "mangler kolonnen «Hovedkategori»"),
])
def test_refused_file_writes_nothing(repo: Path, tmp_path: Path, text: str, says: str) -> None:
    code, out, err = importer(repo, write_csv(tmp_path, text))
    assert code == 1 and out == ""
    assert says.casefold() in err.casefold() and len(err.strip().splitlines()) == 1
    assert "15076500565" not in err and "Kari" not in err
    assert not (repo / AVVIK_FIL).exists()


@pytest.mark.parametrize(("name", "text", "says"), [
    ("lang-celle", "Enhet;Hovedkategori;Måned;Antall\nnord;Fall;01.2025;\"" + "9" * 200_000 + "\"\n", "for lang"),
    ("bare-skilletegn", ";;;\n;;;\n,,,\n", "bare skilletegn"),
], ids=["lang-celle", "bare-skilletegn"])
def test_hostile_file_is_one_line_and_writes_nothing(repo: Path, tmp_path: Path, name: str, text: str, says: str) -> None:
    """Issue 26: a field past the csv module's limit and a file of only delimiters used to end in a traceback."""
    code, out, err = importer(repo, write_csv(tmp_path, text, name=f"{name}.csv"))
    assert (code, out) == (1, "") and says in err and len(err.strip().splitlines()) == 1, err
    assert not (repo / AVVIK_FIL).exists()


def test_birth_number_check_uses_real_control_digits() -> None:
    from handbok.checks.privacy import finn_identifikatorer
    assert finn_identifikatorer("01017012345") == []  # control digits wrong: a reference number, imported as a code
    assert finn_identifikatorer("15076500565")  # a valid synthetic fødselsnummer: refused wherever it stands


def test_valid_birth_number_in_a_used_column_is_refused(repo: Path, tmp_path: Path) -> None:
    code, _, err = importer(repo, write_csv(tmp_path, "Enhet;Hovedkategori;Måned;Antall\n15076500565;Fall;01.2025;1\n"))
    assert code == 1 and "fødselsnummer" in err and "15076500565" not in err
    assert not (repo / AVVIK_FIL).exists()


def test_without_settings_the_import_says_what_to_add(tmp_path: Path) -> None:
    import shutil
    shutil.copytree(BASE, tmp_path / "h")
    code, _, err = importer(tmp_path / "h", write_csv(tmp_path, GOOD))
    assert code == 1 and "avvik:" in err and "handbok.yaml" in err


@pytest.mark.parametrize(("text", "month"), [
    ("2025-03", "2025-03"), ("2025-03-31", "2025-03"), ("03.2025", "2025-03"), ("3.2025", "2025-03"),
    ("31.03.2025", "2025-03"), ("mars 2025", "2025-03"), ("Mar. 2025", "2025-03"), ("2025M03", "2025-03"),
    ("2025-03-31 12:00", "2025-03"), ("2025-13", None), ("Q1", None), ("", None),
])
def test_months(text: str, month: str | None) -> None:
    assert parse_month(text) == month


@pytest.mark.parametrize(("text", "number"), [
    ("12", 12), ("1 234", 1234), ("1\u00a0234", 1234), ("1.234", 1234), ("12,0", 12), ("-1", None), ("1,5", None),
])
def test_counts(text: str, number: int | None) -> None:
    assert parse_count(text) == number


def test_pages_show_the_trend_with_the_caveat(repo: Path, tmp_path: Path) -> None:
    from datetime import date

    from handbok.site.build import page_input
    from handbok.site.pages import generate_pages

    assert importer(repo, write_csv(tmp_path, GOOD), "--syntetisk")[0] == 0
    made = page_input(repo, date(2026, 1, 1))
    pages = generate_pages(made.result.handbok, made.status, made.git, date(2026, 1, 1), repo / "docs")
    routine = pages["rutiner/fallforebygging.md"]
    assert isinstance(routine, str)
    assert "## Avvik over tid" in routine and "En trend er ikke bevis" in routine and "Syntetiske tall" in routine
    assert 'src="../../avvik/fallforebygging/nord.svg"' in routine
    assert "<td>11,0</td>" in routine  # the mean before, as in the JSON
    site = pages["tjenestesteder/nord.md"]
    assert isinstance(site, str) and "## Avvik over tid" in site and "Fallforebygging" in site
    svg = pages["avvik/fallforebygging/nord.svg"]
    assert isinstance(svg, str)
    assert "<title" in svg and "<desc" in svg and "Implementert 01.03.2025" in svg
    assert "avvik/avviksmelding/nord.svg" not in pages  # not tied to a deviation category
