"""Importer: the results -> the report a user reads (Norwegian text) or a program reads (JSON), each ending
with a summary: how many became drafts, were the same text, were there before or were refused and why, and
the fields the drafts most often lack."""

from __future__ import annotations

import json
from collections import Counter
from typing import Any

from .run import FINNES, IKKE_IMPORTERT, IMPORTERT, SAMME_TEKST, Resultat

_STATUS = {IMPORTERT: "importert som utkast", SAMME_TEKST: "samme tekst som en annen kilde",
           FINNES: "finnes allerede", IKKE_IMPORTERT: "ikke importert"}
_MOST_COMMON = 5


def text_report(results: list[Resultat]) -> str:
    lines: list[str] = []
    for r in results:
        head = f"{r.kilde} → {r.fil}: {_STATUS[r.status]}" if r.fil else f"{r.kilde}: {_STATUS[r.status]}"
        lines.append(head + (f" ({r.grunn})" if r.grunn else ""))
        if r.utkast is not None and r.status == IMPORTERT:
            lines += [f"  gjenkjent: {g}" for g in r.utkast.gjenkjent]
            if r.mangler:
                lines.append(f"  mangler: {', '.join(r.mangler)} (fyll inn før rutinen blir gjeldende)")
            lines += [f"  forslag: {f}" for f in r.utkast.forslag]
            lines += [f"  merknad: {m}" for m in (*r.utkast.merknader, *r.advarsler)]
    return "\n".join([*lines, "", *_summary_lines(summary(results))]) + "\n"


def summary(results: list[Resultat]) -> dict[str, Any]:
    counts = Counter(r.status for r in results)
    refused = Counter(r.arsak or "annet" for r in results if r.status == IKKE_IMPORTERT)
    missing = Counter(name for r in results if r.status == IMPORTERT for name in r.mangler)
    return {"kilder": len(results), "importert": counts[IMPORTERT], "samme_tekst": counts[SAMME_TEKST],
            "finnes_allerede": counts[FINNES], "ikke_importert": counts[IKKE_IMPORTERT],
            "ikke_importert_fordi": dict(refused.most_common()),
            "mangler_oftest": dict(missing.most_common(_MOST_COMMON))}


def _summary_lines(s: dict[str, Any]) -> list[str]:
    lines = [f"{s['kilder']} kilder: {s['importert']} importert, {s['samme_tekst']} samme tekst som en annen kilde, "
             f"{s['finnes_allerede']} fantes allerede, {s['ikke_importert']} ikke importert."]
    if s["ikke_importert_fordi"]:
        lines.append("Ikke importert: " + ", ".join(f"{n} {why}" for why, n in s["ikke_importert_fordi"].items()) + ".")
    if s["mangler_oftest"]:
        lines.append("Utkastene mangler oftest: " + ", ".join(f"{name} ({n})" for name, n in s["mangler_oftest"].items())
                     + ".")
    if s["importert"]:
        lines.append("Kjør «handbok sjekk» og fyll inn det som mangler før utkastene sendes på høring.")
    return lines


def json_report(results: list[Resultat]) -> str:
    files = [{
        "kilde": r.kilde, "status": r.status, "fil": r.fil or None, "grunn": r.grunn or None,
        "tittel": r.utkast.data.get("tittel") if r.utkast and r.status == IMPORTERT else None,
        "gjenkjent": r.utkast.gjenkjent if r.utkast and r.status == IMPORTERT else [],
        "mangler": r.mangler if r.status == IMPORTERT else [],
        "forslag": r.utkast.forslag if r.utkast and r.status == IMPORTERT else [],
        "merknader": [*r.utkast.merknader, *r.advarsler] if r.utkast and r.status == IMPORTERT else [],
    } for r in results]
    return json.dumps({"filer": files, "antall_importert": sum(r.status == IMPORTERT for r in results),
                       "oppsummering": summary(results)}, ensure_ascii=False, indent=2) + "\n"
