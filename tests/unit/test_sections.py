"""Sections: a routine's steps section comes first, the rest stays in the author's order."""

from __future__ import annotations

import pytest

from handbok.site.pages.sections import headings, steps_first

FALL = """Innledning før første overskrift.

## Formål

Hvorfor.

## Omfang

Hvem.

## Fremgangsmåte

### Kartlegging

1. Kartlegg.

## Referanser

- Kilde"""


def test_the_steps_section_comes_right_after_the_text_before_the_first_heading() -> None:
    moved = steps_first(FALL)
    assert headings(moved) == ["## Fremgangsmåte", "### Kartlegging", "## Formål", "## Omfang", "## Referanser"]
    assert moved.startswith("Innledning før første overskrift.\n\n## Fremgangsmåte\n\n### Kartlegging\n\n1. Kartlegg.")
    assert sorted(moved.split()) == sorted(FALL.split())  # nothing added, nothing lost


@pytest.mark.parametrize("name", ["Framgangsmåte", "Prosedyre", "Slik gjør du det", "Utførelse"])
def test_the_steps_section_is_found_by_its_name_in_bokmal_and_nynorsk(name: str) -> None:
    text = f"## Føremål\n\nKvifor.\n\n## {name}\n\nGjer slik."
    assert headings(steps_first(text))[0] == f"## {name}"


def test_without_a_named_section_the_first_with_numbered_steps_comes_first() -> None:
    text = "## Formål\n\n- punkt\n\n## Slik\n\n2) Gjør det.\n\n## Mer\n\n1. Senere."
    assert headings(steps_first(text)) == ["## Slik", "## Formål", "## Mer"]


@pytest.mark.parametrize("text", [
    "## Formål\n\nBare tekst.\n\n## Omfang\n\nMer tekst.",  # no steps: as written
    "## Fremgangsmåte\n\n1. Først.\n\n## Formål\n\nSå.",  # steps already first
    "Tekst uten overskrifter.",
    "",
])
def test_a_text_without_steps_elsewhere_is_returned_as_written(text: str) -> None:
    assert steps_first(text) == text


def test_headings_and_numbers_inside_a_code_block_are_neither_sections_nor_steps() -> None:
    text = "## Formål\n\n```\n## Fremgangsmåte\n1. ikke et trinn\n```\n\n## Slik\n\n1. Et trinn."
    assert headings(steps_first(text)) == ["## Slik", "## Formål"]
    assert "```\n## Fremgangsmåte\n1. ikke et trinn\n```" in steps_first(text)
