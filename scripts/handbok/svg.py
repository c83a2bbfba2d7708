"""SVG: the derived status -> a static stacked-bar chart per site, drawn at build time (no chart library, no JS)."""

from __future__ import annotations

from html import escape

from .model import Implementeringsstatus

from .status import Status, StedStatus

# Bar order: done first, so the share implemented reads from the left.
S = Implementeringsstatus
REKKEFOLGE = (S.EVALUERT, S.IMPLEMENTERT, S.MA_OPPDATERES, S.I_GANG, S.PLANLAGT, S.IKKE_STARTET)
# Fill and the text drawn on it; every pair has a contrast of at least 4.5:1.
FARGER = {
    "evaluert": ("#1b5e20", "#ffffff"),
    "implementert": ("#2e7d32", "#ffffff"),
    "ma-oppdateres": ("#b71c1c", "#ffffff"),
    "i-gang": ("#f9a825", "#000000"),
    "planlagt": ("#90caf9", "#000000"),
    "ikke-startet": ("#e0e0e0", "#000000"),
}
BREDDE = 400
BAR = 22
RAD = 52
MARG = 8
FONT = 'font-family="system-ui,-apple-system,Segoe UI,Roboto,sans-serif"'


def status_svg(status: Status) -> str:
    """One labelled bar per site plus a legend; the numbers are the same as in the status table."""
    rows = [_site_row(sted, MARG + index * RAD) for index, sted in enumerate(status.steder)]
    legend_top = MARG + len(status.steder) * RAD + 6
    legend = [_legend_item(name, index, legend_top) for index, name in enumerate(REKKEFOLGE)]
    height = legend_top + 3 * 22 + MARG
    title = f"Implementeringsstatus per tjenestested, {status.dato:%d.%m.%Y}"
    return "\n".join([
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {BREDDE} {height}" width="{BREDDE}" '
        f'height="{height}" role="img" aria-labelledby="tittel" {FONT} font-size="13">',
        f'<title id="tittel">{escape(title)}</title>',
        f'<rect width="{BREDDE}" height="{height}" fill="#ffffff"/>',
        *rows, *legend, "</svg>", "",
    ])


def _site_row(sted: StedStatus, top: int) -> str:
    label = (f"{sted.sted.navn}: {sted.antall_implementert} av {sted.antall_rutiner} implementert "
             f"({round(sted.andel_implementert * 100)} %)")
    parts = [f'<text x="{MARG}" y="{top + 13}" fill="#000000">{escape(label)}</text>']
    width = BREDDE - 2 * MARG
    parts.append(f'<rect x="{MARG}" y="{top + 20}" width="{width}" height="{BAR}" fill="#ffffff" stroke="#555555"/>')
    x = float(MARG)
    for name in REKKEFOLGE:
        count = sted.per_status.get(name, 0)
        if not count or not sted.antall_rutiner:
            continue
        w = width * count / sted.antall_rutiner
        fill, ink = FARGER[name]
        parts.append(f'<rect x="{x:.2f}" y="{top + 20}" width="{w:.2f}" height="{BAR}" fill="{fill}">'
                     f"<title>{escape(name.tekst)}: {count}</title></rect>")
        if w >= 18:  # a count only where it fits; the table has every number
            parts.append(f'<text x="{x + w / 2:.2f}" y="{top + 36}" fill="{ink}" text-anchor="middle">{count}</text>')
        x += w
    return "\n".join(parts)


def _legend_item(name: Implementeringsstatus, index: int, top: int) -> str:
    column, row = index % 2, index // 2
    x, y = MARG + column * (BREDDE // 2), top + row * 22
    fill, _ = FARGER[name]
    return (f'<rect x="{x}" y="{y}" width="14" height="14" fill="{fill}" stroke="#555555"/>'
            f'<text x="{x + 20}" y="{y + 12}" fill="#000000">{escape(name.tekst)}</text>')
