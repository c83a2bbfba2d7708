"""Commands: `handbok avvik importer FIL.csv` — deviation counts from a deviation system's CSV export."""

from __future__ import annotations

import argparse

from ...edit.avvikstall import importer_avvik
from .common import Context


def run(args: argparse.Namespace, ctx: Context) -> int:
    print(importer_avvik(ctx.root, ctx.today, args.fil, args.syntetisk, ctx.cache), file=ctx.out)
    return 0
