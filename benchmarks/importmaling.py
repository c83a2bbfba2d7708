"""Measure the importer on a collection: what is kept, real titles, drafts `sjekk` passes, lists as on GitHub.

    python benchmarks/importmaling.py                      # makes the collection (importsamling.py) and measures
    python benchmarks/importmaling.py --samling MAPPE      # an existing collection with its manifest.json
    python benchmarks/importmaling.py --antall 1000        # the timing run over 1,000 documents
    python benchmarks/importmaling.py --bygg               # also `handbok bygg` over the imported handbook

`handbok` runs as a fresh subprocess with this process's PYTHONPATH, so the same script measures main and a
branch. The handbook imported into is a copy of tests/tilfeller/_grunnlag. The figures, as the issue counts:
kept = a draft, or reported as the same text, or refused for a personal identifier (each as the manifest
expects it); a real title = the title the manifest gives (letter case and spaces aside); no `sjekk` error
and lists as on GitHub (no `liste-ulik-github`) are counted over the drafts.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from handbok.scaffold.repository import NyHandbok, skeleton_files

REPO = Path(__file__).resolve().parent.parent
BASE = REPO / "tests" / "tilfeller" / "_grunnlag"
DATO = "2026-01-01"


def handbok(*args: str) -> tuple[int, str, str, float]:
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "handbok.cli.main", *args], capture_output=True, text=True,
                          env=os.environ.copy(), check=False)
    return done.returncode, done.stdout, done.stderr, time.perf_counter() - started


def _same(a: str, b: str) -> bool:
    return " ".join(a.casefold().split()) == " ".join(b.casefold().split())


def measure(samling: Path, root: Path, bygg: bool) -> dict[str, Any]:
    manifest: dict[str, dict[str, str]] = json.loads((samling / "manifest.json").read_text(encoding="utf-8"))
    code, out, err, seconds = handbok("--rot", str(root), "importer", str(samling), "--format", "json")
    report = json.loads(out)
    by_name = {f["kilde"]: f for f in report["filer"]}
    _, out, _, _ = handbok("--rot", str(root), "sjekk", "--format", "json", "--dato", DATO)
    findings = json.loads(out)["funn"]
    kept = titles = clean = lists = drafts = 0
    lost: list[str] = []
    wrong_titles: list[str] = []
    for rel, expected in manifest.items():
        entry = by_name.get(rel) or by_name.get(rel.rsplit("/", 1)[-1])
        if entry is None:
            lost.append(f"{rel}: ikke i rapporten")
            continue
        status, reason = entry["status"], entry.get("grunn") or ""
        if expected["utfall"] == "personopplysning":
            ok = status == "ikke-importert" and ("fødselsnummer" in reason or "personopplysning" in reason)
        elif expected["utfall"] == "samme" or status != "importert":
            # A copy is kept when it, or the file it copies (whichever came first), is reported as the same.
            ok = status in ("finnes-allerede", "samme-tekst") and ("samme fil" in reason or "samme tekst" in reason)
            ok = ok or (expected["utfall"] == "samme" and status == "importert")
        else:
            ok = True
        kept += ok
        if not ok:
            lost.append(f"{rel}: {status} ({reason[:160]})")
        if status != "importert" or expected["utfall"] != "utkast":
            continue
        drafts += 1
        text = (root / entry["fil"]).read_text(encoding="utf-8")
        title = next((line.split(":", 1)[1].strip().strip('"') for line in text.splitlines()
                      if line.startswith("tittel:")), "")
        if _same(title, expected["tittel"]):
            titles += 1
        else:
            wrong_titles.append(f"{rel}: «{title}» (ventet «{expected['tittel']}»)")
        mine = [f for f in findings if f["fil"] == entry["fil"]]
        clean += not any(f["alvor"] == "feil" for f in mine)
        lists += not any(f["kode"] == "liste-ulik-github" for f in mine)
    result: dict[str, Any] = {
        "dokumenter": len(manifest), "beholdt": kept, "utkast": drafts, "ekte_tittel": titles,
        "utkast_uten_feil": clean, "lister_som_github": lists, "importer_s": round(seconds, 1),
        "importer_kode": code, "tapt": lost, "feil_tittel": wrong_titles, "stderr_linjer": len(err.splitlines()),
    }
    if bygg:
        code, _, _, seconds = handbok("--rot", str(root), "bygg", "--dato", DATO)
        result["bygg_kode"], result["bygg_s"] = code, round(seconds, 1)
    return result


def _share(part: int, whole: int) -> str:
    return f"{part}/{whole} ({100 * part / whole:.0f} %)" if whole else "0/0"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--samling", type=Path)
    parser.add_argument("--antall", type=int, default=66)
    parser.add_argument("--bygg", action="store_true")
    parser.add_argument("--json", type=Path)
    parser.add_argument("--vis", action="store_true", help="list what was lost and the titles that are wrong")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="importmaling-") as tmp:
        samling = args.samling
        if samling is None:
            sys.path.insert(0, str(Path(__file__).resolve().parent))
            from importsamling import lag_samling

            samling = Path(tmp) / "samling"
            lag_samling(samling, args.antall)
        root = Path(tmp) / "handbok"
        shutil.copytree(BASE, root)
        for rel, text in skeleton_files(NyHandbok()).items():  # the site's configuration and pages, for bygg
            if rel == "mkdocs.yml" or rel.startswith("docs/"):
                (root / rel).parent.mkdir(parents=True, exist_ok=True)
                (root / rel).write_text(text, encoding="utf-8")
        result = measure(samling, root, args.bygg)
    print(f"dokumenter: {result['dokumenter']}, beholdt: {_share(result['beholdt'], result['dokumenter'])}")
    print(f"utkast: {result['utkast']}, ekte tittel: {_share(result['ekte_tittel'], result['utkast'])}, "
          f"uten feil i sjekk: {_share(result['utkast_uten_feil'], result['utkast'])}, "
          f"lister som på GitHub: {_share(result['lister_som_github'], result['utkast'])}")
    print(f"importer: {result['importer_s']} s" + (f", bygg: kode {result['bygg_kode']}, {result['bygg_s']} s"
                                                    if "bygg_kode" in result else ""))
    if args.vis:
        print("\n".join(["tapt:", *result["tapt"], "feil tittel:", *result["feil_tittel"]]))
    if args.json:
        args.json.write_text(json.dumps(result, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
