"""Importer: header values as written in Norwegian, nynorsk, Swedish and Danish -> dates and versions."""

from __future__ import annotations

import re
from datetime import date

_MONTHS = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "mai": 5, "maj": 5, "may": 5, "jun": 6, "jul": 7, "aug": 8,
    "sep": 9, "okt": 10, "oct": 10, "nov": 11, "des": 12, "dec": 12,
}
_NUMERIC = re.compile(r"\b(\d{1,2})[./](\d{1,2})[./](\d{4}|\d{2})\b")
_ISO = re.compile(r"\b(\d{4})-(\d{1,2})-(\d{1,2})\b")
_WORDS = re.compile(r"\b(\d{1,2})\.?\s+([a-zæøå]{3,})\.?\s+(\d{4})\b", re.IGNORECASE)
_VERSION = re.compile(r"(?:^|\b(?:versjon|version|utgave|utgåve|udgave|rev(?:isjon|ision)?|v)\.?\s*)(\d+)(?:[.,](\d+))?",
                      re.IGNORECASE)
# «Gäller tillsvidare», «gjelder til videre», «inntil vidare», «indtil videre»: no review date is set.
_UNTIL_FURTHER = re.compile(r"till?\s*s?\s*vidare|till?\s+videre|inn?til\s+vidare|inntil\s+videre|indtil\s+videre|"
                            r"tillsvidare|ubegrenset|uavgrensa", re.IGNORECASE)


def parse_date(text: str) -> date | None:
    """«12.03.2024», «12/3/24», «2024-03-12», «12. mars 2024», «12 mars 2024», «12. marts 2024» -> a date."""
    for pattern, order in ((_ISO, (3, 2, 1)), (_NUMERIC, (1, 2, 3))):
        found = pattern.search(text)
        if found:
            day, month, year = (int(found.group(i)) for i in order)
            return _date(year + 2000 if year < 100 else year, month, day)
    words = _WORDS.search(text)
    named = _MONTHS.get(words.group(2).lower()[:3]) if words else None
    if words and named is not None:
        return _date(int(words.group(3)), named, int(words.group(1)))
    return None


def _date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def parse_version(text: str) -> str | None:
    """«1.0», «versjon 3», «Version 2,1», «v. 4» -> "MAJOR.MINOR"; None when no number is there."""
    found = _VERSION.search(text.strip())
    if not found:
        return None
    return f"{int(found.group(1))}.{int(found.group(2) or 0)}"


def until_further_notice(text: str) -> bool:
    return bool(_UNTIL_FURTHER.search(text))
