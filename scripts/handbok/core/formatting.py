"""Formatting: dates, decimals and percentages written the Norwegian way — the one place that decides.

Every page, the audit document and the terminal reports format through these functions (the
templates as filters), so «4,0», «20.06.2026» and «92 %» read the same everywhere. Machine formats
(CSV, JSON) keep ISO dates and decimal points and say so.
"""

from __future__ import annotations

from datetime import date, datetime

NBSP = "\u00a0"


def dato(value: date | datetime | None) -> str:
    """20.06.2026; «–» when there is no date."""
    if value is None:
        return "–"
    return f"{value:%d.%m.%Y}"


def iso(value: date | datetime) -> str:
    """The machine-readable form of a day (for `datetime` attributes and CSV)."""
    day = value if type(value) is date else date(value.year, value.month, value.day)
    return day.isoformat()


def desimal(value: float, siffer: int = 1) -> str:
    """4,0 — a decimal comma."""
    return f"{value:.{siffer}f}".replace(".", ",")


def prosent(share: float, mellomrom: str = NBSP) -> str:
    """0.915 -> «92 %»: rounded to a whole percent, a (no-break) space before the sign."""
    return f"{round(share * 100)}{mellomrom}%"


def antall(count: int, entall: str, flertall: str) -> str:
    """«1 evaluering», «3 evalueringer»."""
    return f"{count} {entall if count == 1 else flertall}"


# Norwegian alphabetical order puts æ, ø, å after z, in that order (Unicode has å before æ).
_ALFABET = str.maketrans({"æ": "z\u0001", "ø": "z\u0002", "å": "z\u0003"})


def tittelorden(tittel: str) -> str:
    """The sort key for a list of titles people read: by letter as a Norwegian reader expects, ignoring case."""
    return tittel.casefold().translate(_ALFABET)
