"""Commands: `handbok registrer` — add a tjenestested's status for a document to its history."""

from __future__ import annotations

import argparse

from ...edit.recording import NyRegistrering, RecordingRefused, Tilbake, registrer
from .common import Context


def run(args: argparse.Namespace, ctx: Context) -> int:
    if args.tilbake != bool(args.grunn):
        raise RecordingRefused("--tilbake og --grunn hører sammen: sett statusen tilbake med --tilbake --grunn \"hvorfor\".")
    tilbake = Tilbake(args.grunn) if args.tilbake else None
    ny = NyRegistrering(args.status, args.versjon, args.dato, args.hvordan, args.begrunnelse, tilbake)
    message = registrer(ctx.root, ctx.today, args.tjenestested, args.dokument, ny, ctx.cache)
    print(message, file=ctx.out)
    return 0
