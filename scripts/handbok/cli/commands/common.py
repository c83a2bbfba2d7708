"""Commands: what every command is given (root, cache, streams, today) and the checks they share."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TextIO

from ...core.errors import Stop
from ...core.historikk import per_dato
from ...core.model import Bevis, Handbok
from ...source.cache import Cache
from ...source.history import ledger_evidence


@dataclass(frozen=True)
class Context:
    """The handbook's root, the parse cache, the output streams and the real date of this run."""

    root: Path
    cache: Cache
    out: TextIO
    err: TextIO
    today: date


def require_site(handbok: Handbok, sted_id: str | None) -> None:
    """A site the reports can show: known, and not marked inactive (aktiv: false)."""
    if sted_id is None:
        return
    sted = handbok.plan.sted(sted_id)
    if sted is None:
        known = ", ".join(s.id for s in handbok.plan.aktive_steder)
        raise Stop(f"Tjenestestedet «{sted_id}» finnes ikke. Kjente tjenestesteder: {known}.")
    if not sted.aktiv:
        raise Stop(f"Tjenestestedet «{sted_id}» er ikke aktivt (aktiv: false i implementeringsplan.yaml), "
                    "så det er ikke med i statusen. Registreringene står likevel i planen.")


def warn_errors(antall_feil: int, err: TextIO, detail: str = "") -> None:
    """A command that has checked the handbook and found errors says so on stderr, once."""
    if antall_feil:
        print(f"Obs: håndboka har {antall_feil} feil;{detail} kjør «handbok sjekk».", file=err)


def warn_left_out(antall_feil: int, err: TextIO) -> None:
    """A command that read only the model says so when errors in the files left something out of it."""
    if antall_feil:
        print(f"Obs: {antall_feil} feil i filene gjør at noe ikke er med i tallene; kjør «handbok sjekk».", file=err)


def as_of(root: Path, handbok: Handbok, dag: date) -> tuple[Handbok, dict[str, Bevis]]:
    """The handbook as it was on `dag` — the versions in force and the history dated by then — and the evidence
    git holds for it by then: per entry, the commit that recorded it, when that was on or before `dag` (a commit
    made later is not shown in a document dated `dag`)."""
    bevis = {key: found for key, found in ledger_evidence(root).items() if found.dato <= dag}
    return per_dato(handbok, dag, bevis), bevis
