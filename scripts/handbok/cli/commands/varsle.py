"""Commands: `handbok varsle --fra D --til D [--ut MAPPE] [--tørrkjøring]` — the nightly change notices by e-mail."""

from __future__ import annotations

import argparse
import os
from datetime import timedelta

from ...checks.run import check_repository
from ...core.errors import Refused
from ...core.formatting import antall
from ...site.epost import send, show, write_eml
from ...site.varsler import epostene, periode
from .common import Context, warn_errors


def run(args: argparse.Namespace, ctx: Context) -> int:
    til = args.til or ctx.today
    fra = args.fra or til - timedelta(days=1)
    if fra >= til:
        raise Refused("--fra må være før --til: perioden går fra og med --fra til (men ikke med) --til.")
    result = check_repository(ctx.root, til, ctx.cache, tekster=False)
    oppsett = result.handbok.innstillinger.varsler
    if oppsett is None:
        raise Refused("handbok.yaml har ingen varsler-innstilling. Legg til «varsler: {nettsted: https://…, avsender: "
                      "…@kommune.no}» og postkassene under roller_epost og tjenestested_epost (se docs/).")
    messages = epostene(result.handbok, oppsett, result.status, fra, til)
    when = periode(fra, til)
    if not messages:
        print(f"Ingen varsler for {when}.", file=ctx.out)
    elif args.torrkjoring:
        show(messages, ctx.out)
    elif args.ut is not None:
        written = write_eml(messages, args.ut)
        print(f"Skrev {antall(len(written), 'e-post', 'e-poster')} for {when} i {args.ut}.", file=ctx.out)
    else:
        send(messages, os.environ)
        print(f"Sendte {antall(len(messages), 'e-post', 'e-poster')} for {when}: "
              + ", ".join(str(m["To"]) for m in messages) + ".", file=ctx.out)
    warn_errors(result.antall_feil, ctx.err, " varslene gjelder det som kunne leses.")
    return 0
