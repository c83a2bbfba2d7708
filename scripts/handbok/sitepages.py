"""Site and status pages: the derived status -> one page per site and the overview with matrix, chart and CSV.

Every number comes from `status.beregn_status` (the same object `handbok status` prints), so the
site, the terminal and the CSV cannot disagree.
"""

from __future__ import annotations

from .markup import Kolonne, a, dato, esc, front_matter, liste, md_text, prosent, status_merke, tabell
from .model import Evaluering, Handbok, Rutine
from .pageparts import audit_path, diff_path, eldre_versjon, routine_path, site_path
from .routinepage import cell_status, versjon_celle
from .model import Implementeringsstatus
from .status import Celle, Status, StedStatus, snitt_per_sporsmal, status_csv
from .svg import status_svg

STATUS = "status/index.md"
CSV = "status/status.csv"
SVG = "status/status.svg"


def status_files(status: Status) -> dict[str, str | bytes]:
    """The CSV download (the `handbok status --format csv` text, byte for byte) and the chart."""
    return {CSV: status_csv(status).encode("utf-8"), SVG: status_svg(status)}


# --- one site -------------------------------------------------------------------------------------

def site_page(handbok: Handbok, status: Status, sted: StedStatus) -> str:
    page = site_path(sted.sted.id)
    titles = {r.rutine.id: r.rutine for r in status.rutiner}
    text = [front_matter(sted.sted.navn, search=False), f"# {md_text(sted.sted.navn)}", "",
            f'<p class="handbok-ingress"><strong>{sted.antall_implementert} av {sted.antall_rutiner}</strong> '
            f"rutiner som gjelder her er implementert ({prosent(sted.andel_implementert)}). "
            f"Beregnet {dato(status.dato)}.</p>", "",
            f'<p>{a(page, audit_path(sted.sted.id), "Dokumentasjon for tilsyn")}: alle rutinene som gjelder her, '
            "med versjon, godkjenning, implementering og evalueringer, på én utskrivbar side.</p>", ""]
    late = [c for c in sted.celler if c.forsinket]
    rows = [[a(page, routine_path(titles[c.rutine]), titles[c.rutine].tittel), cell_status(c),
             esc(c.fase.navn) if c.fase else "–", dato(c.fase.frist) if c.fase else "–"] for c in late]
    text += ["## Forsinket", "", tabell("Rutiner der fristen er passert", [Kolonne("Rutine"), Kolonne("Status"),
                                        Kolonne("Fase"), Kolonne("Frist")], rows)
             if rows else "<p>Ingen rutiner er forsinket.</p>", ""]
    text += ["## Må implementeres på nytt", "", _stale(page, sted, titles), ""]
    missing = [a(page, routine_path(titles[c.rutine]), titles[c.rutine].tittel) for c in sted.celler
               if c.mangler_evaluering]
    if missing:
        text += ["## Mangler evaluering", "",
                 f"<p>Implementert for mer enn {handbok.plan.evaluering_innen_dager} dager siden, "
                 "men ikke evaluert:</p>", liste(missing), ""]
    text += ["## Alle rutiner", "", _all_routines(page, sted, titles), ""]
    text += ["## Evalueringer", "", _evaluations(handbok, page, sted, titles), ""]
    not_applicable = [f"{a(page, routine_path(titles[c.rutine]), titles[c.rutine].tittel)}: "
                      f"{esc(c.registrering.begrunnelse if c.registrering else '')}"
                      for c in sted.celler if c.status == "ikke-aktuelt"]
    if not_applicable:
        text += ["## Ikke aktuelt her", "", liste(not_applicable), ""]
    return "\n".join(text).rstrip("\n") + "\n"


def _stale(page: str, sted: StedStatus, titles: dict[str, Rutine]) -> str:
    """For each routine implemented at an older MAJOR version: what changed since that version."""
    parts = []
    for cell in sted.celler:
        if cell.status != "ma-oppdateres":
            continue
        rutine = titles[cell.rutine]
        recorded = cell.registrering.versjon if cell.registrering else None
        older = eldre_versjon(cell, rutine)
        changes = liste(f"Versjon {esc(e.versjon)} ({dato(e.dato)}): {esc(e.endring)}" for e in cell.endringer)
        compare = a(page, diff_path(rutine, older), "Hva er endret siden vi implementerte?") if older else ""
        parts.append(f"<h3>{esc(rutine.tittel)}</h3>\n<p>Implementert versjon {esc(recorded or '?')}, gjeldende er "
                     f"{esc(rutine.versjon)}. {a(page, routine_path(rutine), 'Les rutinen')}. "
                     f"Endret siden da:</p>\n{changes}\n<p>{compare}</p>")
    return "\n".join(parts) if parts else "<p>Ingen rutiner må implementeres på nytt.</p>"


