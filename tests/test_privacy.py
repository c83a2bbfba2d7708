"""Privacy guard: valid personal identifiers are errors, look-alikes are not (precision matters)."""

from __future__ import annotations

import pytest

from handbok.privacy import norwegian_id_kind, swedish_personnummer_valid

# Synthetic numbers whose control digits were computed by hand with the mod-11 weights.
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


@pytest.mark.parametrize("digits, valid", [
    ("8112289874", True), ("198112289874", True), ("8112289875", False), ("8113289874", False),
])
def test_swedish_ids(digits: str, valid: bool) -> None:
    assert swedish_personnummer_valid(digits) is valid
