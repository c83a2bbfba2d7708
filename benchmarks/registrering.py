"""Benchmark: one `handbok registrer` on a handbook — wall time as a user meets it, and how many bodies it renders.

    python benchmarks/registrering.py                      # the example handbook at the repository root
    python benchmarks/registrering.py --generer 2000       # a generated handbook with 2 000 routines

The handbook is copied into a fresh git repository and checked once, so the cache in .git/ is warm, as
it is for a site representative who ran `handbok sjekk` before. Then the same registration is made
in a fresh `handbok` subprocess (the best wall and CPU time of three) and once in this process on a fresh copy,
counting the calls to the Markdown renderer (a body rendered again although only the plan changed is
wasted work).
"""

from __future__ import annotations

import argparse
import io
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any, Sequence

import yaml

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(Path(__file__).resolve().parent))
from generer import GIT_ENV, generer  # noqa: E402


def _handbook(target: Path, routines: int | None) -> tuple[Path, str, str]:
    """A handbook in `target` and a site × routine to register there."""
    if routines is None:
        for name in ("rutiner", "funksjonsbeskrivelser", "docs", "vedlegg", "statistikk", "implementering"):
            if (REPO / name).is_dir():
                shutil.copytree(REPO / name, target / name)
        for name in ("implementeringsplan.yaml", "handbok.yaml", "mkdocs.yml"):
            shutil.copyfile(REPO / name, target / name)
        return target, "sor", "legemiddelhandtering"
    generer(target, routines, max(6, routines // 7), max(3, routines // 14), min(300, routines), 0)
    plan = yaml.load((target / "implementeringsplan.yaml").read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)
    sted = plan["tjenestesteder"][0]["id"]
    own = target / "implementering" / f"{sted}.yaml"
    records = (yaml.load(own.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)["dokumenter"] if own.exists()
               else plan["implementering"][sted])
    return target, sted, next(iter(records))


def _git(root: Path, *args: str) -> None:
    who = {"GIT_AUTHOR_NAME": "Måling", "GIT_AUTHOR_EMAIL": "maaling@example.org", "GIT_COMMITTER_NAME": "Måling",
           "GIT_COMMITTER_EMAIL": "maaling@example.org"}
    subprocess.run(["git", *args], cwd=root, check=True, capture_output=True, env={**os.environ, **GIT_ENV, **who})


def _command(sted: str, dokument: str) -> list[str]:
    return ["registrer", sted, dokument, "--status", "ikke-aktuelt", "--dato", "2026-01-05",
            "--begrunnelse", "Målt av benchmarks/registrering.py."]


def _fresh(source: Path, into: Path) -> Path:
    shutil.copytree(source, into)
    return into


def measure(routines: int | None) -> dict[str, Any]:
    from handbok.checks import run as checks_run
    from handbok.cli.main import main

    with tempfile.TemporaryDirectory() as tmp:
        base, sted, dokument = _handbook(Path(tmp) / "h", routines)
        _git(base, "init", "-q")
        _git(base, "add", "-A")
        _git(base, "commit", "-q", "-m", "Håndboka")
        main(["--rot", str(base), "sjekk"], io.StringIO(), io.StringIO())  # the warm cache a user has
        handbok = Path(sys.executable).parent / "handbok"
        subprocess.run([str(handbok), "--hjelp"], capture_output=True)  # compiled bytecode, as after an install
        runs = []
        for n in range(3):  # the best of three, each on a fresh copy: the machine may be busy
            wall = _fresh(base, Path(tmp) / f"vegg-{n}")
            start = time.perf_counter()
            process = subprocess.Popen([str(handbok), "--rot", str(wall), *_command(sted, dokument)],
                                       stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
            _, status, usage = os.wait4(process.pid, 0)
            runs.append((time.perf_counter() - start, usage.ru_utime + usage.ru_stime, os.waitstatus_to_exitcode(status),
                         process.stderr.read() if process.stderr else ""))
        seconds, cpu, exit_code, errors = min(runs)
        counted = _fresh(base, Path(tmp) / "telt")
        calls = 0
        original = checks_run.render

        def counting(*args: Any) -> Any:
            nonlocal calls
            calls += 1
            return original(*args)

        checks_run.render = counting  # type: ignore[assignment]
        try:
            code = main(["--rot", str(counted), *_command(sted, dokument)], io.StringIO(), io.StringIO())
        finally:
            checks_run.render = original  # type: ignore[assignment]
        bodies = len(list((base / "rutiner").glob("*.md"))) + len(list((base / "funksjonsbeskrivelser").glob("*.md")))
        return {"handbok": f"{routines} rutiner (generert)" if routines else "eksempelhåndboka", "dokumenter": bodies,
                "sekunder": round(seconds, 2), "cpu_sekunder": round(cpu, 2), "exit": exit_code,
                "feil": errors.strip()[:300], "gjengitte_tekster": calls, "exit_i_prosess": code}


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Mål én handbok registrer.")
    parser.add_argument("--generer", type=int, default=None, metavar="RUTINER",
                        help="mål på en generert håndbok med så mange rutiner (standard: eksempelhåndboka)")
    args = parser.parse_args(argv)
    for key, value in measure(args.generer).items():
        print(f"{key}: {value}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
