"""Benchmark: does the site build scale linearly? Writes N synthetic routines as a valid handbook and
times page generation and the full `handbok bygg` (check + generation + `mkdocs build --strict`).

    python benchmarks/bygg_skala.py                 # the example handbook, 200 and 2,000 routines
    python benchmarks/bygg_skala.py --rutiner 500   # one size

Prints build time, page count, total size, the largest page and the search index for each run.
"""

from __future__ import annotations

import argparse
import io
import shutil
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

from handbok.build import generate_site_docs
from handbok.cli import main as handbok

REPO = Path(__file__).resolve().parent.parent
BASE = REPO / "tests" / "tilfeller" / "_grunnlag"
TODAY = date(2026, 1, 1)
ROLES = ("sykepleier", "helsefagarbeider", "avdelingsleder", "primaerkontakt", "fagutviklingssykepleier",
         "vernepleier", "fysioterapeut", "ergoterapeut", "koordinator", "merkantil")
SITES = ("nord", "sor", "ost", "vest", "sentrum", "fjell")
STATUSES = ("ikke-startet", "planlagt", "i-gang", "implementert", "evaluert")
WORDS = ("bruker", "legemidler", "dokumentasjon", "samhandling", "vurdering", "tiltak", "observasjon",
         "hjemmebesøk", "sykepleie", "rapport", "avvik", "fall", "ernæring", "smittevern", "pårørende")


def role_file(rolle: str) -> str:
    reports = "null" if rolle == "avdelingsleder" else "avdelingsleder"
    return (f"---\nid: {rolle}\ntittel: {rolle.capitalize()}\nrapporterer_til: {reports}\n"
            f"formaal: Rollen {rolle} i hjemmetjenesten.\nansvar:\n  - Følger rutinene.\n---\n")


def routine_file(index: int) -> str:
    rid = f"rutine-{index:05d}"
    roles = [ROLES[(index + k) % len(ROLES)] for k in range(3)]
    words = " ".join(WORDS[(index * 7 + k) % len(WORDS)] for k in range(40))
    major = 1 + index % 3
    log = "\n".join(f'  - {{versjon: "{m}.0", dato: {date(2022, 1, 1) + timedelta(days=100 * m + index % 90)}, '
                    f'endring: "Versjon {m}"}}' for m in range(1, major + 1))
    ansvar = "\n".join(f"  {r}: Ansvar for {WORDS[(index + i) % len(WORDS)]} i rutine {index}." for i, r in enumerate(roles))
    return (f"---\nid: {rid}\ntittel: Rutine {index} om {WORDS[index % len(WORDS)]}\n"
            f"sammendrag: Slik gjør vi {WORDS[index % len(WORDS)]} i hjemmetjenesten.\n"
            f'versjon: "{major}.0"\ndokumentstatus: gjeldende\neier: {roles[0]}\ngodkjent_av: Implementeringsteamet\n'
            f"godkjent_dato: {date(2022, 1, 1) + timedelta(days=100 * major + index % 90)}\n"
            f"revideres_innen: 2027-06-01\ngjelder_for: [alle]\nansvar:\n{ansvar}\nendringslogg:\n{log}\n---\n"
            f"## Formål\n\n{words}.\n\n## Fremgangsmåte\n\n1. {words[:120]}.\n2. Dokumenter i journalen.\n")


