"""Related: a routine's `relaterte` and «Brukes av» back-links, and where the site has each file an author links to."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Mapping

from ...checks.links import omskriv
from ...checks.vedlegg import MAPPE as VEDLEGG
from ...core.model import Handbok, Relasjon, Rutine
from .paths import role_path, routine_path

DOCS = "docs/"


@dataclass(frozen=True)
class Kobling:
    """One link between two documents as a page shows it: the other document's title and page, and how."""

    tittel: str
    side: str
    relasjon: Relasjon


@dataclass(frozen=True)
class Koblinger:
    """Built once per site: each handbook file's path on the site, and who names each document in `relaterte`."""

    sider: Mapping[str, str] = field(default_factory=dict)  # repository file -> its page on the site
    brukes_av: Mapping[str, list[tuple[Rutine, Relasjon]]] = field(default_factory=dict)

    def sti(self, fil: str) -> str | None:
        """Where the site has a file of the handbook: pages by their own rules, docs/ at the root, attachments as they are."""
        if fil in self.sider:
            return self.sider[fil]
        if fil.startswith(DOCS):
            return fil.removeprefix(DOCS)
        return fil if fil.startswith(VEDLEGG + "/") else None

    def tekst(self, body: str, fil: str, side: str) -> str:
        """An author's Markdown with its links to handbook files pointing where the site has them."""
        return omskriv(body, fil, side, self.sti)

    def tilbake(self, dokument_id: str) -> list[Kobling]:
        """«Brukes av»: the routines that name `dokument_id` in their `relaterte`."""
        return [Kobling(r.tittel, routine_path(r), relasjon) for r, relasjon in self.brukes_av.get(dokument_id, ())]


def koblinger(handbok: Handbok) -> Koblinger:
    sider = {r.fil: routine_path(r) for r in handbok.rutiner.values()}
    sider.update({f.fil: role_path(f.id) for f in handbok.funksjoner.values()})
    return Koblinger(sider, handbok.brukes_av())


def relaterte(handbok: Handbok, rutine: Rutine) -> list[Kobling]:
    """The documents the routine names in `relaterte`, in its order (an unknown id is left out: `sjekk` reports it)."""
    found = []
    for relatert in rutine.relaterte:
        other = handbok.rutiner.get(relatert.id)
        funksjon = handbok.funksjoner.get(relatert.id)
        if other is not None:
            found.append(Kobling(other.tittel, routine_path(other), relatert.type))
        elif funksjon is not None:
            found.append(Kobling(funksjon.tittel, role_path(funksjon.id), relatert.type))
    return found
