"""Commands: `handbok evaluer` — add an evaluation with the whole shared form to a site's history."""

from __future__ import annotations

import argparse

from ...edit.recording import evaluer, parse_answers
from .common import Context


def run(args: argparse.Namespace, ctx: Context) -> int:
    message = evaluer(ctx.root, ctx.today, args.tjenestested, args.dokument, parse_answers(args.svar), args.merknad,
                      args.dato, ctx.cache)
    print(message, file=ctx.out)
    return 0
