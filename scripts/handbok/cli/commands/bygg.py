"""Commands: `handbok bygg` — generate the pages, run the engine (MkDocs or Zensical), then the post-build passes, into site/."""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from ...core.errors import Stop
from ...reports.findings import findings_text
from ...site.build import CONFIG, engine_config, error_text, generate_site_docs, generated_text
from ...site.engine import run_mkdocs, run_zensical
from ...site.postbuild import run_passes
from .common import Context


def run(args: argparse.Namespace, ctx: Context) -> int:
    config_file = ctx.root / CONFIG
    if not config_file.is_file():
        raise Stop(f"Fant ikke {CONFIG} i {ctx.root}; uten den kan nettstedet ikke bygges.")
    today = args.dato or ctx.today
    start = time.monotonic()
    config = engine_config(config_file, today)
    generert = generate_site_docs(ctx.root, today, Path(config.docs_dir), ctx.cache)
    if generert.result.antall_feil:
        print(error_text(generert.result.findings), file=ctx.out)
        return 1
    ctx.out.write(findings_text(generert.result.findings) if generert.result.findings else "")
    print(generated_text(generert), file=ctx.out)
    built = run_zensical(config_file, ctx.out) if args.motor == "zensical" else run_mkdocs(config, ctx.out)
    if not built:
        print("handbok bygg: nettstedet ble ikke bygget (se meldingene over).", file=ctx.out)
        return 1
    site_dir = Path(config.site_dir)
    run_passes(site_dir)
    print(f"Bygget nettstedet i {_shown(site_dir, ctx.root)} på {time.monotonic() - start:.1f} s.", file=ctx.out)
    return 0


def _shown(path: Path, root: Path) -> str:
    path, root = path.resolve(), root.resolve()
    return path.relative_to(root).as_posix() + "/" if path.is_relative_to(root) else str(path)
