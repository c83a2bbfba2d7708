"""Index pages: all routines, all roles, all tjenestesteder and the archive, each one sortable table."""

from __future__ import annotations

from typing import Iterable

from ...core.formatting import tittelorden
from ...core.model import Dokumentstatus, Handbok, Rutine
from ...core.status import Status
from .render import render

RUTINER = "rutiner/index.md"
ROLLER = "roller/index.md"
STEDER = "tjenestesteder/index.md"
ARKIV = "arkiv/index.md"


def routine_index(handbok: Handbok) -> str:
    """All routines in one sortable table: with hundreds of routines a navigation tree would be
    rendered into every page, so the nav stays short and this page, links and search do the work."""
    return render("sider/rutiner.md", side=RUTINER, handbok=handbok,
                  gjeldende=_by_title(r for r in handbok.rutiner.values() if r.gjeldende and not r.retningslinje),
                  retningslinjer=_by_title(r for r in handbok.rutiner.values() if r.gjeldende and r.retningslinje),
                  under_arbeid=_by_title(r for r in handbok.rutiner.values() if r.dokumentstatus.under_arbeid))


def role_index(handbok: Handbok) -> str:
    roles = sorted(handbok.funksjoner.values(), key=lambda f: tittelorden(f.tittel))
    lighter = sorted((r for r in handbok.innstillinger.roller.values() if r.id not in handbok.funksjoner),
                     key=lambda r: tittelorden(r.navn))
    return render("sider/roller.md", side=ROLLER, handbok=handbok,
                  roller=[(f, _current_responsibilities(handbok, f.id)) for f in roles],
                  lettere=[(r, _current_responsibilities(handbok, r.id)) for r in lighter])


def _current_responsibilities(handbok: Handbok, rolle: str) -> int:
    return sum(1 for r, _ in handbok.ansvar_for(rolle) if r.gjeldende)


def tjenestested_index(status: Status) -> str:
    return render("sider/tjenestesteder.md", side=STEDER, steder=status.steder)


def archive_index(handbok: Handbok) -> str:
    old = _by_title(r for r in handbok.rutiner.values() if r.dokumentstatus == Dokumentstatus.UTGAATT)
    return render("sider/arkiv.md", side=ARKIV, rutiner=[(r, _replacement(handbok, r)) for r in old])


def _replacement(handbok: Handbok, rutine: Rutine) -> Rutine | str:
    """The routine that replaced this one, or the id as written when it is not in the handbook."""
    return handbok.rutiner.get(rutine.erstattet_av or "") or rutine.erstattet_av or "–"


def _by_title(rutiner: Iterable[Rutine]) -> list[Rutine]:
    return sorted(rutiner, key=lambda r: tittelorden(r.tittel))
