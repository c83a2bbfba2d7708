"""Changes page ("Siste endringer"): approved change-log entries and every change to the handbook in git."""

from __future__ import annotations

from dataclasses import dataclass

from ...core.model import Handbok
from ...source.history import Endring as GitEndring, Historikk
from .front import nyheter
from .paths import role_path, routine_path
from .render import render

ENDRINGER = "endringer/index.md"
ENDRINGER_ANTALL = 60


@dataclass(frozen=True)
class GitRad:
    """One landed change to one file: the page it belongs to (when it has one) and its title."""

    endring: GitEndring
    fil: str
    side: str | None
    tittel: str | None


def changes_page(handbok: Handbok, historikk: Historikk) -> str:
    return render("sider/endringer.md", side=ENDRINGER, historikk=historikk,
                  godkjente=nyheter(handbok)[:ENDRINGER_ANTALL], git_rader=git_changes(handbok, historikk))


def git_changes(handbok: Handbok, historikk: Historikk) -> list[GitRad]:
    """Every landed change to a routine, role or the plan, newest first, one row per change."""
    names = {r.fil: (routine_path(r), r.tittel) for r in handbok.rutiner.values()}
    names.update({f.fil: (role_path(f.id), f.tittel) for f in handbok.funksjoner.values()})
    changes = [(change, fil) for fil, per_fil in historikk.per_fil.items() for change in per_fil]
    changes.sort(key=lambda pair: (pair[0].dato, pair[1]), reverse=True)
    return [GitRad(change, fil, *names.get(fil, (None, None))) for change, fil in changes[:ENDRINGER_ANTALL]]
