"""Commands: what every command is given (root, cache, streams, today) and the checks they share."""

from __future__ import annotations

import argparse
import unicodedata
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Iterator, TextIO

from ..cache import Cache
from ..errors import Avvist, Stopp
from ..model import Handbok
from ..scaffold import MAKS_ID

MAKS_TITTEL = 200
MAKS_FRITEKST = 2000  # a paragraph; the published site shows free text inline
MAKS_ANNET = 200  # a status, a version, an answer, a git ref
_IDS = frozenset({"tjenestested", "rutine", "id", "eier"})
_LIMITS = {"tittel": MAKS_TITTEL, "hvordan": MAKS_FRITEKST, "begrunnelse": MAKS_FRITEKST, "merknad": MAKS_FRITEKST}
_POSITIONAL = frozenset({"tjenestested", "rutine", "id", "type"})
# Invisible characters that reorder what a reader sees (the «Trojan Source» trick), besides categories Cc/Zl/Zp.
_BIDI = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


class UgyldigArgument(Avvist):
    """An argument refused before anything is read: not UTF-8, a control character, or far too long."""


@dataclass(frozen=True)
class Context:
    """The handbook's root, the parse cache, the output streams and the real date of this run."""

    root: Path
    cache: Cache
    out: TextIO
    err: TextIO
    today: date


def require_site(handbok: Handbok, sted_id: str | None) -> None:
    if sted_id is not None and handbok.plan.sted(sted_id) is None:
        known = ", ".join(s.id for s in handbok.plan.tjenestesteder)
        raise Stopp(f"Tjenestestedet «{sted_id}» finnes ikke. Kjente tjenestesteder: {known}.")


def warn_errors(antall_feil: int, err: TextIO, detail: str = "") -> None:
    """A command that reports on a handbook with errors says so on stderr, once."""
    if antall_feil:
        print(f"Obs: håndboka har {antall_feil} feil;{detail} kjør «handbok sjekk».", file=err)


def check_arguments(args: argparse.Namespace) -> None:
    """Refuse hostile arguments with a clear reason, before they reach a file name, YAML or the terminal."""
    for dest, value in vars(args).items():
        for text in _texts(value):
            _check_text(_shown(dest, args), text, _limit(dest))


def _texts(value: object) -> Iterator[str]:
    if isinstance(value, (str, Path)):
        yield str(value)
    elif isinstance(value, list):
        for item in value:
            yield from _texts(item)


def _limit(dest: str) -> int | None:
    if dest in ("rot", "ut"):
        return None  # a path: the operating system knows its own limits and says so clearly
    return MAKS_ID if dest in _IDS else _LIMITS.get(dest, MAKS_ANNET)


def _shown(dest: str, args: argparse.Namespace) -> str:
    if dest == "tjenestested" and getattr(args, "kommando", "") == "status":
        return "--tjenestested"
    return dest.upper() if dest in _POSITIONAL else "--" + dest.replace("_", "-")


def _check_text(name: str, text: str, limit: int | None) -> None:
    # The value itself is never repeated: it may be what cannot be printed.
    for place, char in enumerate(text, start=1):
        if "\ud800" <= char <= "\udfff":  # how Python hands over bytes that are not UTF-8 (surrogateescape)
            raise UgyldigArgument(f"{name} er ikke gyldig UTF-8 (tegn nr. {place} kan ikke leses). Skriv det på nytt "
                                  "i en terminal som bruker UTF-8.")
        if unicodedata.category(char) in ("Cc", "Zl", "Zp") or char in _BIDI:
            raise UgyldigArgument(f"{name} inneholder et kontrolltegn (U+{ord(char):04X}, tegn nr. {place}). "
                                  "Skriv teksten på én linje uten linjeskift, tabulatorer eller skjulte tegn.")
    if limit is not None and len(text) > limit:
        raise UgyldigArgument(f"{name} er {len(text)} tegn lang; høyst {limit} tegn er tillatt. Skriv det kortere.")
