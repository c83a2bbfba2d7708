"""CLI: an argparse parser that speaks Norwegian and writes to the streams it is given, never exiting."""

from __future__ import annotations

import argparse
import re
from functools import partial
from typing import TYPE_CHECKING, Any, NoReturn, TextIO

from .errors import Bruksfeil

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


class NorwegianParser(argparse.ArgumentParser):
    """Help on `out`, usage errors raised as `Bruksfeil`; titles, usage and `-h/--hjelp` in Norwegian."""

    def __init__(self, prog: str | None = None, description: str | None = None, *, out: TextIO, err: TextIO,
                 **kwargs: Any) -> None:
        kwargs.update(add_help=False, formatter_class=_Formatter)
        super().__init__(prog, description=description, **kwargs)
        self.out, self.err = out, err
        self._positionals.title = "argumenter"
        self._optionals.title = "valg"
        self.add_argument("-h", "--hjelp", action="help", default=argparse.SUPPRESS,
                          help="vis denne hjelpen og avslutt")

    def commands(self, dest: str, metavar: str) -> argparse._SubParsersAction[NorwegianParser]:
        """Required subcommands whose parsers are Norwegian and share these streams."""
        parser_class: Any = partial(NorwegianParser, out=self.out, err=self.err)
        commands: argparse._SubParsersAction[NorwegianParser] = self.add_subparsers(
            title="kommandoer", parser_class=parser_class, dest=dest, required=True, metavar=metavar)
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
        raise Bruksfeil(norwegian(message), self.format_usage())
