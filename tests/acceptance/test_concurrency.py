"""Simultaneous `registrer` and `evaluer` as real processes: they queue for each history file's lock, and every
change is in the history."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

from ruamel.yaml import YAML

from conftest import copy_base, git

SCRIPTS = Path(__file__).resolve().parents[2] / "scripts"
# Each process loads the tool, says «klar» and waits for one line: then all run the command at the same moment,
# so each must wait for the lock in turn. Eight released together contend more than 50 started one after
# another did (without the lock most are refused, and changes are lost), in a sixth of the time.
START = ("import sys; from handbok.cli.main import main; print('klar', flush=True); sys.stdin.readline(); "
         "sys.exit(main())")
SITES = [f"s{n:02d}" for n in range(1, 5)]  # new sites, one `registrer` each, in a file of its own
EVALUATIONS = 4  # `evaluer` runs that all append to the same site's history


def handbook(tmp_path: Path) -> Path:
    root = copy_base(tmp_path)
    plan = root / "implementeringsplan.yaml"
    extra = "".join(f"  - {{id: {s}, navn: Sted {s}}}\n" for s in SITES)
    text = plan.read_text(encoding="utf-8")
    marker = "  - {id: sor, navn: Hjemmetjenesten Sør}\n"
    plan.write_text(text.replace(marker, marker + extra), encoding="utf-8")
    git(root, "init", "-q")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "Testinnhold")
    return root


def command(root: Path, index: int) -> list[str]:
    base = [sys.executable, "-c", START, "--rot", str(root)]
    if index % 2 == 0 and index // 2 < len(SITES):
        site = SITES[index // 2]
        return [*base, "registrer", site, "fallforebygging", "--status", "planlagt", "--hvordan", f"merke-{site}"]
    return [*base, "evaluer", "nord", "fallforebygging", "--svar", "kjent=4", "fungerer=3", "--merknad",
            f"evaluering-{index}"]


def history(root: Path, sted: str) -> dict:
    path = root / "implementering" / f"{sted}.yaml"
    return YAML(typ="safe").load(path.read_text(encoding="utf-8")) if path.exists() else {"dokumenter": {}}


def test_simultaneous_commands_lose_nothing(tmp_path: Path) -> None:
    root = handbook(tmp_path)
    env = {**os.environ, "PYTHONPATH": str(SCRIPTS), "PYTHONUTF8": "1"}
    commands = [command(root, i) for i in range(len(SITES) + EVALUATIONS)]
    processes = [subprocess.Popen(c, env=env, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                  text=True) for c in commands]
    assert [p.stdout.readline() for p in processes] == ["klar\n"] * len(processes)  # type: ignore[union-attr]
    started = time.monotonic()
    for p in processes:
        p.stdin.write("\n")  # type: ignore[union-attr]
        p.stdin.flush()  # type: ignore[union-attr]
    outputs = [p.communicate(timeout=300) for p in processes]
    elapsed = time.monotonic() - started
    results = [(c, p.returncode, out, err) for c, p, (out, err) in zip(commands, processes, outputs)]

    merknader = {e.get("merknad") for e in history(root, "nord")["dokumenter"]["fallforebygging"]
                 if e["hendelse"] == "evaluert"}
    successes = refusals = 0
    for argv, code, out, err in results:
        if code == 0:
            successes += 1
            assert "registrert" in out.lower() and err == ""
            if "registrer" in argv:
                site = argv[argv.index("registrer") + 1]
                assert history(root, site)["dokumenter"]["fallforebygging"][-1]["hvordan"] == f"merke-{site}"
            else:
                assert argv[-1] in merknader
        else:
            refusals += 1  # a clear Norwegian reason, one line, no traceback
            assert code in (1, 2) and err.startswith("handbok: ") and err.count("\n") == 1, err
            assert "Traceback" not in err and ("Ingenting er skrevet" in err or "Kunne ikke" in err), err
    sjekk = subprocess.run([sys.executable, "-m", "handbok.cli.main", "--rot", str(root), "sjekk"], env=env,
                           capture_output=True, text=True, check=False)
    assert sjekk.returncode == 0, sjekk.stdout + sjekk.stderr
    assert successes == len(commands)  # released together, they queue for the lock: none is refused (60 s each)
    changed = git(root, "status", "--porcelain", "--untracked-files=all").splitlines()
    assert " M implementering/nord.yaml" in changed and all(  # the locks live in .git/
        line.startswith((" M implementering/", "?? implementering/")) for line in changed)
    print(f"\n{len(commands)} samtidige kommandoer: {successes} registrert, {refusals} avvist, {elapsed:.1f} s")
