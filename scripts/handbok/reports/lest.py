"""Receipts report: the share of staff who confirmed each document's version in force -> the «Lest og forstått»
lines of `handbok status` (JSON lives in core.bekreftet)."""

from __future__ import annotations

from typing import Sequence

from ..core.bekreftet import sted_bekreftelser
from ..core.formatting import prosent
from ..core.model import Handbok, Tjenestested

_SPACE = " "  # a plain space before «%» in a terminal


def lest_oversikt(handbok: Handbok, steder: Sequence[Tjenestested]) -> str:
    """One line per site: the average share and the documents under the threshold."""
    lines = []
    for sted in steder:
        found = sted_bekreftelser(handbok, sted.id)
        if found is None:
            continue
        total = sum(a.antall for a in found.andeler)
        snitt = (f"i snitt {prosent(found.snitt, _SPACE)} har bekreftet" if found.snitt is not None
                 else f"{total} bekreftelser, antall ansatte er ikke oppgitt")
        under = f", {len(found.under_terskel)} under terskelen" if found.terskel and found.med_ansatte else ""
        lines.append(f"  {sted.navn}: {snitt} ({len(found.andeler)} dokumenter{under})")
    return "\n".join(["", "Lest og forstått (versjonen som gjelder):", *lines]) + "\n" if lines else ""


def lest_sted(handbok: Handbok, sted: Tjenestested) -> str:
    """Every document in force at the site, the lowest share first; roles with a shown count."""
    found = sted_bekreftelser(handbok, sted.id)
    if found is None:
        return ""
    lines = ["", "Lest og forstått (lavest andel først):"]
    for a in found.andeler:
        flag = " – under terskelen" if a.under(found.terskel) else ""
        roles = [f"{handbok.rolle_tittel(r.rolle)} {r.antall}" + (f" av {r.ansatte}" if r.ansatte else "")
                 for r in a.roller if not r.skjult]
        lines.append(f"  {a.dokument.tittel}: {a.tekst(_SPACE)}{flag}" + (f" ({', '.join(roles)})" if roles else ""))
    return "\n".join(lines) + "\n"
