"""The ledger's pure functions: a site's entries -> its record, its story per version, the handbook as of a day."""

from __future__ import annotations

import dataclasses
from datetime import date

from handbok.core.historikk import dokument_per_dato, forlop, med_historikk, per_dato, registrering
from handbok.core.model import (Bevis, Dokumentstatus, Endringslinje, Handbok, Hendelse, Hendelsestype,
                                Implementeringsplan, Implementeringsstatus, Rutine, Versjon)

H = Hendelsestype
S = Implementeringsstatus
V1, V11, V2 = Versjon(1, 0), Versjon(1, 1), Versjon(2, 0)


def entry(kind: Hendelsestype, day: str | None, **fields: object) -> Hendelse:
    return Hendelse(kind, date.fromisoformat(day) if day else None, nokkel=f"{kind}-{day}-{fields.get('id', '')}",
                    **fields)  # type: ignore[arg-type]


STORY = (
    entry(H.IMPLEMENTERT, "2025-03-01", versjon=V1, hvordan="Fagdag."),
    entry(H.EVALUERT, "2025-06-01", versjon=V1, svar={"kjent": 4, "fungerer": None}),
    entry(H.TILTAK, "2025-06-10", id="t1", beskrivelse="Opplæring.", ansvarlig="leder", frist=date(2025, 12, 1),
          evaluering=date(2025, 6, 1)),
    entry(H.I_GANG, "2025-10-01", versjon=V2),
    entry(H.IMPLEMENTERT, "2025-11-01", versjon=V2, hvordan="To kontrollerer."),
    entry(H.TILTAK_LUKKET, "2025-11-10", id="t1", resultat="Gjort."),
)


def test_the_record_is_what_the_entries_add_up_to() -> None:
    record = registrering(STORY)
    assert record is not None
    assert (record.status, record.versjon, record.dato, record.hvordan) == (S.IMPLEMENTERT, V2, date(2025, 11, 1),
                                                                          "To kontrollerer.")
    assert record.hoyeste_implementert == V2 and record.gjeldende_evalueringer == ()
    assert [e.versjon for e in record.evalueringer] == [V1]
    tiltak = record.tiltak[0]
    assert (tiltak.versjon, tiltak.lukket, tiltak.resultat) == (V1, date(2025, 11, 10), "Gjort.")


def test_entries_count_in_date_order_whatever_order_they_were_written() -> None:
    assert registrering(tuple(reversed(STORY))) == registrering(STORY)


def test_an_evaluation_of_the_implemented_version_makes_it_evaluert_and_a_step_back_is_kept() -> None:
    evaluated = registrering(STORY[:2])
    assert evaluated is not None and evaluated.status is S.EVALUERT
    back = registrering((*STORY[:2], entry(H.TILBAKE, "2025-07-01", status=S.I_GANG, grunn="Nye vikarer.")))
    assert back is not None and back.status is S.I_GANG and back.versjon == V1
    assert [(t.fra, t.grunn) for t in back.tilbakeforinger] == [(S.EVALUERT, "Nye vikarer.")]


def test_a_closing_dated_before_its_opening_still_closes_it() -> None:
    record = registrering((entry(H.TILTAK_LUKKET, "2025-05-01", id="t1", resultat="Gjort."),
                           entry(H.TILTAK, "2025-06-01", id="t1", beskrivelse="B", ansvarlig="a",
                                 frist=date(2025, 7, 1))))
    assert record is not None and record.tiltak[0].lukket == date(2025, 5, 1)


def test_the_story_is_told_per_version() -> None:
    record = registrering(STORY)
    assert record is not None
    stories = forlop(record)
    assert [s.versjon for s in stories] == [V1, V2]
    first, second = stories
    assert first.implementert is not None and first.implementert.hvordan == "Fagdag."
    assert [e.dato for _, e in first.evalueringer] == [date(2025, 6, 1)] and [t.id for t in first.tiltak] == ["t1"]
    assert [h.hendelse for h in second.hendelser] == [H.I_GANG, H.IMPLEMENTERT] and second.evalueringer == ()


def rutine(*log: tuple[Versjon, str], godkjent: str | None = None) -> Rutine:
    versjon = log[-1][0]
    return Rutine("r", "rutiner/r.md", "R", versjon, Dokumentstatus.GJELDENDE, "eier", "Teamet",
                  date.fromisoformat(godkjent) if godkjent else None, None, ("alle",), {},
                  tuple(Endringslinje(v, date.fromisoformat(d), "x") for v, d in log))


def test_a_document_as_of_a_day_is_the_version_in_force_then() -> None:
    r = rutine((V1, "2025-01-10"), (V11, "2025-04-01"), (V2, "2025-08-01"), godkjent="2025-08-15")
    assert dokument_per_dato(r, date(2025, 1, 1)) is None  # not approved yet
    then = dokument_per_dato(r, date(2025, 5, 1))
    assert then is not None and then.versjon == V11 and then.godkjent == date(2025, 4, 1)
    assert [e.versjon for e in then.endringslogg] == [V1, V11]
    assert dokument_per_dato(r, date(2025, 8, 10)).versjon == V11  # type: ignore[union-attr]  # 2.0 approved on 15.08
    assert dokument_per_dato(r, date(2025, 8, 15)) is r


def test_the_re_implementation_deadline_is_the_changes_own_or_the_plans() -> None:
    r = rutine((V1, "2025-01-10"), (V2, "2025-08-01"))
    assert r.reimplementeringsfrist(90) == date(2025, 10, 30)
    own = dataclasses.replace(r, endringslogg=(r.endringslogg[0], Endringslinje(
        V2, date(2025, 8, 1), "x", reimplementering_innen_dager=30)))
    assert own.reimplementeringsfrist(90) == date(2025, 8, 31)
    fixed = dataclasses.replace(r, endringslogg=(r.endringslogg[0], Endringslinje(
        V2, date(2025, 8, 1), "x", reimplementering_frist=date(2026, 1, 31))))
    assert fixed.reimplementeringsfrist(90) == date(2026, 1, 31)


def test_the_handbook_as_of_a_day_leaves_out_what_was_dated_later() -> None:
    plan = med_historikk(Implementeringsplan(), {"nord": {"r": STORY}})
    handbok = Handbok({"r": rutine((V1, "2025-01-10"), (V2, "2025-09-01"))}, {}, plan)
    july = per_dato(handbok, date(2025, 7, 1))
    record = july.plan.registrering("nord", "r")
    assert july.rutiner["r"].versjon == V1 and record is not None and record.status is S.EVALUERT
    assert len(record.hendelser) == 3 and record.tiltak[0].lukket is None
    late = {STORY[0].nokkel: Bevis("a" * 40, date(2025, 8, 1))}  # the implementation was recorded in August
    backdated = per_dato(handbok, date(2025, 7, 1), late).plan.registrering("nord", "r")
    assert backdated == record  # it happened in March: on 1 July it was true, whenever it was written down


def test_a_plan_counts_from_its_start_or_from_when_it_was_written_down() -> None:
    planned = entry(H.PLANLAGT, "2025-09-01")
    plan = med_historikk(Implementeringsplan(), {"nord": {"r": (planned,)}})
    handbok = Handbok({"r": rutine((V1, "2025-01-10"))}, {}, plan)
    assert per_dato(handbok, date(2025, 7, 1)).plan.registrering("nord", "r") is None
    written = {planned.nokkel: Bevis("b" * 40, date(2025, 6, 15))}
    record = per_dato(handbok, date(2025, 7, 1), written).plan.registrering("nord", "r")
    assert record is not None and record.status is S.PLANLAGT