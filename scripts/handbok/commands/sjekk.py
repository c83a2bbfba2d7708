"""Commands: `handbok sjekk` — every finding of the handbook, as text or JSON; exit 1 on errors."""

from __future__ import annotations

import argparse

from ..checks import check_repository
from ..report import findings_json, findings_text
from .common import Context, check_arguments


def run(args: argparse.Namespace, ctx: Context) -> int:
    check_arguments(args)
    result = check_repository(ctx.root, args.dato or ctx.today, ctx.cache)
    ctx.out.write(findings_json(result.findings) if args.format == "json" else findings_text(result.findings))
    failed = result.antall_feil > 0 or (args.streng and result.antall_advarsler > 0)
    return 1 if failed else 0