def _all_routines(page: str, sted: StedStatus, titles: dict[str, Rutine]) -> str:
    rows = []
    for c in sted.celler:
        rutine = titles[c.rutine]
        record = c.registrering
        rows.append([a(page, routine_path(rutine), rutine.tittel), cell_status(c),
                     versjon_celle(page, c, rutine), dato(record.dato) if record else "–",
                     dato(c.fase.frist) if c.fase else "–",
                     esc(record.begrunnelse if c.status == "ikke-aktuelt" else record.hvordan) if record else ""])
    return tabell(f"Status for hver rutine ved {sted.sted.navn}",
                  [Kolonne("Rutine", True), Kolonne("Status", True), Kolonne("Versjon"), Kolonne("Dato", True),
                   Kolonne("Frist", True), Kolonne("Hvordan")], rows)


def _evaluations(handbok: Handbok, page: str, sted: StedStatus, titles: dict[str, Rutine]) -> str:
    # The same selection as `handbok status --tjenestested` (statusreport.site_table).
    found: list[tuple[str, Evaluering]] = [(c.rutine, e) for c in sted.celler if c.gjelder and c.registrering
                                           for e in c.registrering.evalueringer]
    if not found:
        return "<p>Ingen evalueringer er registrert.</p>"
    skjema = handbok.plan.skjema
    averages = snitt_per_sporsmal(e for _, e in found)
    avg_rows = [[esc(q.tekst), f"{averages[q.id]:.1f}".replace(".", ",")] for q in skjema.sporsmal if q.id in averages]
    questions = {q.id: q.tekst for q in skjema.sporsmal}
    rows = [[dato(e.dato), a(page, routine_path(titles[r]), titles[r].tittel),
             "<br>".join(f"{v} av {skjema.maks}: {esc(questions.get(k, k))}" for k, v in e.svar.items()),
             esc(e.merknad)]
            for r, e in sorted(found, key=lambda pair: pair[1].dato, reverse=True)]
    return "\n\n".join([
        f"<p>{len(found)} {'evaluering' if len(found) == 1 else 'evalueringer'} med det felles skjemaet (skala {skjema.min}–{skjema.maks}).</p>",
        tabell("Snitt per spørsmål", [Kolonne("Spørsmål"), Kolonne("Snitt")], avg_rows),
        tabell("Alle evalueringer, nyeste først", [Kolonne("Dato"), Kolonne("Rutine"), Kolonne("Svar"),
                                                   Kolonne("Merknad")], rows, rad_overskrift=False),
    ])


# --- overview -------------------------------------------------------------------------------------

def status_page(status: Status) -> str:
    page = STATUS
    return "\n".join([
        front_matter("Implementeringsstatus", search=False), "# Implementeringsstatus", "",
        f"<p>Beregnet {dato(status.dato)}. Tallene er de samme som <code>handbok status</code> viser. "
        f'{a(page, CSV, "Last ned tallene som CSV")} (for regneark).</p>', "",
        f'<p><img class="handbok-diagram" src="status.svg" alt="Stolpediagram over status per tjenestested. '
        f'De samme tallene står i tabellen under." width="400"></p>', "",
        "## Per tjenestested", "", _per_site(page, status), "",
        "## Rutiner og tjenestesteder", "",
        "<p>Hver celle viser statusen med ord. «Forsinket» betyr at fristen i planen er passert.</p>", "",
        _matrix(page, status), "",
    ]) + "\n"


def _per_site(page: str, status: Status) -> str:
    columns = [Kolonne("Tjenestested", True), Kolonne("Rutiner som gjelder", True),
               Kolonne("Andel implementert", True), *(Kolonne(s.tekst, True) for s in Implementeringsstatus.effektive()),
               Kolonne("Forsinket", True)]
    rows = [[a(page, site_path(s.sted.id), s.sted.navn), str(s.antall_rutiner), prosent(s.andel_implementert),
             *(str(s.per_status[k]) for k in Implementeringsstatus.effektive()), str(len(s.forsinket))] for s in status.steder]
    return tabell("Status per tjenestested (andel implementert teller implementert og evaluert)", columns, rows,
                  klasse="handbok-tall")


def _matrix(page: str, status: Status) -> str:
    """Routines down, sites across: there are many routines and few sites, and phones are narrow."""
    columns = [Kolonne("Rutine", True), *(Kolonne(s.sted.navn, True) for s in status.steder),
               Kolonne("Implementert", True)]
    rows = []
    for rs in status.rutiner:
        done = sum(n for s, n in rs.per_status.items() if s.ferdig)
        by_site = {c.sted: c for c in rs.celler}  # not status.celle(): that scans, and this is a big loop
        cells = [_matrix_cell(by_site[s.sted.id]) for s in status.steder]
        rows.append([a(page, routine_path(rs.rutine), rs.rutine.tittel), *cells, f"{done} av {rs.antall_steder}"])
    total = ["Andel implementert", *(prosent(s.andel_implementert) for s in status.steder), ""]
    table = tabell("Status for hver rutine på hvert tjenestested", columns, rows, klasse="handbok-matrise")
    foot = "<tfoot><tr>" + f'<th scope="row">{total[0]}</th>' + "".join(f"<td>{c}</td>" for c in total[1:]) + \
        "</tr></tfoot>"
    return table.replace("</tbody>\n</table>", f"</tbody>\n{foot}\n</table>", 1)


def _matrix_cell(celle: Celle) -> str:
    late = ' <strong class="handbok-flagg">Forsinket</strong>' if celle.forsinket else ""
    return status_merke(celle.status, celle.status.tekst) + late
