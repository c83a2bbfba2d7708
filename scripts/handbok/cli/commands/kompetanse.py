"""Commands: `handbok kompetanse importer FIL.csv --tjenestested ID` — anonymous competence survey answers."""

from __future__ import annotations

import argparse

from ...edit.kompetansetall import importer_kompetanse
from .common import Context


def run(args: argparse.Namespace, ctx: Context) -> int:
    print(importer_kompetanse(ctx.root, ctx.today, args.fil, args.tjenestested, args.dato, args.syntetisk, ctx.cache),
          file=ctx.out)
    return 0
