"""CLI: `handbok <kommando>` — parses arguments, runs one command, and is the one error boundary."""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path
from typing import Callable, Mapping, Sequence, TextIO

from ..core.errors import Refused, Stop, UsageError, os_error_text
from ..reports.findings import FORMATS
from ..site.engine import ENGINES
from ..source.cache import Cache
from ..source.git import GitError
from ..source.loading import is_handbook
from .arguments import NorwegianParser, ParserExit, check_arguments, examples
from .commands import (avvik, bekreftelser, bygg, evaluer, flytt_historikk, forhandsvis, importer, init, kompetanse, ny,
                       pr_sjekk, region, registrer, sjekk, status, tilsyn, tiltak, varsle)
from .commands.common import Context

Command = Callable[[argparse.Namespace, Context], int]
COMMANDS: Mapping[str, Command] = {
    "sjekk": sjekk.run, "status": status.run, "bygg": bygg.run, "forhandsvis": forhandsvis.run, "registrer": registrer.run,
    "evaluer": evaluer.run, "tiltak": tiltak.run, "tilsyn": tilsyn.run, "pr-sjekk": pr_sjekk.run, "ny": ny.run,
    "importer": importer.run, "avvik": avvik.run, "kompetanse": kompetanse.run, "bekreftelser": bekreftelser.run,
    "varsle": varsle.run, "flytt-historikk": flytt_historikk.run,
}


def main(argv: Sequence[str] | None = None, out: TextIO | None = None, err: TextIO | None = None) -> int:
    """Run one command. A known error is one line on `err`: exit 2, or 1 for a refused user mistake."""
    out = out or sys.stdout
    err = err or sys.stderr
    try:
        return _run(argv, out, err)
    except ParserExit as done:
        return done.code
    except UsageError as usage:
        err.write(usage.usage)
        print(f"handbok: {usage}", file=err)
        return 2
    except Refused as refusal:
        print(f"handbok: {refusal}", file=err)
        return 1
    except (Stop, GitError) as stop:
        print(f"handbok: {stop}", file=err)
        return 2
    except OSError as error:
        print(f"handbok: {os_error_text(error)}", file=err)
        return 2


def _run(argv: Sequence[str] | None, out: TextIO, err: TextIO) -> int:
    parser = build_parser(out, err)
    args = parser.parse_args(argv)
    if args.kommando is None:  # `handbok` alone: what it can do, one line a command
        out.write(parser.format_help())
        return 0
    check_arguments(args)
    if args.kommando == "init":  # the one command that makes a handbook rather than reading one
        return init.run(args, out)
    if args.kommando == "region":  # reads several handbooks, named on the command line
        return region.run(args, out, date.today())
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
    raise Stop(f"Fant ingen håndbok i {start} (mangler rutiner/, funksjonsbeskrivelser/ og "
                "implementeringsplan.yaml). Kjør kommandoen i håndbok-mappen eller bruk --rot.")


def _dato(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"«{text}» er ikke en dato på formen ÅÅÅÅ-MM-DD") from None


def build_parser(out: TextIO, err: TextIO) -> NorwegianParser:
    parser = NorwegianParser(prog="handbok", description="Rutinehåndbok som kode: sjekk, status og publisering.",
                             epilog="Skriv «handbok KOMMANDO --help» for valgene til en kommando og et eksempel.",
                             out=out, err=err)
    parser.add_argument("--rot", type=Path, default=None, metavar="MAPPE",
                        help="mappen med håndboka (standard: denne mappen eller en over den)")
    parser.add_argument("--uten-mellomlager", action="store_true",
                        help="les alle filer på nytt (ellers gjenbrukes uendrede filer fra .git/)")
    commands = parser.commands(dest="kommando", metavar="KOMMANDO", required=False)
    _reading_commands(commands)
    _recording_commands(commands)
    _document_commands(commands)
    _statistics_commands(commands)
    _notice_command(commands)
    _region_command(commands)
    _init_command(commands)
    return parser


