"""CLI: an argparse parser that speaks Norwegian and writes to the streams it is given, never exiting,
and the one check of what was typed (not UTF-8, control characters, far too long) before any command runs."""

from __future__ import annotations

import argparse
import re
import unicodedata
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterator, NoReturn, TextIO

from ..core.errors import Refused, UsageError
from ..scaffold.document import MAKS_ID

if TYPE_CHECKING:
    from _typeshed import SupportsWrite

# Every message argparse (Python 3.11) shows a user, in the order they must be tried.
_MESSAGES: tuple[tuple[str, str], ...] = (
    (r"^argument (.+?): ", r"argumentet \1: "),
    (r"the following arguments are required: ", "disse argumentene mangler: "),
    (r"one of the arguments (.+) is required", r"ett av argumentene \1 må være med"),
    (r"invalid choice: (.+) \(choose from (.+)\)", r"ugyldig valg: \1 (velg blant \2)"),
    (r"unrecognized arguments: ", "ukjente argumenter: "),
    (r"expected one argument", "trenger én verdi"),
    (r"expected at most one argument", "tar høyst én verdi"),
    (r"expected at least one argument", "trenger minst én verdi"),
    (r"expected (\d+) arguments?", r"trenger \1 verdier"),
    (r"invalid \S+ value: (.+)", r"ugyldig verdi: \1"),
    (r"ambiguous option: (\S+) could match (.+)", r"tvetydig valg: \1 kan bety \2"),
    (r"not allowed with argument (.+)", r"kan ikke brukes sammen med \1"),
    (r"ignored explicit argument (.+)", r"tar ingen verdi, men fikk \1"),
    (r"unexpected option string: (.+)", r"uventet valg: \1"),
    (r"can't open '(.+)': (.+)", r"kan ikke åpne «\1»: \2"),
)


def norwegian(message: str) -> str:
    """argparse's English error message in Norwegian."""
    for pattern, replacement in _MESSAGES:
        message = re.sub(pattern, replacement, message)
    return message


class ParserExit(Exception):
    """`-h` was shown: the command is done, with this exit code."""

    def __init__(self, code: int) -> None:
        super().__init__(code)
        self.code = code


class _Formatter(argparse.HelpFormatter):
    def add_usage(self, usage: str | None, actions: Any, groups: Any, prefix: str | None = None) -> None:
        super().add_usage(usage, actions, groups, "bruk: " if prefix is None else prefix)

    def _fill_text(self, text: str, width: int, indent: str) -> str:
        """Each line wraps on its own; a line that starts with spaces (an example command) stays as written."""
        lines = []
        for line in text.splitlines():
            lines.append(indent + line if line.startswith(" ") else super()._fill_text(line, width, indent))
        return "\n".join(lines)


def examples(*commands: str) -> str:
    """A subcommand's epilog: the ways people run it, one command a line."""
    return "eksempel:\n" + "\n".join("  " + command for command in commands)


class NorwegianParser(argparse.ArgumentParser):
    """Help on `out`, usage errors raised as `UsageError`; titles and usage in Norwegian, help as `-h`,
    `--help` (what people type) and `--hjelp`."""

    def __init__(self, prog: str | None = None, description: str | None = None, *, out: TextIO, err: TextIO,
                 **kwargs: Any) -> None:
        kwargs.update(add_help=False, formatter_class=_Formatter)
        super().__init__(prog, description=description, **kwargs)
        self.out, self.err = out, err
        self._positionals.title = "argumenter"
        self._optionals.title = "valg"
        self.add_argument("-h", "--help", "--hjelp", action="help", default=argparse.SUPPRESS,
                          help="vis denne hjelpen og avslutt")

    def commands(self, dest: str, metavar: str, required: bool = True) -> argparse._SubParsersAction[NorwegianParser]:
        """Subcommands whose parsers are Norwegian and share these streams."""
        parser_class: Any = partial(NorwegianParser, out=self.out, err=self.err)
        commands: argparse._SubParsersAction[NorwegianParser] = self.add_subparsers(
            title="kommandoer", parser_class=parser_class, dest=dest, required=required, metavar=metavar)
        return commands

    def print_help(self, file: SupportsWrite[str] | None = None) -> None:
        self.out.write(self.format_help())

    def print_usage(self, file: SupportsWrite[str] | None = None) -> None:
        self.err.write(self.format_usage())

    def exit(self, status: int = 0, message: str | None = None) -> NoReturn:
        if message:
            self.err.write(norwegian(message))
        raise ParserExit(status)

    def error(self, message: str) -> NoReturn:
        raise UsageError(norwegian(message), self.format_usage())


MAKS_TITTEL = 200
MAKS_FRITEKST = 2000  # a paragraph; the published site shows free text inline
MAKS_ANNET = 200  # a status, a version, an answer, a git ref
_IDS = frozenset({"tjenestested", "dokument", "id", "eier", "ansvarlig", "lukk"})
_LIMITS = {"tittel": MAKS_TITTEL, "hvordan": MAKS_FRITEKST, "begrunnelse": MAKS_FRITEKST, "merknad": MAKS_FRITEKST,
           "beskrivelse": MAKS_FRITEKST, "resultat": MAKS_FRITEKST, "grunn": MAKS_FRITEKST}
_POSITIONAL = frozenset({"tjenestested", "dokument", "id", "type"})
# Invisible characters that reorder what a reader sees (the «Trojan Source» trick), besides categories Cc/Zl/Zp.
_BIDI = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


class InvalidArgument(Refused):
    """An argument refused before anything is read: not UTF-8, a control character, or far too long."""


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
    if dest in ("rot", "ut", "mappe", "kilde", "fil", "handboker"):
        return None  # a path: the operating system knows its own limits and says so clearly
    return MAKS_ID if dest in _IDS else _LIMITS.get(dest, MAKS_ANNET)


def _shown(dest: str, args: argparse.Namespace) -> str:
    if dest == "tjenestested" and getattr(args, "kommando", "") in ("status", "kompetanse"):
        return "--tjenestested"
    return dest.upper() if dest in _POSITIONAL else "--" + dest.replace("_", "-")


def _check_text(name: str, text: str, limit: int | None) -> None:
    # The value itself is never repeated: it may be what cannot be printed.
    for place, char in enumerate(text, start=1):
        if "\ud800" <= char <= "\udfff":  # how Python hands over bytes that are not UTF-8 (surrogateescape)
            raise InvalidArgument(f"{name} er ikke gyldig UTF-8 (tegn nr. {place} kan ikke leses). Skriv det på nytt "
                                  "i en terminal som bruker UTF-8.")
        if unicodedata.category(char) in ("Cc", "Zl", "Zp") or char in _BIDI:
            raise InvalidArgument(f"{name} inneholder et kontrolltegn (U+{ord(char):04X}, tegn nr. {place}). "
                                  "Skriv teksten på én linje uten linjeskift, tabulatorer eller skjulte tegn.")
    if limit is not None and len(text) > limit:
        raise InvalidArgument(f"{name} er {len(text)} tegn lang; høyst {limit} tegn er tillatt. Skriv det kortere.")
