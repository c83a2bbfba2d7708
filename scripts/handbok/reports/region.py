"""Region: several handbook folders -> one overview, municipality × routine or guideline, with each one's
status across its tjenestesteder, late and to-be-re-implemented counts (text, CSV, JSON, HTML).

Each handbook is read, checked and derived as `handbok status` does it, except that the published texts
are not rendered and checked (that is each handbook's own `handbok sjekk`); a handbook that cannot be
read is reported as such and the others are still shown. Since its texts are not checked, every text
the overview takes from a handbook (names, titles, ids, the first error) has its personal identifiers
masked as it is read: what that handbook's own check refuses never reaches the overview unmasked.
"""

from __future__ import annotations

import csv
import dataclasses
import io
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Sequence

from ..checks.privacy import skjul_personnummer
from ..checks.run import check_repository
from ..core.errors import Stop
from ..core.findings import Finding
from ..core.model import Implementeringsstatus, Innstillinger
from ..core.status import RutineStatus, Status
from ..source.cache import Cache
from ..source.git import GitError
from ..source.loading import SETTINGS, is_handbook
from .templates import render

S = Implementeringsstatus
# The least advanced status among a municipality's sites sums it up: done when every site is done.
REKKEFOLGE = (S.IKKE_STARTET, S.PLANLAGT, S.I_GANG, S.MA_OPPDATERES, S.IMPLEMENTERT, S.EVALUERT)


@dataclass(frozen=True)
class Kommune:
    """One handbook: its name, folder, and what it says (or why it could not be read)."""

    navn: str
    mappe: str
    status: Status | None
    antall_feil: int = 0
    problem: str = ""


@dataclass(frozen=True)
class Rad:
    """One routine or guideline in one municipality."""

    kommune: str
    id: str
    tittel: str
    retningslinje: bool
    versjon: str
    status: Implementeringsstatus | None  # None: it applies to no site there
    antall_steder: int
    implementert: int
    forsinket: int
    ma_oppdateres: int


@dataclass(frozen=True)
class Region:
    dato: date
    kommuner: tuple[Kommune, ...]
    rader: tuple[Rad, ...]

    @property
    def dokumenter(self) -> list[tuple[str, str, bool]]:
        """(id, title, guideline) of every document in any municipality: guidelines first, then by id."""
        seen: dict[str, tuple[str, str, bool]] = {}
        for rad in self.rader:
            seen.setdefault(rad.id, (rad.id, rad.tittel, rad.retningslinje))
        return sorted(seen.values(), key=lambda d: (not d[2], d[0]))

    def rad(self, kommune: str, dokument: str) -> Rad | None:
        return next((r for r in self.rader if r.kommune == kommune and r.id == dokument), None)


def les_region(mapper: Sequence[Path], today: date) -> Region:
    kommuner = _unique([_kommune(Path(m), today) for m in mapper])
    rader = tuple(rad for k in kommuner if k.status for rs in k.status.rutiner for rad in [_row(k.navn, rs)])
    return Region(today, tuple(kommuner), rader)


def _kommune(mappe: Path, today: date) -> Kommune:
    if not mappe.is_dir() or not is_handbook(mappe):
        return Kommune(skjul_personnummer(mappe.name), skjul_personnummer(str(mappe)), None,
                       problem="er ikke en håndbok (mangler rutiner/, funksjonsbeskrivelser/ og implementeringsplan.yaml)")
    try:
        result = check_repository(mappe.resolve(), today, Cache(None), tekster=False)
    except (OSError, Stop, GitError) as error:
        return Kommune(skjul_personnummer(mappe.name), skjul_personnummer(str(mappe)), None,
                       problem=skjul_personnummer(f"kunne ikke leses ({error})"))
    navn = skjul_personnummer(_name(result.handbok.innstillinger, mappe))
    return Kommune(navn, skjul_personnummer(str(mappe)), result.status, result.antall_feil,
                   skjul_personnummer(_problem(result.findings, result.antall_feil)))


def _unique(kommuner: list[Kommune]) -> list[Kommune]:
    """Two handbooks with the same name are told apart by their folders."""
    names = [k.navn for k in kommuner]
    return [dataclasses.replace(k, navn=f"{k.navn} ({k.mappe})") if names.count(k.navn) > 1 else k for k in kommuner]


