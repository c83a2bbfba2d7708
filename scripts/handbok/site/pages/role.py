"""Role page: one funksjonsbeskrivelse -> its document facts, purpose, responsibilities, the routines where the
role has a part, and its change log."""

from __future__ import annotations

from datetime import date
from typing import Iterable, TypeVar

from ...core.formatting import tittelorden
from ...core.model import Dokumentstatus, Funksjon, Handbok, Rolle, Rutine
from .feed import NYTT_ANTALL, for_role, role_feed_path
from .front import Nyhet
from .mentions import Omtaler, med_omtaler
from .paths import role_path
from .related import Koblinger
from .render import render
from .source import source_links
from .text import author_text

T = TypeVar("T", Funksjon, Rutine)


def role_page(handbok: Handbok, funksjon: Funksjon, nevnt: Omtaler, alle: list[Nyhet], today: date,
              koblet: Koblinger = Koblinger()) -> str:
    # Responsibilities are derived from the routines' `ansvar`, never typed twice (DESIGN.md).
    ansvar = sorted(handbok.ansvar_for(funksjon.id), key=lambda pair: tittelorden(pair[0].tittel))
    side = role_path(funksjon.id)
    frist = handbok.revisjonsfrist(funksjon)
    return render("sider/rolle.md", side=side, handbok=handbok, funksjon=funksjon,
                  frist=frist, frist_passert=funksjon.gjeldende and frist is not None and frist.dato < today,
                  underordnet=_by_title(f for f in handbok.funksjoner.values() if f.rapporterer_til == funksjon.id),
                  tekst=med_omtaler(author_text(koblet.tekst(funksjon.tekst, funksjon.fil, side)), nevnt, side),
                  brukes_av=koblet.tilbake(funksjon.id),
                  gjeldende=[(r, tekst) for r, tekst in ansvar if r.gjeldende],
                  kommende=[(r, tekst) for r, tekst in ansvar if r.dokumentstatus.under_arbeid],
                  eier=_by_title(r for r in handbok.rutiner.values()
                                 if r.eier == funksjon.id and r.dokumentstatus != Dokumentstatus.UTGAATT),
                  nytt=for_role(alle, funksjon.id)[:NYTT_ANTALL], feed=role_feed_path(funksjon.id),
                  # A role description has no owner: a suggestion goes to the role it reports to.
                  kilde=source_links(handbok.innstillinger, funksjon.fil, funksjon.rapporterer_til))


def lighter_role_page(handbok: Handbok, rolle: Rolle, nevnt: Omtaler) -> str:
    """A lighter role's page (alle ansatte, AMU, fastlege): what it is, and its responsibilities in the routines."""
    ansvar = sorted(handbok.ansvar_for(rolle.id), key=lambda pair: tittelorden(pair[0].tittel))
    return render("sider/rolle_lett.md", side=role_path(rolle.id), handbok=handbok, rolle=rolle,
                  gjeldende=[(r, tekst) for r, tekst in ansvar if r.gjeldende],
                  kommende=[(r, tekst) for r, tekst in ansvar if r.dokumentstatus.under_arbeid],
                  eier=_by_title(r for r in handbok.rutiner.values()
                                 if r.eier == rolle.id and r.dokumentstatus != Dokumentstatus.UTGAATT),
                  underordnet=_by_title(f for f in handbok.funksjoner.values() if f.rapporterer_til == rolle.id))


def _by_title(documents: Iterable[T]) -> list[T]:
    return sorted(documents, key=lambda d: tittelorden(d.tittel))
