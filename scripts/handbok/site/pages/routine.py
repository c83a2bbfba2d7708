"""Routine page: one routine -> status line, folded facts, the text, Ansvar, Implementering, Endringslogg, history."""

from __future__ import annotations

from datetime import date

from ...core.model import Handbok, Rutine, Tjenestested
from ...core.status import Celle, Status
from ...source.history import Historikk
from .mentions import Omtaler, med_omtaler
from .paths import routine_path
from .related import Koblinger, relaterte
from .render import render
from .sections import headings, sections, steps_first
from .source import source_links
from .text import author_text
from .trend import routine_section

HISTORIKK_ANTALL = 20


def routine_page(handbok: Handbok, status: Status, historikk: Historikk, rutine: Rutine, today: date,
                 nevnt: Omtaler, koblet: Koblinger = Koblinger()) -> str:
    # Only a routine in force is implemented: drafts and archived routines have no status cells.
    cells = status.rutine(rutine.id).celler if rutine.gjeldende else ()
    trend = routine_section(handbok, rutine)
    side = routine_path(rutine)
    frist = handbok.revisjonsfrist(rutine)
    brukes_av = koblet.tilbake(rutine.id)
    tekst = steps_first(author_text(koblet.tekst(rutine.tekst, rutine.fil, side)))  # the page's text, steps first
    return render("sider/rutine.md", side=side, handbok=handbok, rutine=rutine, historikk=historikk,
                  erstattet_av=handbok.rutiner.get(rutine.erstattet_av or ""),
                  gjelder_for=_applies_to(handbok, rutine),
                  frist=frist, frist_passert=rutine.gjeldende and frist is not None and frist.dato < today,
                  relaterte=relaterte(handbok, rutine), brukes_av=brukes_av,
                  tekst=med_omtaler(tekst, nevnt, side),
                  innhold=_jump_list(rutine, historikk, tekst, bool(brukes_av), trend is not None),
                  implementering=_implementation(status, cells),
                  fase=next((c.fase for c in cells if c.fase), None),
                  endringer=historikk.for_fil(rutine.fil)[:HISTORIKK_ANTALL], dato=today,
                  kilde=source_links(handbok.innstillinger, rutine.fil, rutine.eier),
                  avvikstrend=trend)


def _jump_list(rutine: Rutine, historikk: Historikk, tekst: str, brukes_av: bool, avvik: bool) -> list[tuple[str, str]]:
    """The page's sections in the order rutine.md writes them: the author's, Ansvar, then the template's."""
    lines = ["# " + rutine.tittel, *headings(tekst), "## Ansvar"]
    lines += ["## Brukes av"] if brukes_av else []
    lines += ["## Implementering"] if rutine.gjeldende else []
    lines += ["## Avvik over tid"] if avvik else []
    lines += ["## Endringslogg"] + (["## Endringshistorikk"] if historikk.tilgjengelig else [])
    return sections(lines)


def _applies_to(handbok: Handbok, rutine: Rutine) -> list[Tjenestested | str] | None:
    """The tjenestesteder the routine names (an unknown id as written); None when it applies to all."""
    if "alle" in rutine.gjelder_for:
        return None
    return [handbok.plan.sted(sted_id) or sted_id for sted_id in rutine.gjelder_for]


def _implementation(status: Status, cells: tuple[Celle, ...]) -> list[tuple[Tjenestested, Celle]]:
    """Each tjenestested's effective status, exactly as `handbok status` computes it."""
    steder = {s.sted.id: s.sted for s in status.steder}
    return [(steder[c.sted], c) for c in cells]
