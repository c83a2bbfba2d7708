"""Diff pages: "Hva er endret siden vi implementerte?" — a routine's text then and now, for each
version a tjenestested has implemented that is not the current one."""

from __future__ import annotations

from typing import Mapping

from ...checks.privacy import skjul_personnummer
from ...core.model import Rutine, Tjenestested, Versjon
from ...core.status import RutineStatus, Status
from ...source.history import DiffLinje, Historikk, Sammenligning
from .paths import diff_path, eldre_versjon
from .render import render

Sammenligninger = Mapping[tuple[str, str], Sammenligning]


def onskede_versjoner(status: Status) -> dict[str, set[str]]:
    """Routine file -> the older versions some tjenestested has recorded for it (as the front matter
    writes them): the texts to read from git for the diffs the site links to."""
    return {rs.rutine.fil: {str(v) for v in older} for rs in status.rutiner if (older := eldre_versjoner(rs))}


def eldre_versjoner(rutine_status: RutineStatus) -> dict[Versjon, list[str]]:
    """Each version older than the current one that an applicable tjenestested has recorded -> those sites."""
    found: dict[Versjon, list[str]] = {}
    for cell in rutine_status.celler:
        if cell.registrering is None:  # most cells of a large handbook: nothing recorded, no older version
            continue
        older = eldre_versjon(cell, rutine_status.rutine)
        if older:
            found.setdefault(older, []).append(cell.sted)
    return found


def diff_page(rutine: Rutine, versjon: Versjon, steder: list[Tjenestested], historikk: Historikk,
              sammenligning: Sammenligning | None) -> str:
    return render("sider/endret_siden.md", side=diff_path(rutine, versjon), rutine=rutine, versjon=versjon,
                  steder=steder, historikk=historikk, sammenligning=sammenligning,
                  major=rutine.versjon.er_major_endring_fra(versjon),
                  endringslogg=list(reversed(rutine.endringer_etter(versjon))),
                  linjer=[_hidden(linje) for linje in sammenligning.linjer] if sammenligning else [])


def _hidden(linje: DiffLinje) -> DiffLinje:
    """Old texts were never checked by today's privacy guard: hide any identifier they may hold."""
    return DiffLinje(linje.type, skjul_personnummer(linje.tekst))
