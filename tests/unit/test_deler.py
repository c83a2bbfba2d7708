"""Parts: comparing two models names exactly the parts that changed, and a page is reached when it reads one."""

from __future__ import annotations

from dataclasses import replace

import pytest

from handbok.checks.modell import load_model
from handbok.core.model import Dokumentstatus, Handbok
from handbok.site.pages.deler import (ALT, DATO, METADATA, PLAN, STI, Del, Endring, Leser, Slag, endring,
                                      metadata, tekst)

from conftest import TODAY, copy_base

FALL = "fallforebygging"
FIL = "rutiner/fallforebygging.md"


@pytest.fixture(scope="module")
def handbok(tmp_path_factory: pytest.TempPathFactory) -> Handbok:
    modell = load_model(copy_base(tmp_path_factory.mktemp("deler")), TODAY)
    assert modell.antall_feil == 0, modell.findings
    return modell.handbok


def _with_routine(handbok: Handbok, **changes: object) -> Handbok:
    return replace(handbok, rutiner={**handbok.rutiner, FALL: replace(handbok.rutiner[FALL], **changes)})


def test_the_same_model_changes_nothing(handbok: Handbok) -> None:
    assert not endring(handbok, handbok)


def test_a_body_edit_is_the_text_alone(handbok: Handbok) -> None:
    after = _with_routine(handbok, tekst=handbok.rutiner[FALL].tekst + "\nNy setning.\n")
    assert endring(handbok, after) == Endring(frozenset({tekst(FALL)}), filer=frozenset({FIL}))


def test_a_new_title_is_front_matter_and_names_both_titles(handbok: Handbok) -> None:
    change = endring(handbok, _with_routine(handbok, tittel="Fall hjemme"))
    assert change.deler == {metadata(FALL)} and change.titler == {"fallforebygging", "fall hjemme"}


def test_a_move_to_the_archive_moves_the_page(handbok: Handbok) -> None:
    change = endring(handbok, _with_routine(handbok, dokumentstatus=Dokumentstatus.UTGAATT))
    assert change.deler == {metadata(FALL), Del(Slag.STI, FALL)} and "fallforebygging" in change.titler


def test_a_document_that_comes_is_every_part_of_it(handbok: Handbok) -> None:
    ny = replace(handbok.rutiner[FALL], id="ny", fil="rutiner/ny.md", tittel="Ny rutine")
    change = endring(handbok, replace(handbok, rutiner={**handbok.rutiner, "ny": ny}))
    assert change.deler == {tekst("ny"), metadata("ny"), Del(Slag.STI, "ny")}
    assert change.titler == {"ny rutine"} and change.filer == {"rutiner/ny.md"}


def test_the_plan_is_one_part(handbok: Handbok) -> None:
    plan = replace(handbok.plan, tjenestesteder=handbok.plan.tjenestesteder[:1])
    assert endring(handbok, replace(handbok, plan=plan)) == Endring(frozenset({PLAN}),
                                                                    filer=frozenset({"implementeringsplan.yaml"}))


@pytest.mark.parametrize(("reads", "change", "reached"), [
    (Leser(frozenset({metadata(FALL)})), Endring(frozenset({metadata(FALL)})), True),
    (Leser(frozenset({metadata("annen")})), Endring(frozenset({metadata(FALL)})), False),
    (Leser(frozenset({METADATA})), Endring(frozenset({metadata(FALL)})), True),  # without an id: every document's
    (Leser(frozenset({tekst(FALL)})), Endring(frozenset({metadata(FALL)})), False),
    (Leser(frozenset({STI, DATO})), Endring(frozenset({DATO})), True),
    (Leser(frozenset(), ("Se Fallforebygging.",)), Endring(titler=frozenset({"fallforebygging"})), True),
    (Leser(frozenset(), ("Se avviksmelding.",)), Endring(titler=frozenset({"fallforebygging"})), False),
    (Leser(), Endring(frozenset({PLAN, DATO, METADATA})), False),
])
def test_a_page_is_reached_by_what_it_reads(reads: Leser, change: Endring, reached: bool) -> None:
    assert reads.nas_av(change) is reached


def test_a_page_that_says_nothing_is_reached_by_every_change() -> None:
    assert all(ALT.nas_av(Endring(frozenset({Del(slag, "x")}))) for slag in Slag)

