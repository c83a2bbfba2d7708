"""Routine page: one routine -> metadata panel, Ansvar, the text, Implementering, Endringslogg, history."""

from __future__ import annotations

from datetime import date

from .history import Historikk
from .markup import Kolonne, a, dato, esc, front_matter, md_text, merknad, status_merke, tabell
from .model import Handbok, Rutine
from .pageparts import (author_text, diff_path, eldre_versjon, git_text, rolle_lenke,
                        routine_path, shallow_warning, site_path)
from .status import Celle, Status

HISTORIKK_ANTALL = 20


def routine_page(handbok: Handbok, status: Status, historikk: Historikk, rutine: Rutine, today: date) -> str:
    page = routine_path(rutine)
    # Drafts and archived routines stay findable, but rank below the routines in force.
    boost = None if rutine.gjeldende else 0.5
    text = [front_matter(rutine.tittel, boost=boost), f"# {md_text(rutine.tittel)}", ""]
    notice = _lifecycle_notice(handbok, page, rutine)
    if notice:
        text += [notice, ""]
    if rutine.sammendrag:
        text += [f'<p class="handbok-ingress">{esc(rutine.sammendrag)}</p>', ""]
    text += [metadata_panel(handbok, page, rutine, today), "", "## Ansvar", "", _ansvar(handbok, page, rutine), ""]
    body = author_text(rutine.tekst)
    if body:
        text += [body, ""]
    if rutine.gjeldende:
        text += ["## Implementering", "", implementation(status, page, rutine), ""]
    text += ["## Endringslogg", "", _change_log(rutine), ""]
    if historikk.tilgjengelig:
        text += ["## Endringshistorikk", "", _history(historikk, rutine), ""]
    return "\n".join(text).rstrip("\n") + "\n"


def _lifecycle_notice(handbok: Handbok, page: str, rutine: Rutine) -> str:
    if rutine.dokumentstatus in ("utkast", "hoering"):
        what = "et utkast" if rutine.dokumentstatus == "utkast" else "på høring"
        return merknad("warning", "Ikke gjeldende",
                       f"Denne rutinen er {what} og gjelder ikke ennå. Følg gjeldende rutiner til den er godkjent.")
    if rutine.dokumentstatus == "utgaatt":
        new = handbok.rutiner.get(rutine.erstattet_av or "")
        where = f" Bruk {a(page, routine_path(new), new.tittel)} i stedet." if new else ""
        return merknad("danger", "Utgått – ikke gjeldende", f"Denne rutinen gjelder ikke lenger.{where}")
    return ""


def metadata_panel(handbok: Handbok, page: str, rutine: Rutine, today: date) -> str:
    """The facts a reader (and an inspector) checks first; printed with the routine."""
    rows = [
        ("Versjon", esc(rutine.versjon)),
        ("Dokumentstatus", esc(rutine.dokumentstatus.tekst)),
        ("Eier", rolle_lenke(handbok, page, rutine.eier)),
        ("Godkjent av", esc(rutine.godkjent_av) + (f", {dato(rutine.godkjent_dato)}" if rutine.godkjent_dato else "")),
        ("Revideres innen", _review(rutine, today)),
        ("Gjelder for", _applies_to(handbok, page, rutine)),
    ]
    if rutine.kategorier:
        rows.append(("Kategorier", esc(", ".join(rutine.kategorier))))
    if rutine.hjemmel:
        rows.append(("Hjemmel", "<br>".join(esc(h) for h in rutine.hjemmel)))
    items = "\n".join(f"<div><dt>{name}</dt><dd>{value}</dd></div>" for name, value in rows)
    return f'<dl class="handbok-metadata" aria-label="Om rutinen">\n{items}\n</dl>'


def _review(rutine: Rutine, today: date) -> str:
    if rutine.revideres_innen is None:
        return "–"
    if rutine.revideres_innen < today:
        return f'{dato(rutine.revideres_innen)} <strong class="handbok-flagg">Fristen er passert</strong>'
    return dato(rutine.revideres_innen)


def _applies_to(handbok: Handbok, page: str, rutine: Rutine) -> str:
    if "alle" in rutine.gjelder_for:
        return "Alle tjenestesteder"
    names = []
    for sted_id in rutine.gjelder_for:
        sted = handbok.plan.sted(sted_id)
        names.append(a(page, site_path(sted_id), sted.navn) if sted else esc(sted_id))
    return ", ".join(names)


def _ansvar(handbok: Handbok, page: str, rutine: Rutine) -> str:
    rows = [[rolle_lenke(handbok, page, rolle), esc(text)] for rolle, text in rutine.ansvar.items()]
    return tabell("Hvem har ansvar for hva", [Kolonne("Rolle"), Kolonne("Ansvar")], rows)


def implementation(status: Status, page: str, rutine: Rutine) -> str:
    """Each site's effective status, exactly as `handbok status` computes it."""
    cells = status.rutine(rutine.id).celler
    names = {s.sted.id: s.sted.navn for s in status.steder}
    rows = [[a(page, site_path(c.sted), names[c.sted]), cell_status(c), versjon_celle(page, c, rutine),
             dato(c.registrering.dato) if c.registrering else "–", _how(c)] for c in cells]
    phase = next((c.fase for c in cells if c.fase), None)
    intro = (f"<p>Med i {esc(phase.navn)}, frist {dato(phase.frist)}.</p>\n" if phase else "")
    if not rows:
        return intro + "<p>Ingen tjenestesteder er registrert.</p>"
    return intro + tabell("Status per tjenestested", [Kolonne("Tjenestested"), Kolonne("Status"),
                                                     Kolonne("Versjon"), Kolonne("Dato"), Kolonne("Hvordan")], rows)


def cell_status(celle: Celle) -> str:
    """The label, plus the derived flags in words: colour is never the only signal."""
    flags = [text for on, text in ((celle.forsinket, "Forsinket"), (celle.mangler_evaluering, "Mangler evaluering"))
             if on]
    extra = "".join(f' <strong class="handbok-flagg">{esc(f)}</strong>' for f in flags)
    return status_merke(celle.status, celle.status.tekst) + extra


def versjon_celle(page: str, celle: Celle, rutine: Rutine) -> str:
    """The recorded version; an older one links to what has changed since (diffpages)."""
    older = eldre_versjon(celle, rutine)
    if older:
        return f"{esc(older)} (gjeldende: {esc(rutine.versjon)})<br>{a(page, diff_path(rutine, older), 'Hva er endret?')}"
    recorded = celle.registrering.versjon if celle.registrering else None
    return esc(recorded) if recorded else "–"


def _how(celle: Celle) -> str:
    record = celle.registrering
    if record is None:
        return ""
    return esc(record.begrunnelse if celle.status == "ikke-aktuelt" else record.hvordan)


def _change_log(rutine: Rutine) -> str:
    rows = [[esc(e.versjon), dato(e.dato), esc(e.endring)] for e in reversed(rutine.endringslogg)]
    return tabell("Endringslogg, nyeste først", [Kolonne("Versjon"), Kolonne("Dato"), Kolonne("Endring")], rows)


def _history(historikk: Historikk, rutine: Rutine) -> str:
    changes = historikk.for_fil(rutine.fil)[:HISTORIKK_ANTALL]
    warning = shallow_warning(historikk)
    rows = [[dato(c.dato), git_text(c)] for c in changes]
    table = tabell("Godkjente endringer i git, nyeste først", [Kolonne("Dato"), Kolonne("Endring")], rows,
                   rad_overskrift=False) if rows else "<p>Ingen endringer funnet i git.</p>"
    return (warning + "\n\n" if warning else "") + table
