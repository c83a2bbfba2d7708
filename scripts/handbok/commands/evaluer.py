"""Commands: `handbok evaluer` — record an evaluation with the shared form in the plan."""

from __future__ import annotations

import argparse

from ..recording import evaluer, parse_answers
from .common import Context, check_arguments


def run(args: argparse.Namespace, ctx: Context) -> int:
    check_arguments(args)
    message = evaluer(ctx.root, ctx.today, args.tjenestested, args.rutine, parse_answers(args.svar), args.merknad,
                      args.dato, ctx.cache)
    print(message, file=ctx.out)
    return 0
