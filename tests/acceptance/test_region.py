"""Regional overview: `handbok region` over real, generated handbook repositories in one run."""

from __future__ import annotations

import csv
import io
import json
import shutil
import sys
from pathlib import Path

from conftest import BASE, git, run

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "benchmarks"))
from generer import DATO, generer  # noqa: E402


def _guideline(root: Path) -> None:
    """Make the first routine a national guideline in this handbook."""
    first = sorted((root / "rutiner").glob("*.md"))[0]
    first.write_text(first.read_text(encoding="utf-8").replace("\ntittel:", "\ntype: retningslinje\ntittel:", 1),
                     encoding="utf-8")


def test_three_generated_handbooks_and_a_broken_one(tmp_path: Path) -> None:
    roots = [generer(tmp_path / f"kommune-{n}", rutiner=12, funksjoner=5, tjenestesteder=3, per_sted=8, commits=3,
                     seed=n) for n in (1, 2, 3)]
    for root in roots:
        _guideline(root)
    broken = tmp_path / "ødelagt"
    shutil.copytree(BASE, broken)
    (broken / "implementeringsplan.yaml").write_text("tjenestesteder: [\n", encoding="utf-8")
    git(broken, "init", "-q")
    not_a_handbook = tmp_path / "tom"
    not_a_handbook.mkdir()
    code, out, err = run("region", *map(str, [*roots, broken, not_a_handbook]), "--ut", str(tmp_path / "ut"),
                         "--dato", DATO.isoformat())
    assert code == 1 and err == ""  # one folder is not a handbook; the rest is still reported
    lines = out.splitlines()
    assert any(line.strip().startswith("tom: er ikke en håndbok") for line in lines), out
    broken_line = next(line for line in lines if "Rutinehåndbok for hjemmetjenesten" in line)  # its handbok.yaml name
    assert "Obs: " in broken_line and "feil" in broken_line

    data = json.loads((tmp_path / "ut" / "region.json").read_text(encoding="utf-8"))
    assert [k["mappe"] for k in data["kommuner"]] == [str(p) for p in [*roots, broken, not_a_handbook]]
    assert data["kommuner"][3]["antall_feil"] >= 1 and data["kommuner"][4]["problem"]
    guideline = sorted(p.stem for p in (roots[0] / "rutiner").glob("*.md"))[0]
    assert data["dokumenter"][0]["type"] == "retningslinje"
    for root, kommune in zip(roots, data["kommuner"]):
        code, status_out, _ = run("--rot", str(root), "status", "--format", "json", "--dato", DATO.isoformat())
        status = json.loads(status_out)
        for routine in status["rutiner"]:
            row = next(r for r in data["rader"] if r["kommune"] == kommune["navn"] and r["dokument"] == routine["id"])
            done = routine["per_status"]["implementert"] + routine["per_status"]["evaluert"]
            assert row["implementert"] == done, (root, routine)
            assert row["ma_oppdateres"] == routine["per_status"]["ma-oppdateres"]
            assert row["antall_steder"] == sum(routine["per_status"].values())
            forsinket = sum(routine["id"] in s["forsinket"] for s in status["tjenestesteder"])
            assert row["forsinket"] == forsinket
    assert any(r["dokument"] == guideline and r["type"] == "retningslinje" for r in data["rader"])

    rows = list(csv.reader(io.StringIO((tmp_path / "ut" / "region.csv").read_text(encoding="utf-8-sig")), delimiter=";"))
    assert rows[0][0] == "dato (ÅÅÅÅ-MM-DD)" and rows[1][0] == DATO.isoformat()
    assert len(rows) == 1 + len(data["rader"])
    page = (tmp_path / "ut" / "region.html").read_text(encoding="utf-8")
    assert "Retningslinje" in page and "http" not in page.replace("http-equiv", "")  # nothing from elsewhere
    assert run("region", *map(str, roots), "--format", "csv", "--dato", DATO.isoformat())[0] == 0


def test_a_title_its_own_check_refuses_is_masked_in_every_output(tmp_path: Path) -> None:
    """The overview does not run each handbook's text checks: an identifier in a title is masked as it is read."""
    root = tmp_path / "kommune"
    shutil.copytree(BASE, root)
    routine = root / "rutiner" / "avviksmelding.md"
    routine.write_text(routine.read_text(encoding="utf-8").replace("tittel: Avviksmelding",
                                                                   "tittel: Avvik for 010190 12480"), encoding="utf-8")
    assert run("--rot", str(root), "sjekk", "--dato", DATO.isoformat())[0] == 1  # its own check refuses it
    code, out, _ = run("region", str(root), "--ut", str(tmp_path / "ut"), "--dato", DATO.isoformat())
    written = {p.name: p.read_text(encoding="utf-8") for p in (tmp_path / "ut").iterdir()}
    assert {"region.json", "region.csv", "region.html"} <= set(written)
    for text in (out, *written.values()):
        assert "12480" not in text and "01019012480" not in text
    titles = {d["tittel"] for d in json.loads(written["region.json"])["dokumenter"]}
    assert "Avvik for (personnummer skjult)" in titles