def _reading_commands(commands: argparse._SubParsersAction[NorwegianParser]) -> None:
    sjekk = commands.add_parser("sjekk", help="sjekk alle rutiner, funksjonsbeskrivelser og planen",
                                epilog=examples("handbok sjekk", "handbok sjekk --format github --streng"))
    sjekk.add_argument("--format", choices=FORMATS, default="tekst",
                       help="utdataformat: tekst, json, github (merknader i pull requesten) eller gitlab "
                            "(kodekvalitetsrapport)")
    sjekk.add_argument("--streng", action="store_true", help="advarsler gir også exit-kode 1")
    sjekk.add_argument("--dato", type=_dato, default=None, help="dagens dato (ÅÅÅÅ-MM-DD), for frister")
    status = commands.add_parser("status", help="implementeringsstatus per tjenestested",
                                 epilog=examples("handbok status --tjenestested nord",
                                                 "handbok status --format csv > status.csv"))
    status.add_argument("--tjenestested", metavar="ID", help="vis bare dette tjenestestedet, rutine for rutine")
    status.add_argument("--format", choices=("tekst", "json", "csv"), default="tekst", help="utdataformat")
    status.add_argument("--dato", type=_dato, default=None, help="dagens dato (ÅÅÅÅ-MM-DD), for frister")
    bygg = commands.add_parser("bygg", help="lag sidene og bygg nettstedet i site/",
                               epilog=examples("handbok bygg", "handbok bygg --dato 2026-06-01"))
    bygg.add_argument("--dato", type=_dato, default=None, help="dagens dato (ÅÅÅÅ-MM-DD), for frister og status")
    bygg.add_argument("--motor", choices=ENGINES, default="mkdocs",
                      help="hva som gjør sidene om til HTML: mkdocs (standard) eller zensical")
    forhandsvis = commands.add_parser(
        "forhandsvis", help="vis nettstedet på denne maskinen mens du skriver",
        description="Bygger nettstedet og viser det i nettleseren, med de samme sidene og det samme søkefeltet "
                    "som «handbok bygg». Når du lagrer en rutine eller en funksjonsbeskrivelse, lages og bygges "
                    "bare sidene endringen når, og nettleseren viser dem etter noen sekunder. Kommandoen holder "
                    "terminalen til du stopper den med Ctrl+C. Søket finner det som sto i filene da du startet; "
                    "bruk uten nett virker bare på det publiserte nettstedet fra «handbok bygg».",
        epilog=examples("handbok forhandsvis", "handbok forhandsvis --adresse 127.0.0.1:8001"))
    forhandsvis.add_argument("--adresse", default="127.0.0.1:8000", metavar="VERT:PORT",
                             help="hvor nettstedet vises (standard: 127.0.0.1:8000)")
    tilsyn = commands.add_parser("tilsyn", help="dokumentasjon for tilsyn, ett tjenestested (HTML/PDF)",
                                 epilog=examples("handbok tilsyn nord --ut tilsyn-nord.html",
                                                 "handbok tilsyn nord --pdf tilsyn-nord.pdf"))
    tilsyn.add_argument("tjenestested", metavar="TJENESTESTED", help="tjenestestedets id")
    tilsyn.add_argument("--dato", type=_dato, default=None, help="datoen statusen beregnes for")
    tilsyn.add_argument("--ut", type=Path, default=None, metavar="FIL.html", help="skriv til fil i stedet for skjerm")
    tilsyn.add_argument("--pdf", type=Path, default=None, metavar="FIL.pdf",
                        help="skriv en PDF for utskrift på A4 (trenger Chromium)")
    pr = commands.add_parser("pr-sjekk", help="reglene en pull request må følge (mot --base)",
                             epilog=examples("handbok pr-sjekk --base origin/main",
                                             "handbok pr-sjekk --base origin/main --format oppsummering"))
    pr.add_argument("--base", required=True, metavar="REF", help="grenen det flettes inn i, f.eks. origin/main")
    pr.add_argument("--format", choices=(*FORMATS, "oppsummering"), default="tekst",
                    help="utdataformat som for sjekk, eller oppsummering: hva endringen betyr for hvem, i Markdown "
                         "for jobbsammendraget (gir alltid exit-kode 0; feilene meldes av de andre formatene)")


