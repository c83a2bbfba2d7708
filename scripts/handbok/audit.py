"""Audit: status of one site -> one self-contained, printable HTML document for an inspection (tilsyn)."""

from __future__ import annotations

import subprocess
from dataclasses import dataclass
from html import escape
from pathlib import Path
from typing import Iterable

from .model import Evaluering, Handbok, Rutine
from .status import Celle, Status, StedStatus, snitt_per_sporsmal


@dataclass(frozen=True)
class Kilde:
    """Where the evidence comes from: the commit (None outside git) and whether files had local changes."""

    commit: str | None
    endret_lokalt: bool = False


def read_kilde(root: Path) -> Kilde:
    """The commit the evidence is produced from, and whether the handbook files differ from it."""
    def git(*args: str) -> str | None:
        try:
            done = subprocess.run(["git", *args], cwd=root, capture_output=True, text=True, check=True)
        except (OSError, subprocess.CalledProcessError):
            return None
        return done.stdout.strip()

    commit = git("rev-parse", "HEAD")
    dirty = git("status", "--porcelain", "--", "rutiner", "funksjonsbeskrivelser", "implementeringsplan.yaml")
    return Kilde(commit, bool(dirty))


_CSS = """
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1a1a1a;margin:2rem auto;
max-width:70rem;padding:0 1rem;line-height:1.45}
h1{font-size:1.6rem;margin-bottom:.2rem}h2{font-size:1.2rem;margin-top:2rem;border-bottom:2px solid #333}
table{border-collapse:collapse;width:100%;font-size:.9rem}th,td{border:1px solid #777;padding:.3rem .45rem;
vertical-align:top;text-align:left}thead th{background:#e8e8e8}caption{text-align:left;font-weight:600;
padding:.3rem 0}.meta{color:#333}.flag{font-weight:700}ul{margin:.2rem 0;padding-left:1.2rem}
.rull{overflow-x:auto}.rull:focus-visible{outline:3px solid #1a1a1a}
@media print{body{margin:0;max-width:none;font-size:10pt}.rull{overflow:visible}thead{display:table-header-group}
tr{break-inside:avoid}h2{break-after:avoid}}
@page{size:A4;margin:15mm}
"""


def audit_html(handbok: Handbok, status: Status, sted_id: str, kilde: Kilde) -> str:
    sted = status.sted(sted_id)
    title = f"Dokumentasjon for tilsyn – {sted.sted.navn}"
    parts = [
        f"<h1>{escape(title)}</h1>",
        _provenance(status, kilde),
        _summary(handbok, sted),
        _routine_table(handbok, sted),
        _evaluations(handbok, sted),
        _not_applicable(handbok, sted),
    ]
    return ("<!DOCTYPE html>\n<html lang=\"nb\">\n<head>\n<meta charset=\"utf-8\">\n"
            "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
            f"<title>{escape(title)}</title>\n<style>{_CSS}</style>\n</head>\n<body>\n<main>\n"
            + "\n".join(p for p in parts if p) + "\n</main>\n</body>\n</html>\n")


def _provenance(status: Status, kilde: Kilde) -> str:
    commit = escape(kilde.commit) if kilde.commit else "ukjent (ikke et git-repo)"
    local = " <strong>Obs: filene hadde lokale endringer som ikke var lagret i git.</strong>" if kilde.endret_lokalt else ""
    return (f"<p class=\"meta\">Laget {status.dato.isoformat()} fra git-commit <code>{commit}</code> av "
            f"rutinehåndboka. Statusen er beregnet per denne datoen.{local}</p>")


def _summary(handbok: Handbok, sted: StedStatus) -> str:
    items = [f"<li>{sted.antall_implementert} av {sted.antall_rutiner} gjeldende rutiner er implementert "
             f"({round(sted.andel_implementert * 100)} %).</li>"]
    for label, ids in (("Forsinket (fristen er passert)", sted.forsinket),
                       ("Må implementeres på nytt etter endring", sted.ma_oppdateres),
                       ("Implementert uten evaluering innen fristen", sted.mangler_evaluering)):
        names = ", ".join(escape(handbok.rutiner[i].tittel) for i in ids) or "ingen"
        items.append(f"<li><span class=\"flag\">{label}:</span> {names}</li>")
    return "<h2>Sammendrag</h2>\n<ul>\n" + "\n".join(items) + "\n</ul>"


