"""Commands: `handbok registrer` — record a tjenestested's status for a routine in the plan."""

from __future__ import annotations

import argparse

from ...edit.recording import RecordingRefused, Tilbake, registrer
from .common import Context


def run(args: argparse.Namespace, ctx: Context) -> int:
    if args.tilbake != bool(args.grunn):
        raise RecordingRefused("--tilbake og --grunn hører sammen: sett statusen tilbake med --tilbake --grunn \"hvorfor\".")
    tilbake = Tilbake(args.grunn) if args.tilbake else None
    message = registrer(ctx.root, ctx.today, args.tjenestested, args.rutine, args.status, args.versjon, args.dato,
                        args.hvordan, args.begrunnelse, ctx.cache, tilbake)
    print(message, file=ctx.out)
    return 0
