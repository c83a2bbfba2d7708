"""Importer: the results -> the report a user reads (Norwegian text) or a program reads (JSON)."""

from __future__ import annotations

import json

from .run import FINNES, IKKE_IMPORTERT, IMPORTERT, Resultat

_STATUS = {IMPORTERT: "importert som utkast", FINNES: "finnes allerede", IKKE_IMPORTERT: "ikke importert"}


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
    counts = {s: sum(r.status == s for r in results) for s in _STATUS}
    lines.append(f"{counts[IMPORTERT]} importert, {counts[FINNES]} fantes allerede, {counts[IKKE_IMPORTERT]} ikke "
                 "importert." + (" Kjør «handbok sjekk» og fyll inn det som mangler før utkastene sendes på høring."
                                 if counts[IMPORTERT] else ""))
    return "\n".join(lines) + "\n"


def json_report(results: list[Resultat]) -> str:
    files = [{
        "kilde": r.kilde, "status": r.status, "fil": r.fil or None, "grunn": r.grunn or None,
        "gjenkjent": r.utkast.gjenkjent if r.utkast and r.status == IMPORTERT else [],
        "mangler": r.mangler if r.status == IMPORTERT else [],
        "forslag": r.utkast.forslag if r.utkast and r.status == IMPORTERT else [],
        "merknader": [*r.utkast.merknader, *r.advarsler] if r.utkast and r.status == IMPORTERT else [],
    } for r in results]
    return json.dumps({"filer": files, "antall_importert": sum(r.status == IMPORTERT for r in results)},
                      ensure_ascii=False, indent=2) + "\n"
