"""Commands: `handbok pr-sjekk` — the rules a pull request must follow, against its base branch."""

from __future__ import annotations

import argparse

from ..checks import check_repository
from ..findings import sort_findings
from ..prcheck import pr_findings
from ..report import findings_json, findings_text
from .common import Context, check_arguments


def run(args: argparse.Namespace, ctx: Context) -> int:
    check_arguments(args)
    result = check_repository(ctx.root, ctx.today, ctx.cache)
    findings = sort_findings(pr_findings(result.corpus, args.base, result.handbok))
    ctx.out.write(findings_json(findings) if args.format == "json" else findings_text(findings))
    return 1 if any(f.alvor == "feil" for f in findings) else 0
