"""Commands: `handbok evaluer` — record an evaluation with the shared form in the plan."""

from __future__ import annotations

import argparse

from ...edit.recording import evaluer, parse_answers
from .common import Context


def run(args: argparse.Namespace, ctx: Context) -> int:
    message = evaluer(ctx.root, ctx.today, args.tjenestested, args.rutine, parse_answers(args.svar), args.merknad,
                      args.dato, ctx.cache)
    print(message, file=ctx.out)
    return 0
