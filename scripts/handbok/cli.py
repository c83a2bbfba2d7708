"""CLI: `handbok <kommando>` — parses arguments, runs one command, and is the one error boundary."""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path
from typing import Callable, Mapping, Sequence, TextIO

from .arguments import NorwegianParser, ParserExit, check_arguments
from .cache import Cache
from .commands import bygg, evaluer, forhandsvis, init, ny, pr_sjekk, registrer, sjekk, status, tilsyn
from .commands.common import Context
from .engine import ENGINES
from .errors import Avvist, Bruksfeil, Stopp, os_error_text
from .git import GitError
from .loading import is_handbook
from .model import Implementeringsstatus
from .report import FORMATS

Command = Callable[[argparse.Namespace, Context], int]
COMMANDS: Mapping[str, Command] = {
    "sjekk": sjekk.run, "status": status.run, "bygg": bygg.run, "forhandsvis": forhandsvis.run, "registrer": registrer.run,
    "evaluer": evaluer.run, "tilsyn": tilsyn.run, "pr-sjekk": pr_sjekk.run, "ny": ny.run,
}


def main(argv: Sequence[str] | None = None, out: TextIO | None = None, err: TextIO | None = None) -> int:
    """Run one command. A known error is one line on `err`: exit 2, or 1 for a refused user mistake."""
    out = out or sys.stdout
    err = err or sys.stderr
    try:
        return _run(argv, out, err)
    except ParserExit as done:
        return done.code
    except Bruksfeil as usage:
        err.write(usage.usage)
        print(f"handbok: {usage}", file=err)
        return 2
    except Avvist as refusal:
        print(f"handbok: {refusal}", file=err)
        return 1
    except (Stopp, GitError) as stop:
        print(f"handbok: {stop}", file=err)
        return 2
    except OSError as error:
        print(f"handbok: {os_error_text(error)}", file=err)
        return 2


def _run(argv: Sequence[str] | None, out: TextIO, err: TextIO) -> int:
    args = build_parser(out, err).parse_args(argv)
    check_arguments(args)
    if args.kommando == "init":  # the one command that makes a handbook rather than reading one
        return init.run(args, out)
    root = find_root((args.rot or Path.cwd()).resolve())
    cache = Cache(None) if args.uten_mellomlager else Cache.for_repository(root)
    try:
        return COMMANDS[args.kommando](args, Context(root, cache, out, err, date.today()))
    finally:
        cache.save()


def find_root(start: Path) -> Path:
    for folder in (start, *start.parents):
        if is_handbook(folder):
            return folder
    raise Stopp(f"Fant ingen håndbok i {start} (mangler rutiner/, funksjonsbeskrivelser/ og "
                "implementeringsplan.yaml). Kjør kommandoen i håndbok-mappen eller bruk --rot.")


def _dato(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"«{text}» er ikke en dato på formen ÅÅÅÅ-MM-DD") from None


def build_parser(out: TextIO, err: TextIO) -> NorwegianParser:
    parser = NorwegianParser(prog="handbok", description="Rutinehåndbok som kode: sjekk, status og publisering.",
                             out=out, err=err)
    parser.add_argument("--rot", type=Path, default=None, metavar="MAPPE",
                        help="mappen med håndboka (standard: denne mappen eller en over den)")
    parser.add_argument("--uten-mellomlager", action="store_true",
                        help="les alle filer på nytt (ellers gjenbrukes uendrede filer fra .git/)")
    commands = parser.commands(dest="kommando", metavar="KOMMANDO")
    _reading_commands(commands)
    _writing_commands(commands)
    _init_command(commands)
    return parser


