"""Commands: `handbok status` — implementation progress per tjenestested, as a table, JSON or CSV."""

from __future__ import annotations

import argparse
import json

from ...checks.modell import load_model
from ...core.bekreftet import bekreftelser_json
from ...core.kompetanse import kompetanse_json
from ...core.status import beregn_status, status_csv, status_json
from ...core.trend import trend_json
from ...reports.lest import lest_oversikt, lest_sted
from ...reports.status_table import site_table, status_table
from .common import Context, as_of, require_site, warn_left_out


def run(args: argparse.Namespace, ctx: Context) -> int:
    # The numbers need the model alone, not the checks of every text (`handbok sjekk` runs those).
    modell = load_model(ctx.root, args.dato or ctx.today, ctx.cache)
    handbok, sted_id = modell.handbok, args.tjenestested
    require_site(handbok, sted_id)
    if args.dato is not None:  # as of that day: the versions in force and the history recorded by then
        handbok = as_of(ctx.root, handbok, args.dato)[0]
        computed = beregn_status(handbok, modell.today)
    else:
        computed = modell.status
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
    warn_left_out(modell.antall_feil, ctx.err)
    return 0
