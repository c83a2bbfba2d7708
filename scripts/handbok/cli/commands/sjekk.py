"""Commands: `handbok sjekk` — every finding of the handbook, as text, JSON or annotations; exit 1 on errors."""

from __future__ import annotations

import argparse

from ...checks.run import check_repository
from ...reports.findings import render_findings
from .common import Context


def run(args: argparse.Namespace, ctx: Context) -> int:
    result = check_repository(ctx.root, args.dato or ctx.today, ctx.cache)
    ctx.out.write(render_findings(result.findings, args.format))
    failed = result.antall_feil > 0 or (args.streng and result.antall_advarsler > 0)
    return 1 if failed else 0