def _recording_commands(commands: argparse._SubParsersAction[NorwegianParser]) -> None:
    """The commands that add to a tjenestested's history."""
    registrer = commands.add_parser(
        "registrer", help="registrer et tjenestesteds status for et dokument",
        epilog=examples('handbok registrer nord fallforebygging --status implementert --hvordan "Gjennomgått på '
                        'personalmøtet"', 'handbok registrer nord fallforebygging --status i-gang --tilbake --grunn '
                                          '"Ny opplæring trengs"'))
    registrer.add_argument("tjenestested", metavar="TJENESTESTED", help="tjenestestedets id")
    registrer.add_argument("dokument", metavar="DOKUMENT", help="id-en til rutinen eller funksjonsbeskrivelsen")
    registrer.add_argument("--status", required=True, metavar="STATUS",
                           help="planlagt, i-gang, implementert eller ikke-aktuelt (evaluert: handbok evaluer)")
    registrer.add_argument("--versjon", help="versjonen som er implementert (standard: gjeldende)")
    registrer.add_argument("--dato", type=_dato, default=None, help="datoen statusen gjelder fra (standard: i dag)")
    registrer.add_argument("--hvordan", help="hvordan tjenestestedet gjør det")
    registrer.add_argument("--begrunnelse", help="hvorfor rutinen ikke er aktuell (ved ikke-aktuelt)")
    registrer.add_argument("--tilbake", action="store_true",
                           help="sett statusen et steg tilbake (f.eks. fra evaluert til implementert); krever --grunn")
    registrer.add_argument("--grunn", help="hvorfor statusen settes tilbake (lagres i historikken)")
    evaluer = commands.add_parser("evaluer", help="registrer en evaluering med det felles skjemaet",
                                  epilog=examples('handbok evaluer nord fallforebygging --svar kjent=4 i-bruk=3 '
                                                  '--merknad "Nattevakten kjente ikke rutinen"'))
    evaluer.add_argument("tjenestested", metavar="TJENESTESTED", help="tjenestestedets id")
    evaluer.add_argument("dokument", metavar="DOKUMENT", help="id-en til rutinen eller funksjonsbeskrivelsen")
    evaluer.add_argument("--svar", nargs="+", required=True, metavar="SPØRSMÅL=TALL",
                         help="svar på hvert spørsmål i skjemaet (tall, eller vet-ikke der skjemaet tillater det)")
    evaluer.add_argument("--merknad", help="fritekst til evalueringen")
    evaluer.add_argument("--dato", type=_dato, default=None, help="datoen for evalueringen (standard: i dag)")
    tiltak = commands.add_parser(
        "tiltak", help="registrer et korrigerende tiltak, eller lukk et",
        description="Åpne et tiltak: --beskrivelse, --ansvarlig og --frist. Lukke et: --lukk ID --resultat. "
                    "Tiltakene står i tjenestestedets historikk, implementering/TJENESTESTED.yaml.",
        epilog=examples('handbok tiltak nord fallforebygging --beskrivelse "Rutinen gjennomgås på nattmøtet" '
                        '--ansvarlig avdelingsleder --frist 2026-03-01',
                        'handbok tiltak nord fallforebygging --lukk t1 --resultat "Alle på natt har lest rutinen"'))
    tiltak.add_argument("tjenestested", metavar="TJENESTESTED", help="tjenestestedets id")
    tiltak.add_argument("dokument", metavar="DOKUMENT", help="id-en til rutinen eller funksjonsbeskrivelsen")
    tiltak.add_argument("--beskrivelse", help="hva som skal gjøres")
    tiltak.add_argument("--ansvarlig", metavar="ROLLE", help="rollen som har ansvaret (id, f.eks. avdelingsleder)")
    tiltak.add_argument("--frist", type=_dato, default=None, help="når tiltaket skal være gjennomført (ÅÅÅÅ-MM-DD)")
    tiltak.add_argument("--evaluering", type=_dato, default=None,
                        help="datoen til evalueringen tiltaket svarer på (standard: den siste med lave svar)")
    tiltak.add_argument("--id", help="kort id for tiltaket (standard: t1, t2, …)")
    tiltak.add_argument("--lukk", metavar="ID", help="lukk tiltaket med denne id-en")
    tiltak.add_argument("--resultat", help="hva som ble gjort og hva det førte til (med --lukk)")
    tiltak.add_argument("--dato", type=_dato, default=None,
                        help="datoen tiltaket ble bestemt, eller lukket med --lukk (standard: i dag)")
    commands.add_parser(
        "flytt-historikk", help="flytt registreringene til én fil per tjenestested",
        epilog=examples("handbok flytt-historikk"),
        description="Gjør hver registrering under implementering i implementeringsplan.yaml om til hendelsene den "
                    "står for, skriver dem i implementering/TJENESTESTED.yaml og tar dem ut av planen. Kommentarene "
                    "følger med. Kjøres den på nytt, endres ingenting.")


