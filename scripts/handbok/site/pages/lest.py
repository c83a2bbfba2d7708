"""Receipt link: a document in force -> «Jeg har lest og forstått versjon X», opening the municipality's own form
with the document, title and version filled in (and the site, where the reader picks one). A plain link: nothing
is sent to the form tool until the reader clicks it."""

from __future__ import annotations

from dataclasses import dataclass

from ...core.bekreftet import gjelder
from ...core.model import Dokument, Handbok, Tjenestested


@dataclass(frozen=True)
class Kvittering:
    """The form link for the version in force; per site too when the form can take the reader's site."""

    lenke: str
    steder: tuple[tuple[Tjenestested, str], ...] = ()


def kvitteringslenke(handbok: Handbok, dokument: Dokument) -> Kvittering | None:
    """None without a form in handbok.yaml, or for a document that is not in force."""
    oppsett = handbok.innstillinger.bekreftelser
    if oppsett is None or oppsett.skjema is None or not dokument.gjeldende or dokument.versjon is None:
        return None
    versjon = str(dokument.versjon)
    steder = [s for s in handbok.plan.aktive_steder if gjelder(handbok, s.id, dokument)]
    if oppsett.bruker_tjenestested and len(steder) == 1:  # the one site it applies to: filled in at once
        return Kvittering(oppsett.lenke(dokument.id, dokument.tittel, versjon, (steder[0].id, steder[0].navn)) or "")
    per_site = tuple((s, oppsett.lenke(dokument.id, dokument.tittel, versjon, (s.id, s.navn)) or "")
                     for s in steder) if oppsett.bruker_tjenestested else ()
    return Kvittering(oppsett.lenke(dokument.id, dokument.tittel, versjon) or "", per_site)
