"""Placeholders: every sentence `handbok ny` writes is known, so none can reach a document in force unnoticed."""

from __future__ import annotations

from datetime import date

from handbok.source.loading import parse_markdown
from handbok.checks.placeholders import PLASSHOLDERE, check_placeholders
from handbok.scaffold.document import role_text, routine_text


def test_every_scaffold_sentence_is_a_known_placeholder() -> None:
    routine = parse_markdown(routine_text("ny", "Ny", "sykepleier", date(2026, 1, 1)), "rutiner/ny.md", "rutine")
    role = parse_markdown(role_text("ny", "Ny", date(2025, 1, 1)), "funksjonsbeskrivelser/ny.md", "funksjon")
    found = {f.melding.split("»")[0].lstrip("«") for doc in (routine, role) for f in check_placeholders(doc)}
    assert found == PLASSHOLDERE
    assert all(f.alvor == "advarsel" for f in check_placeholders(routine))


def test_in_force_the_same_text_is_an_error_with_file_line_and_field() -> None:
    text = routine_text("ny", "Ny", "sykepleier", date(2026, 1, 1)).replace("dokumentstatus: utkast",
                                                                             "dokumentstatus: gjeldende")
    first = next(check_placeholders(parse_markdown(text, "rutiner/ny.md", "rutine")))
    assert (first.alvor, first.kode, first.fil, first.linje, first.felt) == (
        "feil", "plassholdertekst", "rutiner/ny.md", 4, "sammendrag")
