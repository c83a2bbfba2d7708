"""Privacy guard: valid personal identifiers are errors however they are written; look-alikes are not."""

from __future__ import annotations

import pytest

from handbok.source.loading import parse_markdown, parse_plan
from handbok.checks.privacy import check_privacy, finn_identifikatorer, norwegian_id_kind, skjul_personnummer, swedish_id_kind

# Synthetic numbers whose control digits were computed with the mod-11 weights / Luhn.
FNR = "01019012480"
DNR = "41019012393"
SWEDISH = "811228-9874"


@pytest.mark.parametrize("digits, kind", [
    (FNR, "fødselsnummer"),
    (DNR, "D-nummer"),
    ("15057543288", "fødselsnummer"),
    ("01019012481", None),  # last control digit wrong
    ("01019012470", None),  # first control digit wrong
    ("12345678901", None),  # an order number
    ("0101901248", None),   # ten digits
    ("32019012480", None),  # impossible day (and control digits no longer match)
])
def test_norwegian_ids(digits: str, kind: str | None) -> None:
    assert norwegian_id_kind(digits) == kind


@pytest.mark.parametrize("digits, kind", [
    ("8112289874", "svensk personnummer"), ("198112289874", "svensk personnummer"),
    ("8112289875", None), ("8113289874", None),
    ("8112889871", "svensk samordningsnummer"),  # day 28 + 60, Luhn over the digits as written
])
def test_swedish_ids(digits: str, kind: str | None) -> None:
    assert swedish_id_kind(digits) == kind


@pytest.mark.parametrize("text", [
    f"bruker {FNR} fikk", "bruker 010190 12480 fikk", "bruker 010190-12480", "bruker 010190\u00a012480",
    "bruker 010190\u202f12480", "fnr010190 12480", f"fnr:{FNR}kl", "bruker 010190\n   12480 fikk",
    "bruker 010190 –12480", f"D-nr {DNR}", "vikar 811228-9874", "vikar 8112289874", "vikar 19811228-9874",
    "vikar 198112289874", "vikar 811228+9874", "vikar 811228\n9874",
])
def test_every_way_of_writing_a_number_is_found(text: str) -> None:
    assert len(finn_identifikatorer(text)) == 1, text
    assert "skjult" in skjul_personnummer(text) and "12480" not in skjul_personnummer(text)


@pytest.mark.parametrize("text", [
    "Ring 912 34 567 eller 22 33 44 55. Ordre 12345678901 fra 01.01.2024, sak 2024/12345.",
    "Versjon 2.10, 2025-01-01 12:00, konto 1234.56.78903, org.nr. 974 760 673.",
    "Tlf 113, 116 117 og 22 22 22 22.",
])
def test_look_alikes_are_not_flagged(text: str) -> None:
    assert finn_identifikatorer(text) == []


ROUTINE = """---
id: a
tittel: A  # ring 010190 12480 om noe
ansvar:
  sykepleier: Spør bruker
    010190-12480 om samtykke.
---
Tekst med {nummer}.
"""


def test_comments_values_across_lines_and_body_are_checked_with_line_and_field() -> None:
    doc = parse_markdown(ROUTINE.format(nummer=f"pnr{FNR}"), "rutiner/a.md", "rutine")
    found = sorted((f.linje or 0, f.felt) for f in check_privacy(doc) if f.kode == "personnummer")
    assert found == [(3, "tittel"), (6, "ansvar.sykepleier"), (8, "tekst")]


def test_file_names_and_plan_comments_are_checked() -> None:
    doc = parse_markdown("---\nid: a\n---\n", f"rutiner/{FNR}.md", "rutine")
    assert [f.kode for f in check_privacy(doc)] == ["personnummer"]
    plan = parse_plan("tjenestesteder: []\n# bruker 811228-9874\nfaser: []\n", "implementeringsplan.yaml")
    assert [(f.kode, f.linje) for f in check_privacy(plan)] == [("personnummer", 2)]


def test_messages_never_repeat_the_number() -> None:
    doc = parse_markdown(ROUTINE.format(nummer=FNR), "rutiner/a.md", "rutine")
    assert all("12480" not in f.melding for f in check_privacy(doc))
