"""Commands: `handbok tilsyn` — the audit evidence for one tjenestested, to the screen or a file."""

from __future__ import annotations

import argparse

from ..audit import audit_html, read_kilde
from ..checks import check_repository
from ..safewrite import atomic_write
from ..status import beregn_status
from .common import Context, require_site, warn_errors


def run(args: argparse.Namespace, ctx: Context) -> int:
    result = check_repository(ctx.root, args.dato or ctx.today, ctx.cache)
    require_site(result.handbok, args.tjenestested)
    html = audit_html(result.handbok, beregn_status(result.handbok, result.today), args.tjenestested,
                      read_kilde(result.corpus.root))
    if args.ut is None:
        ctx.out.write(html)
    else:
        atomic_write(args.ut, html)
        print(f"Skrev {args.ut}.", file=ctx.out)
    warn_errors(result.antall_feil, ctx.err)
    return 0
