"""CLI: `handbok <kommando>` — parses arguments, calls one stage per command, returns the exit code."""

from __future__ import annotations

import argparse
import json
import sys
from datetime import date
from pathlib import Path
from typing import Sequence, TextIO

from .audit import audit_html, read_kilde
from .cache import Cache
from .checks import CheckResult, check_repository
from .findings import sort_findings
from .git import GitError
from .loading import is_handbook
from .model import Handbok, Implementeringsstatus
from .prcheck import pr_findings
from .recording import RecordingError, evaluer, parse_answers, registrer
from .report import findings_json, findings_text
from .safewrite import atomic_write
from .scaffold import ScaffoldError, ny
from .site import bygg
from .status import beregn_status, status_csv, status_json
from .statusreport import site_table, status_table


class Stopp(Exception):
    """The command cannot continue; the text is shown to the user as one line (exit 2)."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        raise Stopp(_norwegian_usage(message))


def _norwegian_usage(message: str) -> str:
    replacements = {
        "the following arguments are required": "disse argumentene mangler",
        "invalid choice": "ugyldig valg",
        "choose from": "velg blant",
        "unrecognized arguments": "ukjente argumenter",
        "expected one argument": "mangler en verdi",
        "argument": "argument",
    }
    for english, norwegian in replacements.items():
        message = message.replace(english, norwegian)
    return message


def _dato(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"«{text}» er ikke en dato på formen ÅÅÅÅ-MM-DD") from None


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="handbok", description="Rutinehåndbok som kode: sjekk, status og publisering.")
    parser.add_argument("--rot", type=Path, default=None,
                        help="mappen med håndboka (standard: denne mappen eller en over den)")
    parser.add_argument("--uten-mellomlager", action="store_true",
                        help="les alle filer på nytt (ellers gjenbrukes uendrede filer fra .git/)")
    commands = parser.add_subparsers(dest="kommando", required=True, metavar="KOMMANDO", parser_class=_Parser)
    sjekk = commands.add_parser("sjekk", help="sjekk alle rutiner, funksjonsbeskrivelser og planen")
    sjekk.add_argument("--format", choices=("tekst", "json"), default="tekst")
    sjekk.add_argument("--streng", action="store_true", help="advarsler gir også exit-kode 1")
    sjekk.add_argument("--dato", type=_dato, default=None, help="dagens dato (ÅÅÅÅ-MM-DD), for frister")
    status = commands.add_parser("status", help="implementeringsstatus per tjenestested")
    status.add_argument("--tjenestested", metavar="ID", help="vis bare dette tjenestestedet, rutine for rutine")
    status.add_argument("--format", choices=("tekst", "json", "csv"), default="tekst")
    status.add_argument("--dato", type=_dato, default=None, help="dagens dato (ÅÅÅÅ-MM-DD), for frister")
    bygg = commands.add_parser("bygg", help="lag sidene og bygg nettstedet i site/")
    bygg.add_argument("--dato", type=_dato, default=None, help="dagens dato (ÅÅÅÅ-MM-DD), for frister og status")
    registrer = commands.add_parser("registrer", help="registrer et tjenestesteds status for en rutine")
    registrer.add_argument("tjenestested", metavar="TJENESTESTED")
    registrer.add_argument("rutine", metavar="RUTINE")
    registrer.add_argument("--status", required=True, help=", ".join(Implementeringsstatus.registrerbare()))
    registrer.add_argument("--versjon", help="versjonen som er implementert (standard: gjeldende)")
    registrer.add_argument("--dato", type=_dato, default=None, help="datoen statusen gjelder fra (standard: i dag)")
    registrer.add_argument("--hvordan", help="hvordan tjenestestedet gjør det")
    registrer.add_argument("--begrunnelse", help="hvorfor rutinen ikke er aktuell (ved ikke-aktuelt)")
    evaluer = commands.add_parser("evaluer", help="registrer en evaluering med det felles skjemaet")
    evaluer.add_argument("tjenestested", metavar="TJENESTESTED")
    evaluer.add_argument("rutine", metavar="RUTINE")
    evaluer.add_argument("--svar", nargs="+", required=True, metavar="SPØRSMÅL=TALL")
    evaluer.add_argument("--merknad")
    evaluer.add_argument("--dato", type=_dato, default=None, help="datoen for evalueringen (standard: i dag)")
    tilsyn = commands.add_parser("tilsyn", help="dokumentasjon for tilsyn for ett tjenestested (HTML)")
    tilsyn.add_argument("tjenestested", metavar="TJENESTESTED")
    tilsyn.add_argument("--dato", type=_dato, default=None, help="datoen statusen beregnes for")
    tilsyn.add_argument("--ut", type=Path, default=None, metavar="FIL.html", help="skriv til fil i stedet for skjerm")
    pr = commands.add_parser("pr-sjekk", help="reglene en pull request må følge (mot --base)")
    pr.add_argument("--base", required=True, metavar="REF", help="grenen det flettes inn i, f.eks. origin/main")
    pr.add_argument("--format", choices=("tekst", "json"), default="tekst")
    ny = commands.add_parser("ny", help="lag en ny rutine eller funksjonsbeskrivelse å fylle ut")
    ny.add_argument("type", choices=("rutine", "funksjon"))
    ny.add_argument("id", metavar="ID", help="små bokstaver a–z, tall og bindestrek")
    ny.add_argument("--tittel", required=True)
    ny.add_argument("--eier", help="rollen som eier rutinen (standard: fagutviklingssykepleier)")
    return parser


def find_root(start: Path) -> Path:
    for folder in (start, *start.parents):
        if is_handbook(folder):
            return folder
    raise Stopp(f"Fant ingen håndbok i {start} (mangler rutiner/, funksjonsbeskrivelser/ og "
                "implementeringsplan.yaml). Kjør kommandoen i håndbok-mappen eller bruk --rot.")


def main(argv: Sequence[str] | None = None, out: TextIO | None = None, err: TextIO | None = None) -> int:
    out = out or sys.stdout
    err = err or sys.stderr
    try:
        args = build_parser().parse_args(argv)
        root = find_root((args.rot or Path.cwd()).resolve())
        cache = Cache(None) if args.uten_mellomlager else Cache.for_repository(root)
        code = _run(args, root, cache, out, err)
        cache.save()
        return code
    except Stopp as stop:
        print(f"handbok: {stop}", file=err)
        return 2


def _run(args: argparse.Namespace, root: Path, cache: Cache, out: TextIO, err: TextIO) -> int:
    """Dispatch. For sjekk, status and tilsyn `--dato` means "today"; for registrer/evaluer the record's date."""
    today = date.today()
    if args.kommando == "sjekk":
        return sjekk(check_repository(root, args.dato or today, cache), args.format, args.streng, out)
    if args.kommando == "status":
        return status(check_repository(root, args.dato or today, cache), args.format, args.tjenestested, out, err)
    if args.kommando == "tilsyn":
        return tilsyn(check_repository(root, args.dato or today, cache), args.tjenestested, args.ut, out, err)
    if args.kommando == "bygg":
        return bygg(root, args.dato or today, out)
    if args.kommando in ("registrer", "evaluer"):
        return record(args, root, today, out)
    if args.kommando == "ny":
        return new_file(args, root, today, out)
    if args.kommando == "pr-sjekk":
        return pr_sjekk(check_repository(root, today, cache), args.base, args.format, out)
    raise Stopp(f"Ukjent kommando: {args.kommando}")


