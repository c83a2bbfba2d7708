"""Commands: `handbok ny` — scaffold a new routine or role description to fill in."""

from __future__ import annotations

import argparse

from ...scaffold.document import ny
from .common import Context


def run(args: argparse.Namespace, ctx: Context) -> int:
    path = ny(ctx.root, ctx.today, args.type, args.id, args.tittel, args.eier, ctx.cache)
    print(f"Laget {path.relative_to(ctx.root).as_posix()}. Fyll inn teksten, kjør «handbok sjekk» og lag en "
          "pull request.", file=ctx.out)
    return 0
