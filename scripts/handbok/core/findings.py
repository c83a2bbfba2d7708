"""Findings: what a check found, as data (severity, code, file, line, field, message)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Iterable, Literal

Alvor = Literal["feil", "advarsel"]


@dataclass(frozen=True, order=True)
class Finding:
    """One problem in one place. Sorts by file, line, field."""

    fil: str
    linje: int | None
    felt: str
    kode: str
    alvor: Alvor
    melding: str

    def as_json(self) -> dict[str, object]:
        return {
            "alvor": self.alvor,
            "kode": self.kode,
            "fil": self.fil,
            "linje": self.linje,
            "felt": self.felt,
            "melding": self.melding,
        }


def finding_from_json(data: dict[str, Any]) -> Finding:
    """A finding from its `as_json` form (a cached one)."""
    alvor = data["alvor"]
    if alvor not in ("feil", "advarsel") or not isinstance(data["linje"], (int, type(None))):
        raise ValueError(f"ikke et funn: {data!r}")
    return Finding(str(data["fil"]), data["linje"], str(data["felt"]), str(data["kode"]), alvor, str(data["melding"]))


def feil(kode: str, fil: str, linje: int | None, felt: str, melding: str) -> Finding:
    return Finding(fil, linje, felt, kode, "feil", melding)


def advarsel(kode: str, fil: str, linje: int | None, felt: str, melding: str) -> Finding:
    return Finding(fil, linje, felt, kode, "advarsel", melding)


def sort_findings(findings: Iterable[Finding]) -> list[Finding]:
    """Sort by file and line; findings without a line come first in their file."""
    return sorted(set(findings), key=lambda f: (f.fil, f.linje or 0, f.felt, f.kode, f.melding))
