"""Status report: the derived status -> a terminal table for people (JSON/CSV live in status)."""

from __future__ import annotations

from typing import Sequence

from ..checks.privacy import skjul_personnummer
from ..core.formatting import dato, desimal, prosent, tittelorden
from ..core.model import Handbok, Implementeringsstatus, Tiltak, Tiltaksstatus
from ..core.status import Celle, Status, StedStatus, snitt_per_sporsmal


def status_table(status: Status, handbok: Handbok) -> str:
    header = ("Tjenestested", "Gjelder", "Implementert", "Andel", "Forsinket", "Må oppdateres", "Ikke startet",
              "Uten evaluering", "Åpne tiltak", "Forfalte tiltak")
    rows = [(s.sted.navn, str(s.antall_rutiner), str(s.antall_implementert), _percent(s.andel_implementert),
             str(len(s.forsinket)), str(len(s.ma_oppdateres)), str(s.per_status[Implementeringsstatus.IKKE_STARTET]),
             str(len(s.mangler_evaluering)), str(s.antall_tiltak(Tiltaksstatus.APEN)),
             str(s.antall_tiltak(Tiltaksstatus.FORFALT)))
            for s in status.steder]
    lines = [f"Implementeringsstatus per {dato(status.dato)}", "", *_table(header, rows)]
    for heading, per_site in (("Forsinket (fristen er passert)", lambda s: s.forsinket),
                              ("Lav evaluering uten tiltak", lambda s: s.lav_evaluering_uten_tiltak)):
        found = [f"  {s.sted.navn}: {title}" for s in status.steder for title in _titles(handbok, per_site(s))]
        if found:
            lines += ["", f"{heading}:", *found]
    again = [f"  {s.sted.navn}: {_title(handbok, c.dokument)} (innen {dato(c.frist)})"
             for s in status.steder for c in _by_title(handbok, s.reimplementeringer)]
    if again:
        lines += ["", "Må implementere ny versjon (MAJOR-endring), med fristen:", *again]
    if status.funksjoner:
        lines += ["", "Funksjonsbeskrivelser i planen (implementert / gjelder):"]
        lines += [f"  {s.sted.navn}: {sum(n for k, n in s.funksjoner_per_status.items() if k.ferdig)} av "
                  f"{s.antall_funksjonsbeskrivelser}" for s in status.steder]
    due = [f"  {s.sted.navn}: {_title(handbok, c.dokument)} (skulle vært evaluert innen {dato(c.neste_evaluering)})"
           for s in status.steder for c in _by_title(handbok, s.neste_evalueringer) if c.mangler_evaluering]
    if due:
        lines += ["", "Evaluering forfalt (neste evalueringspunkt er passert):", *due]
    overdue = [f"  {s.sted.navn}: {_title(handbok, c.dokument)}: {_tiltak_text(handbok, t)}"
               for s in status.steder for c in _by_title(handbok, (*s.celler, *s.funksjonsceller))
               for t in c.tiltak_med(Tiltaksstatus.FORFALT)]
    if overdue:
        lines += ["", "Forfalte tiltak (fristen er passert):", *overdue]
    return "\n".join(lines) + "\n"


def _title(handbok: Handbok, dokument_id: str) -> str:
    """A routine's or a role description's title (cells of both are listed)."""
    dokument = handbok.dokument(dokument_id)
    return dokument.tittel if dokument else dokument_id


def _titles(handbok: Handbok, ids: Sequence[str]) -> list[str]:
    return sorted((_title(handbok, i) for i in ids), key=tittelorden)


def _by_title(handbok: Handbok, cells: Sequence[Celle]) -> list[Celle]:
    return sorted(cells, key=lambda c: tittelorden(_title(handbok, c.dokument)))


def _tiltak_text(handbok: Handbok, tiltak: Tiltak) -> str:
    return f"{skjul_personnummer(tiltak.beskrivelse).rstrip('.')} (ansvarlig: {handbok.rolle_tittel(tiltak.ansvarlig)}, frist {dato(tiltak.frist)})"


