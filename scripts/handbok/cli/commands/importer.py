"""Commands: `handbok importer KILDE…` — existing routines in, as drafts, with a report per file."""

from __future__ import annotations

import argparse
from typing import TextIO

from ...core.errors import Stop
from ...importer.rapport import json_report, text_report
from ...importer.run import IKKE_IMPORTERT, Fremdrift, import_sources
from .common import Context


def run(args: argparse.Namespace, ctx: Context) -> int:
    missing = [str(p) for p in args.kilde if not p.exists()]
    if missing:
        raise Stop(f"Finner ikke {', '.join(missing)}. Oppgi filer eller mapper som finnes.")
    target = (ctx.root / args.til).resolve()
    if not target.is_relative_to(ctx.root.resolve()):
        raise Stop(f"--til må være en mappe i håndboka, ikke {args.til}.")
    progress = _progress(ctx.err) if ctx.err.isatty() else None
    results = import_sources(ctx.root, list(args.kilde), args.til, ctx.today, ctx.cache, progress)
    if progress is not None:
        ctx.err.write("\r\033[K")
    ctx.out.write(json_report(results) if args.format == "json" else text_report(results))
    return 1 if any(r.status == IKKE_IMPORTERT for r in results) else 0


def _progress(err: TextIO) -> Fremdrift:
    """One line on a terminal, written over as the run goes: «Importerer 37 av 300: rutiner/fall.docx»."""
    def show(number: int, total: int, kilde: str) -> None:
        err.write(f"\r\033[KImporterer {number} av {total}: {kilde[-60:]}")
        err.flush()
    return show
