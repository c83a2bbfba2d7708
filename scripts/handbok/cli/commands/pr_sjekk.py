"""Commands: `handbok pr-sjekk` — `handbok sjekk` on the pull request's files plus the rules a pull request must
follow against its base branch, and what it changes for whom (`--format oppsummering`, Markdown for the job
summary)."""

from __future__ import annotations

import argparse
from typing import Sequence

from ...checks.run import check_repository
from ...core.findings import Finding, sort_findings
from ...prcheck import pr_findings, pr_summary
from ...prcheck.summary import Oppsummering
from ...reports.findings import render_findings
from ...reports.templates import render
from .common import Context

SUMMARY = "oppsummering"


def run(args: argparse.Namespace, ctx: Context) -> int:
    result = check_repository(ctx.root, ctx.today, ctx.cache)
    findings, summary = pr_summary(result.corpus, args.base, result.handbok) if args.format == SUMMARY else (
        pr_findings(result.corpus, args.base, result.handbok), None)
    # Everything `handbok sjekk` finds in the resulting files comes first: a pull request that fails sjekk fails here.
    findings = sort_findings([*result.findings, *findings])
    if summary is not None:
        # A report for people, not a gate: the `github` step fails the job, this one always explains it.
        ctx.out.write(summary_markdown(summary, findings))
        return 0
    ctx.out.write(render_findings(findings, args.format))
    return 1 if any(f.alvor == "feil" for f in findings) else 0


def summary_markdown(summary: Oppsummering, findings: Sequence[Finding]) -> str:
    return render("pr/oppsummering.md", oppsummering=summary,
                  antall_feil=sum(f.alvor == "feil" for f in findings),
                  antall_advarsler=sum(f.alvor == "advarsel" for f in findings))
