"""Commands: `handbok status` — implementation progress per tjenestested, as a table, JSON or CSV."""

from __future__ import annotations

import argparse
import json

from ...checks.run import check_repository
from ...core.bekreftet import bekreftelser_json
from ...core.kompetanse import kompetanse_json
from ...core.status import beregn_status, status_csv, status_json
from ...core.trend import trend_json
from ...reports.lest import lest_oversikt, lest_sted
from ...reports.status_table import site_table, status_table
from .common import Context, require_site, warn_errors


def run(args: argparse.Namespace, ctx: Context) -> int:
    result = check_repository(ctx.root, args.dato or ctx.today, ctx.cache)
    handbok, sted_id = result.handbok, args.tjenestested
    require_site(handbok, sted_id)
    computed = beregn_status(handbok, result.today)
    if args.format == "json":
        payload = {**status_json(computed), "avvik": trend_json(handbok), "kompetanse": kompetanse_json(handbok),
                   "bekreftelser": bekreftelser_json(handbok)}
        ctx.out.write(json.dumps(payload, ensure_ascii=False, indent=2) + "\n")
    elif args.format == "csv":
        ctx.out.write(status_csv(computed))
    elif sted_id is not None:
        ctx.out.write(site_table(computed, computed.sted(sted_id), handbok))
        ctx.out.write(lest_sted(handbok, computed.sted(sted_id).sted))
    else:
        ctx.out.write(status_table(computed, handbok))
        ctx.out.write(lest_oversikt(handbok, [s.sted for s in computed.steder]))
    warn_errors(result.antall_feil, ctx.err, " tallene gjelder det som kunne leses.")
    return 0
