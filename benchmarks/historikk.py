"""Benchmark: git history in one pass (handbok.history) against one `git log` per file.

A synthetic repository is written with `git fast-import` (thousands of commits in seconds): N
routines, C commits on main, every tenth a merged pull request. Then we time
(a) `les_historikk`, one pass over the log for all files, and
(b) `git log -1 --format=%aI -- FILE` once per file, which is what the common MkDocs git-date
    plugins do for every page,
and, for a real-world number, `les_historikk` on this repository.

Usage: python benchmarks/historikk.py [--filer N] [--commits C] [--utvalg K]
(b) takes minutes for the defaults; --utvalg K times K evenly spread files and scales up.
"""

from __future__ import annotations

import argparse
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Callable, Iterator, Sequence, TypeVar

from handbok.history import les_historikk

T = TypeVar("T")
START = 1_700_000_000  # a fixed epoch second, so every run builds the same repository
AUTHORS = ("Kari Nordmann <kari@example.org>", "Ola Hansen <ola@example.org>", "Aisha Ali <aisha@example.org>")


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="handbok-bench-") as folder:
        root = Path(folder)
        seconds = _timed(lambda: _make_repository(root, args.filer, args.commits, args.fro))[1]
        print(f"Syntetisk repo: {args.filer} filer, {args.commits} commits (laget på {seconds:.2f} s)")
        historikk, one_pass = _timed(lambda: les_historikk(root))
        sample = range(0, args.filer, max(1, args.filer // args.utvalg)) if args.utvalg else range(args.filer)
        per_file = _timed(lambda: _log_per_file(root, sample))[1] * args.filer / len(sample)
    changes = sum(map(len, historikk.per_fil.values()))
    print(f"{'(a) les_historikk, én gang for alle filer':<58}{one_pass:8.2f} s  ({changes} endringer funnet)")
    estimate = f", beregnet fra {len(sample)}" if len(sample) < args.filer else ""
    print(f"{f'(b) git log -1 per fil ({args.filer} kall{estimate})':<58}{per_file:8.2f} s")
    print(f"(b)/(a): {per_file / one_pass:.0f} ganger raskere med én gjennomgang")
    own = Path(__file__).resolve().parents[1]
    own_historikk, own_seconds = _timed(lambda: les_historikk(own))
    print(f"les_historikk på {own}: {own_seconds:.3f} s ({len(own_historikk.per_fil)} filer, "
          f"grunn klone: {'ja' if own_historikk.grunn else 'nei'})")
    return 0


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(description="Mål lesing av git-historikk for håndboka.")
    parser.add_argument("--filer", type=int, default=2000, help="antall rutiner (standard 2000)")
    parser.add_argument("--commits", type=int, default=3000, help="antall commits på main (standard 3000)")
    parser.add_argument("--utvalg", type=int, default=0,
                        help="mål (b) på bare så mange filer og regn om til alle (standard: alle filer)")
    parser.add_argument("--fro", type=int, default=1, help="frø for tilfeldige endringer (standard 1)")
    return parser


def _timed(work: Callable[[], T]) -> tuple[T, float]:
    start = time.perf_counter()
    result = work()
    return result, time.perf_counter() - start


def _make_repository(root: Path, files: int, commits: int, seed: int) -> None:
    subprocess.run(["git", "init", "-q", "-b", "main", str(root)], check=True)
    stream = b"".join(_fast_import_stream(files, commits, random.Random(seed)))
    subprocess.run(["git", "fast-import", "--quiet"], cwd=root, input=stream, check=True)
    subprocess.run(["git", "reset", "-q", "--hard"], cwd=root, check=True)


def _fast_import_stream(files: int, commits: int, rng: random.Random) -> Iterator[bytes]:
    names = [f"rutiner/rutine-{i:05d}.md" for i in range(files)]
    yield _commit("refs/heads/main", 1, 0, "Første versjon av alle rutiner",
                  [(name, _content(name, 0)) for name in names], parents=())
    for n in range(2, commits + 1):
        changed = [(name, _content(name, n)) for name in rng.sample(names, k=min(files, rng.randint(1, 3)))]
        if n % 10:
            yield _commit("refs/heads/main", n, n, f"Språkvask i {len(changed)} rutiner (#{n})", changed, (n - 1,))
            continue
        # A pull request: one commit on its own branch, then a merge commit on main.
        branch = commits + n
        yield _commit(f"refs/heads/pr-{n}", branch, n, "Endring i en gren", changed, (n - 1,))
        yield _commit("refs/heads/main", n, n, f"Merge pull request #{n} from kommune/pr-{n}", changed,
                      (n - 1, branch), body="Ny praksis for fallforebygging")


def _commit(ref: str, mark: int, tick: int, subject: str, changed: list[tuple[str, str]],
            parents: tuple[int, ...], body: str = "") -> bytes:
    author = AUTHORS[tick % len(AUTHORS)]
    when = f"{START + tick * 3600} +0100"
    message = f"{subject}\n\n{body}\n" if body else f"{subject}\n"
    lines = [f"commit {ref}", f"mark :{mark}", f"author {author} {when}", f"committer {author} {when}",
             _data(message)]
    lines += [f"{kind} :{parent}" for kind, parent in zip(("from", "merge", "merge"), parents)]
    for name, content in changed:
        lines += [f"M 100644 inline {name}", _data(content)]
    return ("\n".join(lines) + "\n").encode()


def _data(text: str) -> str:
    return f"data {len(text.encode())}\n{text}"


def _content(name: str, revision: int) -> str:
    return f'---\nid: {Path(name).stem}\nversjon: "1.{revision}"\n---\nRevisjon {revision}.\n'


def _log_per_file(root: Path, files: Sequence[int]) -> None:
    for i in files:
        subprocess.run(["git", "log", "-1", "--format=%aI", "--", f"rutiner/rutine-{i:05d}.md"], cwd=root,
                       check=True, capture_output=True)


if __name__ == "__main__":
    sys.exit(main())