def _document_commands(commands: argparse._SubParsersAction[NorwegianParser]) -> None:
    """The commands that make new documents: one to fill in, or drafts from a municipality's old ones."""
    ny = commands.add_parser("ny", help="lag en ny rutine eller funksjonsbeskrivelse å fylle ut",
                             epilog=examples('handbok ny rutine trykksar --tittel "Forebygging av trykksår" '
                                             '--eier sykepleier', 'handbok ny funksjon ergoterapeut --tittel Ergoterapeut'))
    ny.add_argument("type", choices=("rutine", "funksjon"), help="hva som skal lages")
    ny.add_argument("id", metavar="ID", help="små bokstaver a–z, tall og bindestrek")
    ny.add_argument("--tittel", required=True, help="dokumentets tittel")
    ny.add_argument("--eier", help="rollen som eier rutinen: en funksjonsbeskrivelse eller en lettere rolle fra "
                                   "handbok.yaml (standard: fagutviklingssykepleier)")
    importer = commands.add_parser(
        "importer", help="gjør Word-, HTML-, PDF- og tekstfiler om til nye utkast",
        epilog=examples("handbok importer gamle-rutiner/", "handbok importer rutine-for-sarstell.docx --format json"),
        description="Leser Word- (.docx), HTML-, Markdown-, PDF- og tekstfiler, eller mapper med slike, og lager "
                    "én ny rutine med dokumentstatus utkast per fil, med en rapport om hva som ble gjenkjent og hva "
                    "som mangler, og en oppsummering til slutt. Ingenting overskrives: en fil med samme tekst som en "
                    "annen blir ikke et nytt utkast, en ny kjøring lager ingenting nytt, og en fil som er for stor, "
                    "ødelagt eller passordbeskyttet blir en linje i rapporten.")
    importer.add_argument("kilde", nargs="+", type=Path, metavar="KILDE", help="filer eller mapper som skal importeres")
    importer.add_argument("--til", default="rutiner", metavar="MAPPE",
                          help="mappen i håndboka rutinene skrives til (standard: rutiner)")
    importer.add_argument("--format", choices=("tekst", "json"), default="tekst", help="rapportens format")


def _statistics_commands(commands: argparse._SubParsersAction[NorwegianParser]) -> None:
    avvik = commands.add_parser("avvik", help="importer avvikstall fra avvikssystemet (CSV)",
                                epilog=examples("handbok avvik importer eksport.csv"))
    handling = avvik.commands(dest="handling", metavar="HANDLING")
    importer = handling.add_parser("importer", help="les antall avvik per kategori, enhet og måned fra en CSV-fil",
                                   epilog=examples("handbok avvik importer eksport.csv"))
    importer.add_argument("fil", type=Path, metavar="FIL.csv", help="eksporten fra avvikssystemet (bare antall)")
    importer.add_argument("--syntetisk", action="store_true", help="merk tallene som oppdiktede (eksempler, opplæring)")
    kompetanse = commands.add_parser("kompetanse", help="importer en anonym kompetansekartlegging (CSV)",
                                     epilog=examples("handbok kompetanse importer svar.csv --tjenestested nord"))
    handling = kompetanse.commands(dest="handling", metavar="HANDLING")
    importer = handling.add_parser("importer", help="tell opp svarene per område og nivå for ett tjenestested",
                                   epilog=examples("handbok kompetanse importer svar.csv --tjenestested nord"))
    importer.add_argument("fil", type=Path, metavar="FIL.csv", help="svarene fra skjemaverktøyet, én rad per svar")
    importer.add_argument("--tjenestested", required=True, metavar="ID", help="tjenestestedet som svarte")
    importer.add_argument("--dato", type=_dato, default=None, help="datoen kartleggingen gjelder (standard: i dag)")
    importer.add_argument("--syntetisk", action="store_true", help="merk tallene som oppdiktede (eksempler, opplæring)")
    bekreftelser = commands.add_parser("bekreftelser", help="importer «lest og forstått» fra skjemaet (CSV/XLSX)",
                                       epilog=examples("handbok bekreftelser importer eksport.xlsx"))
    handling = bekreftelser.commands(dest="handling", metavar="HANDLING")
    importer = handling.add_parser(
        "importer", help="tell opp bekreftelsene per tjenestested, dokument og versjon",
        description="Leser eksporten fra kommunens skjema (CSV eller Excel, én rad per bekreftelse) og lagrer bare "
                    "antall per tjenestested, dokument, versjon og rolle i statistikk/bekreftelser.yaml. En fil med "
                    "navn, e-postadresser eller personnummer avvises, og ingenting lagres.",
        epilog=examples("handbok bekreftelser importer eksport.xlsx", "handbok bekreftelser importer eksport.csv "
                        "--dato 2026-11-30"))
    importer.add_argument("fil", type=Path, metavar="FIL", help="eksporten fra skjemaverktøyet (.csv eller .xlsx)")
    importer.add_argument("--dato", type=_dato, default=None, help="datoen eksporten gjelder (standard: i dag)")
    importer.add_argument("--syntetisk", action="store_true", help="merk tallene som oppdiktede (eksempler, opplæring)")


