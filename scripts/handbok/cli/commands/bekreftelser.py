"""Commands: `handbok bekreftelser importer FIL` — «lest og forstått» receipts from the form tool's export."""

from __future__ import annotations

import argparse

from ...edit.bekreftelsestall import importer_bekreftelser
from .common import Context


def run(args: argparse.Namespace, ctx: Context) -> int:
    print(importer_bekreftelser(ctx.root, ctx.today, args.fil, args.dato, args.syntetisk, ctx.cache), file=ctx.out)
    return 0
