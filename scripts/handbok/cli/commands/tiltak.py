"""Commands: `handbok tiltak` — open a corrective action for a tjenestested × document (routine or role description), or close one."""

from __future__ import annotations

import argparse

from ...edit.recording import NyttTiltak, RecordingRefused, apne_tiltak, lukk_tiltak
from .common import Context

_OPEN = ("beskrivelse", "ansvarlig", "frist")


def run(args: argparse.Namespace, ctx: Context) -> int:
    if args.lukk is not None:
        if any(getattr(args, name) is not None for name in (*_OPEN, "evaluering", "id")):
            raise RecordingRefused("--lukk lukker et tiltak og tar bare --resultat og --dato. Et nytt tiltak åpnes "
                                 "uten --lukk.")
        if not args.resultat:
            raise RecordingRefused("Skriv hva som ble gjort og hva det førte til: --resultat \"…\".")
        message = lukk_tiltak(ctx.root, ctx.today, args.tjenestested, args.dokument, args.lukk, args.resultat, args.dato,
                              ctx.cache)
    else:
        missing = [f"--{name}" for name in _OPEN if getattr(args, name) is None]
        if missing or args.resultat is not None:
            raise RecordingRefused("Et nytt tiltak trenger --beskrivelse, --ansvarlig og --frist"
                                 + (f" (mangler {', '.join(missing)})" if missing else "")
                                 + "; --resultat hører til --lukk ID.")
        nytt = NyttTiltak(args.beskrivelse, args.ansvarlig, args.frist, args.evaluering, args.id)
        message = apne_tiltak(ctx.root, ctx.today, args.tjenestested, args.dokument, nytt, args.dato, ctx.cache)
    print(message, file=ctx.out)
    return 0