def _routine_table(handbok: Handbok, sted: StedStatus) -> str:
    head = ("Rutine", "Gjeldende versjon", "Godkjent", "Status", "Implementert", "Hvordan", "Evalueringer",
            "Merknad")
    rows = [_routine_row(handbok.rutiner[c.rutine], c) for c in sted.celler if c.gjelder]
    caption = "Hver gjeldende rutine: versjon, godkjenning, status og evalueringer"
    return ("<h2>Rutiner som gjelder for tjenestestedet</h2>\n" + _scroll(caption, "<table>\n"
            f"<caption>{caption}</caption>\n"
            "<thead><tr>" + "".join(f"<th scope=\"col\">{h}</th>" for h in head) + "</tr></thead>\n<tbody>\n"
            + "\n".join(rows) + "\n</tbody>\n</table>"))


def _scroll(label: str, table: str) -> str:
    """A wide table scrolls inside its own box on a phone, reachable by keyboard; paper shows it all."""
    return f'<div class="rull" role="region" aria-label="{escape(label)}" tabindex="0">\n{table}\n</div>'


def _routine_row(rutine: Rutine, cell: Celle) -> str:
    record = cell.registrering
    approved = f"{escape(rutine.godkjent_av)}, {rutine.godkjent_dato.isoformat() if rutine.godkjent_dato else '–'}"
    implemented = "–"
    if record and record.versjon:
        implemented = f"versjon {escape(str(record.versjon))}"
        implemented += f", {record.dato.isoformat()}" if record.dato else ""
    notes = []
    if cell.forsinket and cell.fase:
        notes.append(f"Forsinket: frist {cell.fase.frist.isoformat()} ({escape(cell.fase.navn)})")
    if cell.status == "ma-oppdateres":
        changes = "".join(f"<li>{e.versjon} ({e.dato.isoformat()}): {escape(e.endring)}</li>"
                          for e in cell.endringer)
        notes.append(f"Endret siden implementert versjon:<ul>{changes}</ul>")
    if cell.mangler_evaluering:
        notes.append("Ikke evaluert innen fristen")
    cells = [
        f"<th scope=\"row\">{escape(rutine.tittel)}</th>", str(rutine.versjon), approved,
        cell.status.tekst, implemented, escape(record.hvordan) if record else "",
        _evaluation_list(record.evalueringer if record else ()), "<br>".join(notes),
    ]
    return "<tr>" + "".join(c if c.startswith("<th") else f"<td>{c}</td>" for c in cells) + "</tr>"


def _evaluation_list(evalueringer: Iterable[Evaluering]) -> str:
    items = []
    for e in evalueringer:
        scores = ", ".join(f"{escape(q)} {p}" for q, p in e.svar.items())
        remark = f" – {escape(e.merknad)}" if e.merknad else ""
        items.append(f"<li>{e.dato.isoformat()}: {scores}{remark}</li>")
    return f"<ul>{''.join(items)}</ul>" if items else "–"


def _evaluations(handbok: Handbok, sted: StedStatus) -> str:
    evaluations = [e for c in sted.celler if c.gjelder and c.registrering for e in c.registrering.evalueringer]
    if not evaluations:
        return "<h2>Evalueringer</h2>\n<p>Ingen evalueringer er registrert.</p>"
    averages = snitt_per_sporsmal(evaluations)
    rows = "".join(f"<tr><th scope=\"row\">{escape(q.tekst)}</th><td>{averages[q.id]:.1f}</td></tr>"
                   for q in handbok.plan.skjema.sporsmal if q.id in averages)
    skala = f"{handbok.plan.skjema.min}–{handbok.plan.skjema.maks}"
    return (f"<h2>Evalueringer</h2>\n<p>{len(evaluations)} evalueringer med det felles skjemaet (skala {skala}).</p>\n"
            "<table>\n<caption>Gjennomsnitt per spørsmål</caption>\n<thead><tr><th scope=\"col\">Spørsmål</th>"
            f"<th scope=\"col\">Snitt</th></tr></thead>\n<tbody>{rows}</tbody>\n</table>")


def _not_applicable(handbok: Handbok, sted: StedStatus) -> str:
    items = []
    for cell in sted.celler:
        if cell.status == "ikke-aktuelt" and cell.registrering:
            items.append(f"<li>{escape(handbok.rutiner[cell.rutine].tittel)}: ikke aktuelt – "
                         f"{escape(cell.registrering.begrunnelse)}</li>")
        elif cell.status == "gjelder-ikke":
            items.append(f"<li>{escape(handbok.rutiner[cell.rutine].tittel)}: gjelder ikke for dette "
                         "tjenestestedet</li>")
    if not items:
        return ""
    return "<h2>Rutiner som ikke gjelder her</h2>\n<ul>\n" + "\n".join(items) + "\n</ul>"