def _followup_lines(handbok: Handbok, cells: Sequence[Celle]) -> list[str]:
    """Per document with a tiltak or a low evaluation: evaluate → correct, as of the status date."""
    lines: list[str] = []
    for cell in _by_title(handbok, [c for c in cells if c.tiltak or c.lav_evaluering]):
        lines.append(f"  {_title(handbok, cell.dokument)}:")
        if cell.lav_evaluering:
            lines.append(f"    Evaluert {dato(cell.lav_evaluering.dato)} med svar under "
                         f"{handbok.plan.skjema.tiltak_under}, men uten tiltak.")
        for tiltak, state in cell.tiltak:
            done = f" Lukket {dato(tiltak.lukket)}: {skjul_personnummer(tiltak.resultat)}" if state is Tiltaksstatus.LUKKET else ""
            lines.append(f"    {state.tekst}: {_tiltak_text(handbok, tiltak)}.{done}")
    return ["", "Tiltak (evaluere → korrigere):", *lines] if lines else []


def site_table(status: Status, sted: StedStatus, handbok: Handbok) -> str:
    lines = [f"{sted.sted.navn} per {dato(status.dato)}: {sted.antall_implementert} av {sted.antall_rutiner} "
             f"rutiner implementert ({_percent(sted.andel_implementert)})", ""]
    header = ("Rutine", "Status", "Versjon", "Gjeldende", "Frist", "Merknad")
    rows = []
    for cell in sorted(sted.celler, key=lambda c: tittelorden(handbok.rutiner[c.dokument].tittel)):
        rutine = handbok.rutiner[cell.dokument]
        record = cell.registrering
        notes = [text for flag, text in ((cell.forsinket, "forsinket"),
                                         (cell.mangler_evaluering, "mangler evaluering")) if flag]
        if cell.status is Implementeringsstatus.IKKE_AKTUELT and record is not None:
            notes.append(skjul_personnummer(record.begrunnelse))
        if cell.reimplementering and not cell.status.ferdig:
            notes.append("frist for ny versjon")
        rows.append((rutine.tittel, cell.status.tekst, str(record.versjon or "–") if record else "–",
                     str(rutine.versjon), dato(cell.frist), ", ".join(notes)))
    lines += _table(header, rows)
    if sted.funksjonsceller:
        lines += ["", "Funksjonsbeskrivelser", ""]
        lines += _table(("Funksjonsbeskrivelse", "Status", "Versjon", "Gjeldende", "Neste evaluering"),
                        [_role_row(c, handbok) for c in sted.funksjonsceller])
    stale = [c for c in sted.celler if c.status is Implementeringsstatus.MA_OPPDATERES]
    for cell in stale:
        innen = f", implementeres innen {dato(cell.frist)}" if cell.frist else ""
        lines += ["", f"Må oppdateres: {handbok.rutiner[cell.dokument].tittel} (endret siden versjon "
                  f"{cell.registrering.versjon if cell.registrering else '?'}{innen}):"]
        lines += [f"  {e.versjon} ({dato(e.dato)}): {e.endring}" for e in cell.endringer]
    lines += _followup_lines(handbok, (*sted.celler, *sted.funksjonsceller))
    evaluations = [e for _, e in sted.evalueringer]
    if evaluations:
        averages = snitt_per_sporsmal(evaluations)
        lines += ["", f"Evalueringer ({len(evaluations)}), snitt per spørsmål "
                  f"(skala {handbok.plan.skjema.min}–{handbok.plan.skjema.maks}):"]
        lines += [f"  {desimal(averages[q.id])}  {q.tekst}" for q in handbok.plan.skjema.sporsmal if q.id in averages]
    return "\n".join(lines) + "\n"


def _role_row(cell: Celle, handbok: Handbok) -> tuple[str, ...]:
    funksjon = handbok.funksjoner[cell.dokument]
    record = cell.registrering
    due = dato(cell.neste_evaluering) + (" (forfalt)" if cell.mangler_evaluering else "") if cell.neste_evaluering else "–"
    return (funksjon.tittel, cell.status.tekst, str(record.versjon or "–") if record else "–", str(funksjon.versjon),
            due)


def _percent(share: float) -> str:
    """A plain space before «%»: a terminal may show a no-break space oddly."""
    return prosent(share, " ")


def _table(header: tuple[str, ...], rows: Sequence[tuple[str, ...]]) -> list[str]:
    widths = [max(len(row[i]) for row in (header, *rows)) for i in range(len(header))]

    def fmt(row: tuple[str, ...]) -> str:
        cells = [row[0].ljust(widths[0])] + [c.rjust(w) if c[:1].isdigit() or c == "–" else c.ljust(w)
                                             for c, w in zip(row[1:], widths[1:])]
        return "  ".join(cells).rstrip()

    return [fmt(header), "  ".join("-" * w for w in widths), *(fmt(r) for r in rows)]