def _notice_command(commands: argparse._SubParsersAction[NorwegianParser]) -> None:
    varsle = commands.add_parser(
        "varsle", help="send endringsvarsler og påminnelser på e-post",
        epilog=examples("handbok varsle --torrkjoring", "handbok varsle --fra 2026-11-01 --til 2026-12-01 --ut varsler/"),
        description="Finner det som skjedde fra og med --fra til (men ikke med) --til: dokumenter som ble gjeldende, "
                    "MAJOR-endringer, gjennomganger som forfaller innen 30 dager, nye implementeringer og tiltak med "
                    "frist, og sender én oppsummering til hver rolle- og tjenestestedspostkasse i handbok.yaml. "
                    "SMTP-tjeneren oppgis i miljøvariablene HANDBOK_SMTP_VERT, HANDBOK_SMTP_PORT (standard 587), "
                    "HANDBOK_SMTP_BRUKER og HANDBOK_SMTP_PASSORD; forbindelsen krypteres alltid med STARTTLS.")
    varsle.add_argument("--fra", type=_dato, default=None,
                        help="første dag i perioden, ÅÅÅÅ-MM-DD (standard: dagen før --til)")
    varsle.add_argument("--til", type=_dato, default=None,
                        help="dagen etter perioden, ÅÅÅÅ-MM-DD (standard: i dag); neste kjøring starter her")
    varsle.add_argument("--ut", type=Path, default=None, metavar="MAPPE",
                        help="skriv e-postene som .eml-filer i denne mappen i stedet for å sende dem")
    varsle.add_argument("--torrkjoring", "--tørrkjøring", action="store_true", dest="torrkjoring",
                        help="vis e-postene på skjermen i stedet for å sende dem")


def _region_command(commands: argparse._SubParsersAction[NorwegianParser]) -> None:
    region = commands.add_parser("region", help="én oversikt over flere håndbøker (kommuner)",
                                 description="Status per rutine og retningslinje i flere håndbøker, som tekst, "
                                             "CSV, JSON eller en side.",
                                 epilog=examples("handbok region kommune-a/ kommune-b/ --ut oversikt/"))
    region.add_argument("handboker", nargs="+", type=Path, metavar="HANDBOK", help="mappene med håndbøkene")
    region.add_argument("--format", choices=("tekst", "csv", "json"), default="tekst", help="utdataformat")
    region.add_argument("--ut", type=Path, default=None, metavar="MAPPE",
                        help="skriv også region.html, region.csv og region.json i denne mappen")
    region.add_argument("--dato", type=_dato, default=None, help="dagens dato (ÅÅÅÅ-MM-DD), for frister")


def _init_command(commands: argparse._SubParsersAction[NorwegianParser]) -> None:
    new = commands.add_parser("init", help="lag en ny, tom håndbok (et eget repo) i en ny mappe",
                              epilog=examples('handbok init kommune-handbok --navn "Rutinehåndbok for Eksempel kommune" '
                                              '--repo-url https://github.com/kommune/handbok'))
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
