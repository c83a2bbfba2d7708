"""Smoke test of benchmarks/: the generator writes a valid handbook, and the runner measures every key.

Part of `make bench` (a minute or two: the runner times real builds at tiny sizes), not of `make test`:
    python -m pytest benchmarks
"""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

from handbok.cli.main import main

BENCHMARKS = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCHMARKS))
from generer import DATO, generer  # noqa: E402
from kjor import MALINGER  # noqa: E402

EXPECTED_KEYS = {
    *(f"{size}_{key}" for size in ("typisk", "stor") for key in (
        "generer_s", "gulv_s", "sjekk_kald_s", "sjekk_varm_s", "sjekk_etter_endring_s", "status_kald_s",
        "status_varm_s", "sjekk_minne_mib", "inn_sjekk_s", "inn_status_s", "historikk_en_gang_s",
        "historikk_per_fil_s", "sammenligninger_s", "sider_s", "skriv_sider_s", "storste_rutineside_md_kb")),
    "bygg_200_s", "bygg_2000_s", "nettsted_200_mb", "nettsted_2000_mb", "sider_2000", "sokeindeks_2000_mb",
    "storste_rutineside_kb", "egen_arbeid_2000_s", "egen_andel_2000", "rutineside_gz_2000_kb",
    "stedsside_gz_2000_kb", "statusside_gz_2000_kb", "statusside_apnes_2000_s", "tjenestearbeider_2000_kb",
    "sok_eksempel_s", "sok_eksempel_kb", "sok_2000_s", "sok_2000_kb", "region_s",
    *(f"forhandsvisning_{size}_{key}_s" for size in ("200", "2000") for key in ("forste", "brodtekst", "tittel")),
}


def _sjekk(root: Path) -> dict[str, object]:
    out = io.StringIO()
    code = main(["--rot", str(root), "--uten-mellomlager", "sjekk", "--format", "json", "--dato", DATO.isoformat()],
                out=out)
    result: dict[str, object] = json.loads(out.getvalue())
    assert code == 0, result
    return result


def test_generated_handbook_has_no_findings(tmp_path: Path) -> None:
    root = generer(tmp_path / "hb", rutiner=30, funksjoner=12, tjenestesteder=4, per_sted=20, commits=25)
    result = _sjekk(root)
    assert result["antall_feil"] == 0 and result["antall_advarsler"] == 0, result["funn"]
    assert subprocess.run(["git", "status", "--porcelain"], cwd=root, capture_output=True, text=True,
                          check=True).stdout == ""  # the last commit's tree equals the written files
    log = subprocess.run(["git", "log", "--first-parent", "--oneline"], cwd=root, capture_output=True, text=True,
                         check=True).stdout
    assert len(log.splitlines()) == 25


def test_generator_is_deterministic(tmp_path: Path) -> None:
    first = generer(tmp_path / "a", rutiner=12, funksjoner=5, tjenestesteder=3, per_sted=8)
    second = generer(tmp_path / "b", rutiner=12, funksjoner=5, tjenestesteder=3, per_sted=8)
    files = sorted(p.relative_to(first) for p in first.rglob("*") if p.is_file())
    assert files and all((first / f).read_bytes() == (second / f).read_bytes() for f in files)


def test_generator_refuses_a_folder_with_files(tmp_path: Path) -> None:
    (tmp_path / "noe.txt").write_text("x", encoding="utf-8")
    with pytest.raises(ValueError):
        generer(tmp_path, rutiner=5, funksjoner=3, tjenestesteder=2, per_sted=2)


def test_runner_measures_every_key(tmp_path: Path) -> None:
    target = tmp_path / "resultat.json"
    run = subprocess.run([sys.executable, str(BENCHMARKS / "kjor.py"), "--liten", "--json", str(target)],
                         capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stderr
    payload = json.loads(target.read_text(encoding="utf-8"))
    assert set(MALINGER) == EXPECTED_KEYS
    assert set(payload["maalinger"]) == EXPECTED_KEYS
    missing = [k for k in EXPECTED_KEYS if payload["maalinger"][k] is None]
    assert not missing, (missing, payload["merknader"])
    assert {t["resultat"] for t in payload["maal"]} <= {"PASS", "FAIL"}
    assert "Mål:" in run.stdout
