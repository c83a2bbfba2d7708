"""Mentions and jump lists: routine and role titles in the text link to their pages; sections get toc ids."""

from __future__ import annotations

import re

from handbok.site.pages.mentions import Omtaler, med_omtaler
from handbok.site.pages.sections import headings, sections

SIDER = {"fallforebygging": "rutiner/fallforebygging.md", "sykepleier": "roller/sykepleier.md",
         "avviksmelding": "rutiner/avviksmelding.md"}
OMTALER = Omtaler(SIDER, re.compile(r"(?<![\w-])(fallforebygging|avviksmelding|sykepleier)(?![\w-])", re.IGNORECASE))
SIDE = "rutiner/avviksmelding.md"


def test_first_mention_of_a_routine_and_a_role_links_relative_to_the_page() -> None:
    text = med_omtaler("Se Fallforebygging. Sykepleier melder. Sykepleier igjen.", OMTALER, SIDE)
    assert text == ("Se [Fallforebygging](fallforebygging.md). [Sykepleier](../roller/sykepleier.md) melder. "
                    "Sykepleier igjen.")


def test_the_page_never_links_to_itself() -> None:
    assert med_omtaler("Om avviksmelding.", OMTALER, SIDE) == "Om avviksmelding."


def test_headings_code_links_and_fences_stay_as_written() -> None:
    text = "## Fallforebygging\n`fallforebygging`\n[fallforebygging](x.md)\n```\nsykepleier\n```\n<b title=\"sykepleier\">"
    assert med_omtaler(text, OMTALER, SIDE) == text


def test_part_of_a_longer_word_is_not_a_mention() -> None:
    assert med_omtaler("Sykepleierne og fallforebyggingstiltak.", OMTALER, SIDE) == "Sykepleierne og fallforebyggingstiltak."


def test_sections_use_the_engines_ids() -> None:
    lines = ["# Tittel", "## Ansvar", *headings("## Formål\n\n```\n## ikke\n```\n## Ansvar\n### Under\n## Tom & full"),
             "## Endringslogg"]
    assert sections(lines) == [("Ansvar", "ansvar"), ("Formål", "formal"), ("Ansvar", "ansvar_1"),
                               ("Tom & full", "tom-full"), ("Endringslogg", "endringslogg")]