def _name(innstillinger: Innstillinger, mappe: Path) -> str:
    """The handbook's own name when handbok.yaml gives one, else its folder's."""
    has_own = (mappe / SETTINGS).is_file() and innstillinger.navn != Innstillinger.navn
    return innstillinger.navn if has_own else mappe.resolve().name


def _problem(findings: list[Finding], antall_feil: int) -> str:
    if not antall_feil:
        return ""
    first = next(f for f in findings if f.alvor == "feil")
    return (f"{antall_feil} feil (første: {first.fil}: {first.melding}) – tallene gjelder det som kunne leses; "
            "kjør «handbok sjekk» i håndboka")


def _row(kommune: str, rs: RutineStatus) -> Rad:
    cells = [c for c in rs.celler if c.gjelder]
    status = min((c.status for c in cells), key=REKKEFOLGE.index, default=None)
    return Rad(kommune, skjul_personnummer(rs.rutine.id), skjul_personnummer(rs.rutine.tittel), rs.rutine.retningslinje,
               str(rs.rutine.versjon), status,
               len(cells), sum(c.status.ferdig for c in cells), sum(c.forsinket for c in cells),
               sum(c.status is S.MA_OPPDATERES for c in cells))


def region_json(region: Region) -> dict[str, object]:
    return {
        "dato": region.dato.isoformat(),
        "kommuner": [{"navn": k.navn, "mappe": k.mappe, "antall_feil": k.antall_feil, "problem": k.problem or None,
                      "antall_tjenestesteder": len(k.status.steder) if k.status else 0} for k in region.kommuner],
        "dokumenter": [{"id": i, "tittel": t, "type": "retningslinje" if g else "rutine"} for i, t, g in region.dokumenter],
        "rader": [{"kommune": r.kommune, "dokument": r.id, "type": "retningslinje" if r.retningslinje else "rutine",
                   "versjon": r.versjon, "status": str(r.status) if r.status else None, "antall_steder": r.antall_steder,
                   "implementert": r.implementert, "forsinket": r.forsinket, "ma_oppdateres": r.ma_oppdateres}
                  for r in region.rader],
    }


def region_csv(region: Region) -> str:
    """One row per municipality × document (BOM and ; for Excel; the date is ISO 8601, ÅÅÅÅ-MM-DD)."""
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(["dato (ÅÅÅÅ-MM-DD)", "kommune", "dokument", "type", "versjon", "status", "antall_steder",
                     "implementert", "forsinket", "ma_oppdateres"])
    for r in region.rader:
        writer.writerow([region.dato.isoformat(), _cell(r.kommune), r.id, "retningslinje" if r.retningslinje else "rutine",
                         r.versjon, str(r.status) if r.status else "gjelder-ikke", r.antall_steder, r.implementert,
                         r.forsinket, r.ma_oppdateres])
    return out.getvalue()


def _cell(text: str) -> str:
    """A text cell a spreadsheet will not run as a formula (OWASP's advice)."""
    return "'" + text if text.startswith(("=", "+", "-", "@", "\t", "\r")) else text


def region_text(region: Region) -> str:
    lines = [f"Regional oversikt per {region.dato.isoformat()}: {len(region.kommuner)} håndbøker, "
             f"{len(region.dokumenter)} rutiner og retningslinjer."]
    for k in region.kommuner:
        if k.status is None:
            lines.append(f"  {k.navn}: {k.problem}.")
            continue
        rows = [r for r in region.rader if r.kommune == k.navn]
        done = sum(r.status is not None and r.status.ferdig for r in rows)
        late = sum(r.forsinket > 0 for r in rows)
        redo = sum(r.ma_oppdateres > 0 for r in rows)
        lines.append(f"  {k.navn}: {done} av {len(rows)} implementert ved alle tjenestesteder, {late} forsinket, "
                     f"{redo} må oppdateres." + (f" Obs: {k.problem}." if k.problem else ""))
    return "\n".join(lines) + "\n"


def region_html(region: Region) -> str:
    return render("region.html", region=region, S=S)