def plan_file(count: int) -> str:
    lines = ["tjenestesteder:", *(f"  - {{id: {s}, navn: Hjemmetjenesten {s.capitalize()}}}" for s in SITES),
             "faser:"]
    per_phase = max(1, count // 4)
    for phase in range(4):
        ids = [f"rutine-{i:05d}" for i in range(phase * per_phase, min(count, (phase + 1) * per_phase))]
        if ids:
            lines += [f"  - id: fase-{phase + 1}", f"    navn: Fase {phase + 1}",
                      f"    start: 2024-{phase * 3 + 1:02d}-01", f"    frist: 2025-{phase * 3 + 1:02d}-28",
                      f"    rutiner: [{', '.join(ids)}]"]
    lines += ["evalueringsskjema:", "  skala: {min: 1, maks: 5}", "  sporsmal:",
              '    - {id: kjent, tekst: "De ansatte kjenner rutinen."}', "implementering:"]
    for s_index, sted in enumerate(SITES):
        lines.append(f"  {sted}:")
        for i in range(count):
            status = STATUSES[(i + s_index) % len(STATUSES)]
            if status == "ikke-startet":
                continue
            lines += [f"    rutine-{i:05d}:", f"      status: {status}", '      versjon: "1.0"', "      dato: 2025-03-01"]
            if status == "evaluert":
                lines += ["      evalueringer:", "        - {dato: 2025-05-01, svar: {kjent: 4}}"]
    return "\n".join(lines) + "\n"


def synthetic(target: Path, count: int) -> Path:
    for rolle in ROLES:
        _write(target / "funksjonsbeskrivelser" / f"{rolle}.md", role_file(rolle))
    for index in range(count):
        _write(target / "rutiner" / f"rutine-{index:05d}.md", routine_file(index))
    _write(target / "implementeringsplan.yaml", plan_file(count))
    return target


def example(target: Path) -> Path:
    source = REPO if (REPO / "rutiner").is_dir() else BASE
    for name in ("rutiner", "funksjonsbeskrivelser"):
        shutil.copytree(source / name, target / name)
    shutil.copyfile(source / "implementeringsplan.yaml", target / "implementeringsplan.yaml")
    return target


def site_files(target: Path) -> None:
    shutil.copytree(REPO / "docs", target / "docs")
    guide = target / "docs" / "slik-endrer-du-en-rutine.md"
    if not guide.exists():
        guide.write_text("# Slik endrer du en rutine\n", encoding="utf-8")
    shutil.copyfile(REPO / "mkdocs.yml", target / "mkdocs.yml")
    _write(target / "scripts" / "handbok" / "mkdocs_hook.py", (REPO / "scripts/handbok/mkdocs_hook.py").read_text())


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def measure(name: str, root: Path) -> None:
    site_files(root)
    start = time.monotonic()
    generert = generate_site_docs(root, TODAY, root / "build" / "docs")
    generated = time.monotonic() - start
    assert generert.result.antall_feil == 0, generert.result.findings[:5]
    start = time.monotonic()
    out = io.StringIO()
    code = handbok(["--rot", str(root), "--uten-mellomlager", "bygg", "--dato", TODAY.isoformat()], out, out)
    built = time.monotonic() - start
    assert code == 0, out.getvalue()
    site = root / "site"
    pages = list(site.rglob("*.html"))
    largest = max(pages, key=lambda p: p.stat().st_size)
    total = sum(p.stat().st_size for p in site.rglob("*") if p.is_file())
    index = site / "search" / "search_index.json"
    print(f"{name}: {generert.sider} sider generert på {generated:.1f} s; handbok bygg {built:.1f} s; "
          f"{len(pages)} HTML-sider; nettstedet {total / 1e6:.1f} MB; største side {largest.relative_to(site)} "
          f"{largest.stat().st_size / 1e3:.0f} kB; søkeindeks {index.stat().st_size / 1e6:.2f} MB; "
          f"snitt per HTML-side {sum(p.stat().st_size for p in pages) / len(pages) / 1e3:.0f} kB")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rutiner", type=int, action="append", help="antall syntetiske rutiner (kan gjentas)")
    args = parser.parse_args(argv)
    sizes = args.rutiner or [200, 2000]
    with tempfile.TemporaryDirectory() as tmp:
        if not args.rutiner:
            measure("eksempel", example(Path(tmp) / "eksempel"))
        for count in sizes:
            measure(f"{count} rutiner", synthetic(Path(tmp) / f"n{count}", count))
    return 0


if __name__ == "__main__":
    sys.exit(main())
