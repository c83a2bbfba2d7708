"""Commands: `handbok region HANDBOK…` — one overview over several handbooks (municipalities), as text,
CSV or JSON, and with --ut as a page, a CSV and a JSON file in a folder."""

from __future__ import annotations

import argparse
import json
from datetime import date
from typing import TextIO

from ...reports.region import les_region, region_csv, region_html, region_json, region_text
from ...source.writing import atomic_write


def run(args: argparse.Namespace, out: TextIO, today: date) -> int:
    region = les_region(args.handboker, args.dato or today)
    data = json.dumps(region_json(region), ensure_ascii=False, indent=2) + "\n"
    if args.ut is not None:
        args.ut.mkdir(parents=True, exist_ok=True)
        atomic_write(args.ut / "region.html", region_html(region))
        atomic_write(args.ut / "region.csv", region_csv(region))
        atomic_write(args.ut / "region.json", data)
    if args.format == "json":
        out.write(data)
    elif args.format == "csv":
        out.write(region_csv(region))
    else:
        out.write(region_text(region))
        if args.ut is not None:
            out.write(f"Skrev region.html, region.csv og region.json i {args.ut}.\n")
    return 1 if any(k.status is None for k in region.kommuner) else 0