def _reading_commands(commands: argparse._SubParsersAction[NorwegianParser]) -> None:
    sjekk = commands.add_parser("sjekk", help="sjekk alle rutiner, funksjonsbeskrivelser og planen")
    sjekk.add_argument("--format", choices=FORMATS, default="tekst",
                       help="utdataformat: tekst, json, github (merknader i pull requesten) eller gitlab "
                            "(kodekvalitetsrapport)")
    sjekk.add_argument("--streng", action="store_true", help="advarsler gir også exit-kode 1")
    sjekk.add_argument("--dato", type=_dato, default=None, help="dagens dato (ÅÅÅÅ-MM-DD), for frister")
    status = commands.add_parser("status", help="implementeringsstatus per tjenestested")
    status.add_argument("--tjenestested", metavar="ID", help="vis bare dette tjenestestedet, rutine for rutine")
    status.add_argument("--format", choices=("tekst", "json", "csv"), default="tekst", help="utdataformat")
    status.add_argument("--dato", type=_dato, default=None, help="dagens dato (ÅÅÅÅ-MM-DD), for frister")
    bygg = commands.add_parser("bygg", help="lag sidene og bygg nettstedet i site/")
    bygg.add_argument("--dato", type=_dato, default=None, help="dagens dato (ÅÅÅÅ-MM-DD), for frister og status")
    bygg.add_argument("--motor", choices=ENGINES, default="mkdocs",
                      help="hva som gjør sidene om til HTML: mkdocs (standard) eller zensical")
    forhandsvis = commands.add_parser(
        "forhandsvis", help="vis nettstedet på denne maskinen mens du skriver; bare endrede sider bygges på nytt",
        description="Bygger nettstedet og viser det i nettleseren. Når du lagrer en rutine eller en "
                    "funksjonsbeskrivelse, lages og bygges bare sidene endringen når, og nettleseren viser dem "
                    "etter noen sekunder. Søket og frakoblet bruk lages bare av «handbok bygg».")
    forhandsvis.add_argument("--adresse", default="127.0.0.1:8000", metavar="VERT:PORT",
                             help="hvor nettstedet vises (standard: 127.0.0.1:8000)")
    tilsyn = commands.add_parser("tilsyn", help="dokumentasjon for tilsyn for ett tjenestested (HTML eller PDF)")
    tilsyn.add_argument("tjenestested", metavar="TJENESTESTED", help="tjenestestedets id")
    tilsyn.add_argument("--dato", type=_dato, default=None, help="datoen statusen beregnes for")
    tilsyn.add_argument("--ut", type=Path, default=None, metavar="FIL.html", help="skriv til fil i stedet for skjerm")
    tilsyn.add_argument("--pdf", type=Path, default=None, metavar="FIL.pdf",
                        help="skriv en PDF for utskrift på A4 (trenger Chromium)")
    pr = commands.add_parser("pr-sjekk", help="reglene en pull request må følge (mot --base)")
    pr.add_argument("--base", required=True, metavar="REF", help="grenen det flettes inn i, f.eks. origin/main")
    pr.add_argument("--format", choices=(*FORMATS, "oppsummering"), default="tekst",
                    help="utdataformat som for sjekk, eller oppsummering: hva endringen betyr for hvem, i Markdown "
                         "for jobbsammendraget (gir alltid exit-kode 0; feilene meldes av de andre formatene)")


def _writing_commands(commands: argparse._SubParsersAction[NorwegianParser]) -> None:
    registrer = commands.add_parser("registrer", help="registrer et tjenestesteds status for en rutine")
    registrer.add_argument("tjenestested", metavar="TJENESTESTED", help="tjenestestedets id")
    registrer.add_argument("rutine", metavar="RUTINE", help="rutinens id")
    registrer.add_argument("--status", required=True, metavar="STATUS",
                           help=", ".join(str(s) for s in Implementeringsstatus.registrerbare()))
    registrer.add_argument("--versjon", help="versjonen som er implementert (standard: gjeldende)")
    registrer.add_argument("--dato", type=_dato, default=None, help="datoen statusen gjelder fra (standard: i dag)")
    registrer.add_argument("--hvordan", help="hvordan tjenestestedet gjør det")
    registrer.add_argument("--begrunnelse", help="hvorfor rutinen ikke er aktuell (ved ikke-aktuelt)")
    evaluer = commands.add_parser("evaluer", help="registrer en evaluering med det felles skjemaet")
    evaluer.add_argument("tjenestested", metavar="TJENESTESTED", help="tjenestestedets id")
    evaluer.add_argument("rutine", metavar="RUTINE", help="rutinens id")
    evaluer.add_argument("--svar", nargs="+", required=True, metavar="SPØRSMÅL=TALL", help="svarene, ett per spørsmål")
    evaluer.add_argument("--merknad", help="fritekst til evalueringen")
    evaluer.add_argument("--dato", type=_dato, default=None, help="datoen for evalueringen (standard: i dag)")
    ny = commands.add_parser("ny", help="lag en ny rutine eller funksjonsbeskrivelse å fylle ut")
    ny.add_argument("type", choices=("rutine", "funksjon"), help="hva som skal lages")
    ny.add_argument("id", metavar="ID", help="små bokstaver a–z, tall og bindestrek")
    ny.add_argument("--tittel", required=True, help="dokumentets tittel")
    ny.add_argument("--eier", help="rollen som eier rutinen (standard: fagutviklingssykepleier)")


def _init_command(commands: argparse._SubParsersAction[NorwegianParser]) -> None:
    new = commands.add_parser("init", help="lag en ny, tom håndbok (et eget repo) i en ny mappe")
    new.add_argument("mappe", type=Path, metavar="MAPPE", help="mappen som skal lages (ny eller tom)")
    new.add_argument("--navn", default="Rutinehåndbok", help="håndbokas navn (standard: Rutinehåndbok)")
    new.add_argument("--tjenestested", default="hjemmetjenesten", metavar="ID",
                     help="id til det første tjenestestedet (små bokstaver, tall og bindestrek)")
    new.add_argument("--tjenestested-navn", default="Hjemmetjenesten", metavar="NAVN",
                     help="navnet til det første tjenestestedet")
    new.add_argument("--team", default="@kommune/implementeringsteamet",
                     help="implementeringsteamet i CODEOWNERS, f.eks. @kommune/implementeringsteamet")
    new.add_argument("--repo-url", metavar="URL", help="adressen repoet får (https://…), for «Rediger denne siden»")
    new.add_argument("--gitlab", action="store_true", help="skriv sjekkene for GitLab i stedet for GitHub")


if __name__ == "__main__":
    sys.exit(main())
