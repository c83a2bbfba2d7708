"""Suggest: the one «Mente du …?» — the known value a mistyped one most likely stands for, or nothing.

One cut-off for every message: a suggestion must be nearly the same word (a typo or two), never merely a
similar one. «hjelpepleier» is not a misspelling of «vernepleier», and saying so would send a user to
the wrong role; an unknown value without a close match gets the list of known ones instead.
"""

from __future__ import annotations

import difflib
from typing import Iterable

CUTOFF = 0.85  # difflib's ratio over the whole value, case folded
MAX_LENGTH_DIFFERENCE = 2  # «fag» + «sykepleier» is another word, not «sykepleier» with a typo


def closest(value: str, known: Iterable[str]) -> str | None:
    """The known value `value` is most likely a misspelling of; None when none is close enough."""
    word = value.casefold()
    by_folded = {option.casefold(): option for option in sorted(set(known), reverse=True)}
    near = [folded for folded in sorted(by_folded) if abs(len(folded) - len(word)) <= MAX_LENGTH_DIFFERENCE]
    match = difflib.get_close_matches(word, near, n=1, cutoff=CUTOFF)
    return by_folded[match[0]] if match else None


def mente_du(value: str, known: Iterable[str], otherwise: str = "") -> str:
    """« Mente du «x»?» for a close known value, else `otherwise` (which starts with a space when given)."""
    guess = closest(value, known)
    return f" Mente du «{guess}»?" if guess else otherwise
