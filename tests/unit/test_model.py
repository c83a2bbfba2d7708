"""Domain types: a version is parsed once and orders as numbers; statuses carry their labels and rules."""

from __future__ import annotations

from datetime import date

import pytest

from handbok.core.model import (Dokumentstatus, Endringslinje, Implementeringsstatus, Rutine, Versjon)


@pytest.mark.parametrize("text", ["1.0", "2.10", "0.1", "10.0"])
def test_version_round_trips(text: str) -> None:
    assert str(Versjon.parse(text)) == text


@pytest.mark.parametrize("text", ["1", "1.0.0", "1.x", "", ".1", "1.", "1.0\n", " 1.0", "١.٠", "-1.0"])
def test_not_a_version(text: str) -> None:
    with pytest.raises(ValueError):
        Versjon.parse(text)


def test_versions_order_as_numbers_not_text() -> None:
    assert Versjon.parse("2.10") > Versjon.parse("2.9") > Versjon.parse("1.99")
    assert max([Versjon(1, 2), Versjon(2, 0), Versjon(1, 10)]) == Versjon(2, 0)
    assert Versjon(2, 1).slug == "2-1"


def test_major_change_is_one_rule() -> None:
    assert Versjon(2, 0).er_major_endring_fra(Versjon(1, 7))
    assert not Versjon(1, 7).er_major_endring_fra(Versjon(1, 0))
    assert not Versjon(1, 0).er_major_endring_fra(Versjon(2, 0))


def test_statuses_carry_labels_and_rules() -> None:
    S = Implementeringsstatus
    assert S("ma-oppdateres").tekst == "Må oppdateres"
    assert [s for s in S if s.ferdig] == [S.IMPLEMENTERT, S.EVALUERT]
    assert S.MA_OPPDATERES not in S.registrerbare() and S.GJELDER_IKKE not in S.registrerbare()
    assert len(S.registrerbare()) == 6 and S.IKKE_AKTUELT not in S.effektive()
    assert Dokumentstatus("hoering").tekst == "På høring" and Dokumentstatus.UTKAST.under_arbeid
    assert not Dokumentstatus.GJELDENDE.under_arbeid


def _rutine(*versjoner: str) -> Rutine:
    log = tuple(Endringslinje(Versjon.parse(v), date(2025, 1, i + 1), v) for i, v in enumerate(versjoner))
    return Rutine("r", "rutiner/r.md", "R", log[-1].versjon, Dokumentstatus.GJELDENDE, "eier", "Team", None, None,
                  ("alle",), {}, log)


def test_new_practice_is_a_major_change_after_an_approved_version() -> None:
    rutine = _rutine("0.1", "1.0", "1.1", "2.0", "2.1")
    assert [str(e.versjon) for e in rutine.endringslogg if rutine.ny_praksis(e)] == ["2.0"]
    assert [str(e.versjon) for e in rutine.endringer_etter(Versjon(1, 1))] == ["2.0", "2.1"]
