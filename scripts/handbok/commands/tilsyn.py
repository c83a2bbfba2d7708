"""Commands: `handbok tilsyn` — the audit evidence for one tjenestested, to the screen or a file."""

from __future__ import annotations

import argparse
import errno
import os
from pathlib import Path

from ..audit import audit_html, read_kilde
from ..checks import check_repository
from ..loading import FUNKSJONER, PLAN, RUTINER
from ..safewrite import Snapshot, WriteRefused, create_exclusive, require_replaceable, write_if_unchanged
from ..status import beregn_status
from .common import Context, require_site, warn_errors

# The audit template carries this in its <head>; a file without it is not ours to overwrite.
GENERATOR = 'name="generator" content="handbok tilsyn"'
_HEAD = 4096  # the marker sits in the first lines of the document
_HANDBOOK_FOLDERS = (RUTINER, FUNKSJONER, "docs", ".git")


def run(args: argparse.Namespace, ctx: Context) -> int:
    result = check_repository(ctx.root, args.dato or ctx.today, ctx.cache)
    require_site(result.handbok, args.tjenestested)
    html = audit_html(result.handbok, beregn_status(result.handbok, result.today), args.tjenestested,
                      read_kilde(result.corpus.root))
    if args.ut is None:
        ctx.out.write(html)
    else:
        write_audit(ctx.root, args.ut, html)
        print(f"Skrev {args.ut}.", file=ctx.out)
    warn_errors(result.antall_feil, ctx.err)
    return 0


def write_audit(root: Path, target: Path, html: str) -> None:
    """Write a new file, or replace an audit document we wrote before; refuse every other file."""
    require_outside_handbook(root, target)
    if target.is_dir():  # what the OS would say on writing; the boundary words it (exit 2, as before)
        raise IsADirectoryError(errno.EISDIR, os.strerror(errno.EISDIR), str(target))
    if target.suffix.lower() not in (".html", ".htm"):  # never a new handbok.yaml, mkdocs.yml or .md by mistake
        raise WriteRefused(f"--ut må være en HTML-fil (FIL.html), ikke «{target.name}». Ingenting er skrevet.")
    require_replaceable(target)
    if not target.exists():
        create_exclusive(target, html)
        return
    snapshot = Snapshot.read(target, errors="replace")
    if GENERATOR not in snapshot.text[:_HEAD]:
        raise WriteRefused(f"«{target}» finnes og er ikke et tilsynsdokument laget av handbok tilsyn, så den "
                           "overskrives ikke. Velg et nytt filnavn, eller flytt filen selv først.")
    write_if_unchanged(snapshot, html)


def require_outside_handbook(root: Path, target: Path) -> None:
    """The plan and the handbook's own folders are never an output file, not even a new one."""
    where = target.resolve()
    if where == (root / PLAN).resolve():
        raise WriteRefused(f"--ut peker på {PLAN}; tilsynsdokumentet skrives aldri over planen. Velg en annen fil, "
                           "f.eks. tilsyn.html.")
    for folder in _HANDBOOK_FOLDERS:
        if where.is_relative_to((root / folder).resolve()):
            raise WriteRefused(f"--ut peker inn i {folder}/, der håndbokens egne filer ligger. Skriv "
                               "tilsynsdokumentet et annet sted, f.eks. tilsyn.html.")
