"""Commands: `handbok registrer` — record a tjenestested's status for a routine in the plan."""

from __future__ import annotations

import argparse

from ..recording import registrer
from .common import Context, check_arguments


def run(args: argparse.Namespace, ctx: Context) -> int:
    check_arguments(args)
    message = registrer(ctx.root, ctx.today, args.tjenestested, args.rutine, args.status, args.versjon, args.dato,
                        args.hvordan, args.begrunnelse, ctx.cache)
    print(message, file=ctx.out)
    return 0