def sjekk(result: CheckResult, fmt: str, streng: bool, out: TextIO) -> int:
    out.write(findings_json(result.findings) if fmt == "json" else findings_text(result.findings))
    failed = result.antall_feil > 0 or (streng and result.antall_advarsler > 0)
    return 1 if failed else 0


def pr_sjekk(result: CheckResult, base: str, fmt: str, out: TextIO) -> int:
    try:
        findings = sort_findings(pr_findings(result.corpus, base, result.handbok))
    except GitError as error:
        raise Stopp(str(error)) from None
    out.write(findings_json(findings) if fmt == "json" else findings_text(findings))
    return 1 if any(f.alvor == "feil" for f in findings) else 0


def new_file(args: argparse.Namespace, root: Path, today: date, out: TextIO) -> int:
    try:
        path = ny(root, today, args.type, args.id, args.tittel, args.eier)
    except ScaffoldError as refusal:
        print(f"handbok ny: {refusal}", file=out)
        return 1
    print(f"Laget {path.relative_to(root).as_posix()}. Fyll inn teksten, kjør «handbok sjekk» og lag en pull request.",
          file=out)
    return 0


def record(args: argparse.Namespace, root: Path, today: date, out: TextIO) -> int:
    try:
        if args.kommando == "registrer":
            message = registrer(root, today, args.tjenestested, args.rutine, args.status, args.versjon, args.dato,
                                args.hvordan, args.begrunnelse)
        else:
            message = evaluer(root, today, args.tjenestested, args.rutine, parse_answers(args.svar),
                              args.merknad, args.dato)
    except RecordingError as refusal:
        print(f"handbok {args.kommando}: {refusal}", file=out)
        return 1
    print(message, file=out)
    return 0


def tilsyn(result: CheckResult, sted_id: str, target: Path | None, out: TextIO, err: TextIO) -> int:
    _require_site(result.handbok, sted_id)
    today = result.today
    html = audit_html(result.handbok, beregn_status(result.handbok, today), sted_id, read_kilde(result.corpus.root))
    if target is None:
        out.write(html)
    else:
        atomic_write(target, html)
        print(f"Skrev {target}.", file=out)
    if result.antall_feil:
        print(f"Obs: håndboka har {result.antall_feil} feil; kjør «handbok sjekk».", file=err)
    return 0


def _require_site(handbok: Handbok, sted_id: str | None) -> None:
    if sted_id is not None and handbok.plan.sted(sted_id) is None:
        known = ", ".join(s.id for s in handbok.plan.tjenestesteder)
        raise Stopp(f"Tjenestestedet «{sted_id}» finnes ikke. Kjente tjenestesteder: {known}.")


def status(result: CheckResult, fmt: str, sted_id: str | None, out: TextIO, err: TextIO) -> int:
    handbok = result.handbok
    _require_site(handbok, sted_id)
    computed = beregn_status(handbok, result.today)
    if fmt == "json":
        out.write(json.dumps(status_json(computed), ensure_ascii=False, indent=2) + "\n")
    elif fmt == "csv":
        out.write(status_csv(computed))
    elif sted_id is not None:
        out.write(site_table(computed, computed.sted(sted_id), handbok))
    else:
        out.write(status_table(computed))
    if result.antall_feil:
        print(f"Obs: håndboka har {result.antall_feil} feil; tallene gjelder det som kunne leses. "
              "Kjør «handbok sjekk».", file=err)
    return 0


if __name__ == "__main__":
    sys.exit(main())
