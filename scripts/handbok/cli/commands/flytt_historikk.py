"""Commands: `handbok flytt-historikk` — move the plan's old `implementering:` section to one history file per site."""

from __future__ import annotations

import argparse

from ...edit.flytting import flytt_historikk
from .common import Context


def run(args: argparse.Namespace, ctx: Context) -> int:
    print(flytt_historikk(ctx.root, ctx.today, ctx.cache), file=ctx.out)
    return 0
