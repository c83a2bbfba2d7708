"""Model benchmark: seconds to get the Handbok and its status, through the model alone and through every check.

    python benchmarks/modell.py MAPPE [--dato 2026-11-22]

What a command that needs no text checks pays (`handbok status`, the rules of `registrer`, the pages'
input) against what it paid when the model came only out of `check_repository`. Each way runs in a
fresh process: first without the cache file in .git/ ("kald"), then twice with the cache that run left
("varm"). CPU seconds of the process are printed beside the wall time, since the machine is shared.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

from handbok.checks.modell import load_model
from handbok.checks.run import check_repository
from handbok.source.cache import Cache

MAATER = ("sjekk", "modell")


def mal(maate: str, root: Path, today: date) -> str:
    """One run in this process: the Handbok (and the findings, for `sjekk`), then the status."""
    cache = Cache.for_repository(root)
    cpu, wall = time.process_time(), time.perf_counter()
    modell = check_repository(root, today, cache).modell if maate == "sjekk" else load_model(root, today, cache)
    handbok_cpu, handbok_wall = time.process_time() - cpu, time.perf_counter() - wall
    cpu, wall = time.process_time(), time.perf_counter()
    modell.status
    status_cpu, status_wall = time.process_time() - cpu, time.perf_counter() - wall
    cache.save()
    return (f"håndbok {handbok_cpu:.2f} s CPU ({handbok_wall:.2f} s), status {status_cpu:.2f} s CPU "
            f"({status_wall:.2f} s), til sammen {handbok_cpu + status_cpu:.2f} s CPU")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("mappe", type=Path)
    parser.add_argument("--dato", type=date.fromisoformat, default=date(2026, 11, 22))
    parser.add_argument("--maate", choices=MAATER, help=argparse.SUPPRESS)  # one run, in a fresh process
    args = parser.parse_args()
    if args.maate:
        print(mal(args.maate, args.mappe, args.dato))
        return
    for maate in MAATER:
        (args.mappe / ".git" / "handbok-cache.pickle").unlink(missing_ok=True)
        for runde in ("kald", "varm", "varm"):
            done = subprocess.run([sys.executable, __file__, str(args.mappe), "--dato", args.dato.isoformat(),
                                   "--maate", maate], check=True, capture_output=True, text=True)
            print(f"{maate:6} {runde}: {done.stdout.strip()}", flush=True)


if __name__ == "__main__":
    main()
