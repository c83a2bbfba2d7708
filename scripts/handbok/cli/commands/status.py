"""Commands: `handbok status` — implementation progress per tjenestested, as a table, JSON or CSV."""

from __future__ import annotations

import argparse
import json

from ...checks.run import check_repository
from ...core.kompetanse import kompetanse_json
from ...core.status import beregn_status, status_csv, status_json
from ...core.trend import trend_json
from ...reports.status_table import site_table, status_table
from .common import Context, as_of, require_site, warn_errors


def run(args: argparse.Namespace, ctx: Context) -> int:
    result = check_repository(ctx.root, args.dato or ctx.today, ctx.cache)
    handbok, sted_id = result.handbok, args.tjenestested
    require_site(handbok, sted_id)
    if args.dato is not None:  # as of that day: the versions in force and the history recorded by then
        handbok = as_of(result.corpus.root, handbok, args.dato)[0]
    computed = beregn_status(handbok, result.today)
    if args.format == "json":
        payload = {**status_json(computed), "avvik": trend_json(handbok), "kompetanse": kompetanse_json(handbok)}
        ctx.out.write(json.dumps(payload, ensure_ascii=False, indent=2) + "\n")
    elif args.format == "csv":
        ctx.out.write(status_csv(computed))
    elif sted_id is not None:
        ctx.out.write(site_table(computed, computed.sted(sted_id), handbok))
    else:
        ctx.out.write(status_table(computed, handbok))
    warn_errors(result.antall_feil, ctx.err, " tallene gjelder det som kunne leses.")
    return 0
