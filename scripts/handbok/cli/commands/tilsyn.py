"""Commands: `handbok tilsyn` — the audit evidence for one tjenestested, to the screen or a file."""

from __future__ import annotations

import argparse
import errno
import os
from dataclasses import dataclass
from pathlib import Path

from ...checks.run import check_repository
from ...core.status import beregn_status
from ...reports.audit import TITTEL, audit_html, audit_print, read_kilde
from ...reports.pdf import has_title, print_pdf
from ...source.loading import FUNKSJONER, IMPLEMENTERING, PLAN, RUTINER
from ...source.writing import Snapshot, WriteRefused, create_exclusive, require_replaceable, write_if_unchanged
from .common import Context, as_of, require_site, warn_errors

# The audit template carries this in its <head>; a file without it is not ours to overwrite.
GENERATOR = 'name="generator" content="handbok tilsyn"'
_HEAD = 4096  # the marker sits in the first lines of the document
_HANDBOOK_FOLDERS = (RUTINER, FUNKSJONER, IMPLEMENTERING, "docs", ".git")


def run(args: argparse.Namespace, ctx: Context) -> int:
    # Evidence for an inspector: every check runs, so the document is never handed over without a word
    # about errors (a fødselsnummer in an evaluation's remark is one).
    result = check_repository(ctx.root, args.dato or ctx.today, ctx.cache)
    require_site(result.handbok, args.tjenestested)
    handbok, bevis = as_of(result.corpus.root, result.handbok, result.today)  # what was true that day, and its proof
    status = beregn_status(handbok, result.today)
    html = audit_html(handbok, status, args.tjenestested, read_kilde(result.corpus.root), bevis)
    for target in (args.ut, args.pdf):  # refuse a wrong target before the slow part, and before writing either
        if target is not None:
            require_writable(ctx.root, target, _OUTPUTS[target is args.pdf])
    if args.ut is not None:
        write_audit(ctx.root, args.ut, html)
        print(f"Skrev {args.ut}.", file=ctx.out)
    if args.pdf is not None:
        write_audit(ctx.root, args.pdf, print_pdf(html, audit_print(handbok, status, args.tjenestested)))
        print(f"Skrev {args.pdf}.", file=ctx.out)
    if args.ut is None and args.pdf is None:
        ctx.out.write(html)
    warn_errors(result.antall_feil, ctx.err)
    return 0


@dataclass(frozen=True)
class Utdata:
    """One kind of output file: its option, the suffixes it may have and how we recognise one we wrote."""

    valg: str
    suffikser: tuple[str, ...]
    eksempel: str

    def er_var(self, snapshot: Snapshot) -> bool:
        """Whether the file is an audit document we wrote (a PDF's title is ASCII hex, intact in the text)."""
        if self.valg == "--pdf":
            return has_title(snapshot.text.encode("utf-8"), TITTEL)
        return GENERATOR in snapshot.text[:_HEAD]


_OUTPUTS = {False: Utdata("--ut", (".html", ".htm"), "tilsyn.html"), True: Utdata("--pdf", (".pdf",), "tilsyn.pdf")}


def write_audit(root: Path, target: Path, data: str | bytes) -> None:
    """Write a new file, or replace an audit document we wrote before; refuse every other file."""
    utdata = _OUTPUTS[isinstance(data, bytes)]
    require_writable(root, target, utdata)
    if not target.exists():
        create_exclusive(target, data)
        return
    snapshot = Snapshot.read(target, errors="replace")
    require_ours(snapshot, utdata)
    write_if_unchanged(snapshot, data)


def require_writable(root: Path, target: Path, utdata: Utdata) -> None:
    """The same guard for the HTML and the PDF: outside the handbook, the right kind of file, and a file
    that exists only if we wrote it."""
    require_outside_handbook(root, target, utdata)
    if target.is_dir():  # what the OS would say on writing; the boundary words it (exit 2, as before)
        raise IsADirectoryError(errno.EISDIR, os.strerror(errno.EISDIR), str(target))
    if target.suffix.lower() not in utdata.suffikser:  # never a new handbok.yaml, mkdocs.yml or .md by mistake
        raise WriteRefused(f"{utdata.valg} må være en {utdata.suffikser[0][1:].upper()}-fil "
                           f"(FIL{utdata.suffikser[0]}), ikke «{target.name}». Ingenting er skrevet.")
    require_replaceable(target)
    if target.exists():
        require_ours(Snapshot.read(target, errors="replace"), utdata)


def require_ours(snapshot: Snapshot, utdata: Utdata) -> None:
    if not utdata.er_var(snapshot):
        target = snapshot.path
        raise WriteRefused(f"«{target}» finnes og er ikke et tilsynsdokument laget av handbok tilsyn, så den "
                           "overskrives ikke. Velg et nytt filnavn, eller flytt filen selv først.")


def require_outside_handbook(root: Path, target: Path, utdata: Utdata) -> None:
    """The plan and the handbook's own folders are never an output file, not even a new one."""
    where = target.resolve()
    if where == (root / PLAN).resolve():
        raise WriteRefused(f"{utdata.valg} peker på {PLAN}; tilsynsdokumentet skrives aldri over planen. Velg en "
                           f"annen fil, f.eks. {utdata.eksempel}.")
    for folder in _HANDBOOK_FOLDERS:
        if where.is_relative_to((root / folder).resolve()):
            raise WriteRefused(f"{utdata.valg} peker inn i {folder}/, der håndbokens egne filer ligger. Skriv "
                               f"tilsynsdokumentet et annet sted, f.eks. {utdata.eksempel}.")
