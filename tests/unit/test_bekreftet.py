"""Confirmed shares (core.bekreftet): the MAJOR in force is counted, a small role is hidden, and a second role is
hidden when one hidden count could otherwise be worked out from the site's total."""

from __future__ import annotations

from datetime import date

from handbok.core.bekreftelser import Ansatte, Bekreftelse, Bekreftelsestall, BekreftelsesOppsett
from handbok.core.bekreftet import andel
from handbok.core.model import (Dokumentstatus, Endringslinje, Handbok, Implementeringsplan, Innstillinger, Rutine,
                                Tjenestested, Versjon)


def _handbok(counts: dict[str, Bekreftelse], *versjoner: str, roller: dict[str, int] | None = None) -> Handbok:
    log = tuple(Endringslinje(Versjon.parse(v), date(2025, 1, i + 1), v) for i, v in enumerate(versjoner))
    rutine = Rutine("r", "rutiner/r.md", "R", log[-1].versjon, Dokumentstatus.GJELDENDE, "eier", "Team", None, None,
                    ("alle",), {}, log)
    oppsett = BekreftelsesOppsett(ansatte={"nord": Ansatte(40, roller or {})})
    return Handbok({"r": rutine}, {}, Implementeringsplan((Tjenestested("nord", "Nord"),)),
                   Innstillinger(bekreftelser=oppsett), bekreftelser=Bekreftelsestall({"nord": {"r": counts}}))


def test_the_count_covers_the_major_in_force_up_to_the_current_version() -> None:
    counts = {"1.0": Bekreftelse(9), "2.0": Bekreftelse(10), "2.1": Bekreftelse(20), "2.2": Bekreftelse(99)}
    handbok = _handbok(counts, "1.0", "2.0", "2.1")
    found = andel(handbok, "nord", handbok.rutiner["r"])
    assert (found.antall, found.ansatte, found.versjoner) == (30, 40, "2.0–2.1")
    assert found.tekst() == "30 av 40 (75\u00a0%) har bekreftet versjon 2.0–2.1" and found.under(80) and not found.under(75)


def test_one_small_role_hides_the_next_smallest_too() -> None:
    counts = {"1.0": Bekreftelse(30, {"sykepleier": 3, "helsefagarbeider": 12, "vernepleier": 15})}
    handbok = _handbok(counts, "1.0", roller={"sykepleier": 5})
    shown = {r.rolle: r.antall for r in andel(handbok, "nord", handbok.rutiner["r"]).roller}
    assert shown == {"sykepleier": None, "helsefagarbeider": None, "vernepleier": 15}


def test_two_small_roles_hide_no_more() -> None:
    counts = {"1.0": Bekreftelse(30, {"sykepleier": 3, "helsefagarbeider": 4, "vernepleier": 15})}
    handbok = _handbok(counts, "1.0")
    shown = {r.rolle: r.antall for r in andel(handbok, "nord", handbok.rutiner["r"]).roller}
    assert shown == {"sykepleier": None, "helsefagarbeider": None, "vernepleier": 15}
