"""Commands: `handbok init MAPPE` — a new, empty handbook repository that passes `sjekk` and `bygg` at once."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TextIO

from ...scaffold.repository import NyHandbok, init
from ...source import git


def run(args: argparse.Namespace, out: TextIO) -> int:
    folder: Path = args.mappe
    ny = NyHandbok(navn=args.navn, sted_id=args.tjenestested, sted_navn=args.tjenestested_navn, team=args.team,
                   repo_url=args.repo_url or "", gitlab=args.gitlab)
    written = init(folder, ny)
    made_repo = _git_init(folder)
    host = "GitLab" if ny.gitlab else "GitHub"
    print(f"Laget en ny håndbok i {folder} ({len(written)} filer).", file=out)
    print("Neste steg:", file=out)
    steps = [f"cd {folder}", "handbok sjekk && handbok bygg",
             "git add -A && git commit -m \"Ny håndbok\"" if made_repo else "git init og commit filene",
             f"legg repoet på {host}, beskytt main og navngi teamet i CODEOWNERS (se README.md)"]
    for number, step in enumerate(steps, 1):
        print(f"  {number}. {step}", file=out)
    return 0


def _git_init(folder: Path) -> bool:
    """A git repository when git is there; the files are useful without one too."""
    try:
        git.init(folder)
    except git.GitError:
        return False
    return True
