"""Commands: `handbok forhandsvis` — serve the handbook on this machine; after each save, only the changed pages are made and built."""

from __future__ import annotations

import argparse

from ...core.errors import Stop
from ...site.build import CONFIG, docs_dir_of
from ...site.engine import serve_mkdocs
from .common import Context


def run(args: argparse.Namespace, ctx: Context) -> int:
    config_file = ctx.root / CONFIG
    if not config_file.is_file():
        raise Stop(f"Fant ikke {CONFIG} i {ctx.root}; uten den kan nettstedet ikke vises.")
    docs_dir_of(config_file).mkdir(parents=True, exist_ok=True)  # MkDocs refuses a docs_dir that does not exist
    print(f"Bygger nettstedet for forhåndsvisning på {args.adresse} (første gang tar det litt tid) …", file=ctx.out)
    if not serve_mkdocs(config_file, args.adresse, ctx.out):
        print("handbok forhandsvis: forhåndsvisningen kunne ikke starte (se meldingene over).", file=ctx.out)
        return 1
    return 0
