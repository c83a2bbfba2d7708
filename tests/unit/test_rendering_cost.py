"""Rendering cost: what Python-Markdown would scan to match a text's brackets, and how deep it nests, counted
in one linear pass, so that a hostile text is refused before anything renders it."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import REPO
from handbok.checks.rendering_cost import BUDGET, MAX_DEPTH, cost, deepest

N = 25_000  # 25 KB of one pattern: minutes for the renderer before this check


@pytest.mark.parametrize("text", [
    "[" * N, "![" * N, "[^" * N, "[](" * N, "[a](" * N, "](" * N, "![a][" * N, "<a " * N, "<http://" * N,
    "[" * (N // 2) + "]" * (N // 2),  # balanced, but every opening scans half the text
])
def test_hostile_brackets_are_over_the_budget(text: str) -> None:
    assert cost(text) > BUDGET


def test_every_example_text_is_far_under_the_budget() -> None:
    texts = [p.read_text(encoding="utf-8") for folder in ("rutiner", "funksjonsbeskrivelser", "docs")
             for p in sorted((REPO / folder).glob("*.md"))]
    # The densest real text (the command reference: a table full of [--valg]) costs about 1 % of the budget.
    assert texts and max(cost(t) for t in texts) < BUDGET // 20
    assert max(deepest(t)[0] for t in texts) < 10


def test_links_cost_their_length_and_a_paragraph_ends_a_stray_bracket() -> None:
    assert cost("Se [rutinen](rutiner/a.md) nå.") == len("[rutinen]") - 1 + len("(rutiner/a.md)") - 1
    assert cost("Et [ uten slutt.\n\nNeste avsnitt [a].") == len("[ uten slutt.") + 2
    assert cost("4 links " * 1000 + "[a](b) " * 4000) < BUDGET  # thousands of ordinary links are fine


def test_depth_counts_indentation_and_quotation_marks() -> None:
    assert deepest("Tekst\n- a\n  - b\n    - c\n") == (2, 3)
    assert deepest("> > > sitat") == (3, 0)
    assert deepest("".join(" " * (2 * i) + "- a\n" for i in range(MAX_DEPTH + 5)))[0] > MAX_DEPTH
