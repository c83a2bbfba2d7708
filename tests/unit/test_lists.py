"""Lists and phone links: the site's list structure against GitHub's, without golden files."""

from __future__ import annotations


import pytest

from handbok.checks.lists import Punkt, check_lists, github_items, site_items
from handbok.source.loading import Document
from handbok.source.siteconfig import MarkdownOppsett

OPPSETT = MarkdownOppsett()


def site(body: str) -> list[Punkt]:
    return site_items(OPPSETT.markdown().convert(body))


def github(body: str) -> list[Punkt]:
    return [item for _, item in github_items(body)]


def document(body: str) -> Document:
    return Document("rutiner/a.md", "rutine", {}, body=body, body_line=10, kilde=body)


@pytest.mark.parametrize("body", [
    "1) Ring.\n2) Sjekk:\n   - puls\n   - pust\n3) Meld.\n",
    "- a\n  - b\n    - c\n- d\n",
    "## A\n\n1. a\n2. b\n\n## B\n\n3. c\n",
    "- [ ] ikke gjort\n- [x] gjort\n",
    "Tekst[^1].\n\n[^1]: Kilde.\n",
    "!!! note\n    - inne i en merknad\n",
])
def test_site_shows_lists_as_github(body: str) -> None:
    assert site(body) == github(body)
    assert list(check_lists(document(body), OPPSETT)) == []


def test_two_space_sub_bullets_nest_instead_of_becoming_steps() -> None:
    items = site("1. Ring.\n2. Sjekk:\n  - puls\n3. Meld.\n")
    assert [(i.dybde, i.nummerert) for i in items] == [(1, True), (1, True), (2, False), (1, True)]


def test_a_list_keeps_its_start_number_after_a_heading() -> None:
    assert site("1. a\n\n### Etterpå\n\n4. b\n")[1].start == 4


def test_task_boxes_survive_the_allow_list() -> None:
    from handbok.checks.safety import fjernet
    assert fjernet(OPPSETT.markdown().convert("- [ ] a\n- [x] b\n")) == []


def test_warns_at_the_first_item_that_differs_with_its_line() -> None:
    body = "Intro\n\n1) Sjekk:\n  - puls\n2) Meld.\n"
    findings = list(check_lists(document(body), OPPSETT))
    assert [(f.kode, f.alvor, f.linje) for f in findings] == [("liste-ulik-github", "advarsel", 13)]
    assert "nivå 1 i en punktliste" in findings[0].melding and "nivå 2" in findings[0].melding


def test_warns_when_a_list_follows_a_paragraph_without_a_blank_line() -> None:
    findings = list(check_lists(document("Gjør dette:\n- a\n- b\n"), OPPSETT))
    assert [f.linje for f in findings] == [11]


@pytest.mark.parametrize(("text", "href"), [
    ("Ring 113 straks.", "tel:113"),
    ("Legevakt: 116 117.", "tel:116117"),
    ("Vakttelefon 22 33 44 55, hele døgnet.", "tel:22334455"),
    ("Vakttelefon 22334455.", "tel:22334455"),
])
def test_phone_numbers_become_tel_links(text: str, href: str) -> None:
    assert f'href="{href}"' in OPPSETT.markdown().convert(text)


@pytest.mark.parametrize("text", ["Versjon 1.113", "Kl. 11.30", "Rom 2112", "`113`", "[ring](https://x.no/113)",
                                  "## Ring 113", "Saksnummer 2026/22334455"])
def test_other_numbers_stay_text(text: str) -> None:
    assert "tel:" not in OPPSETT.markdown().convert(text)
