"""Parts: what a page reads, named as parts of its inputs, and which parts a change touches.

A page declares the parts it reads (`Leser`); comparing two models gives the parts that changed
(`endring`); a page is made again when the two meet. The preview adds the parts outside the model
(the date, git, the files under docs/ and vedlegg/). A part without an id stands for every part of its
kind: `Del(METADATA)` is every document's front matter, and so every title, status and version.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from enum import Enum
from typing import Iterable, Mapping

from ...core.model import Funksjon, Handbok, Implementeringsplan, Innstillinger, Rutine
from ...source.loading import PLAN as PLANFIL, SETTINGS, STATISTIKK as STATISTIKKFILER
from .paths import routine_path


class Slag(Enum):
    TEKST = "tekst"  # a document's body (id: the document)
    METADATA = "metadata"  # a document's front matter, and whether it exists (id: the document)
    STI = "sti"  # where a document's page is: a routine moves to the archive (id: the document)
    PLAN = "plan"  # implementeringsplan.yaml: sites, phases, the form and every record
    INNSTILLINGER = "innstillinger"  # handbok.yaml: name, lighter roles, synonyms, review interval, …
    STATISTIKK = "statistikk"  # the imported counts: deviations, competence, receipts
    DATO = "dato"  # the day the site is built for
    HISTORIKK = "historikk"  # git: every file's history and the texts of older versions
    KILDE = "kilde"  # the commit the site is built from, and whether files have unsaved changes
    DOCS = "docs"  # a hand-written file (id: its path in the handbook, docs/…)
    VEDLEGG = "vedlegg"  # an attachment (id: its path in the handbook, vedlegg/…)


@dataclass(frozen=True)
class Del:
    slag: Slag
    id: str | None = None  # None: every part of this kind


TEKST, METADATA, STI = Del(Slag.TEKST), Del(Slag.METADATA), Del(Slag.STI)
PLAN, INNSTILLINGER, STATISTIKK = Del(Slag.PLAN), Del(Slag.INNSTILLINGER), Del(Slag.STATISTIKK)
DATO, HISTORIKK, KILDE = Del(Slag.DATO), Del(Slag.HISTORIKK), Del(Slag.KILDE)
# The status: what core.status.beregn_status reads. A page that shows the status reads these.
STATUSEN = frozenset({PLAN, DATO, METADATA})
# The whole model but the texts and git: what a list, a tjenestested page or an audit document may show.
MODELLEN = STATUSEN | {INNSTILLINGER, STATISTIKK}


def tekst(dokument: str) -> Del:
    return Del(Slag.TEKST, dokument)


def metadata(dokument: str) -> Del:
    return Del(Slag.METADATA, dokument)


@dataclass(frozen=True)
class Endring:
    """What changed between two generations: the parts, the titles a text may name (old and new, of
    every document whose title or status changed, came or went) and the handbook files behind them."""

    deler: frozenset[Del] = frozenset()
    titler: frozenset[str] = frozenset()  # lower case
    filer: frozenset[str] = frozenset()

    def __or__(self, other: Endring) -> Endring:
        return Endring(self.deler | other.deler, self.titler | other.titler, self.filer | other.filer)

    def __bool__(self) -> bool:
        return bool(self.deler or self.titler)


@dataclass(frozen=True)
class Leser:
    """What one page reads: parts, and the author texts in which a document's title becomes a link to it
    (pages.mentions), so a text naming a renamed document's old or new title is made again."""

    deler: frozenset[Del] = frozenset()
    tekster: tuple[str, ...] = ()

    def nas_av(self, endring: Endring) -> bool:
        """Whether the change touches anything this page reads."""
        if any(d in self.deler or Del(d.slag) in self.deler for d in endring.deler):
            return True
        return bool(endring.titler) and any(title in text.lower() for text in self.tekster for title in endring.titler)


ALT = Leser(frozenset(Del(slag) for slag in Slag), ())  # a page that says nothing reads everything


def endring(before: Handbok, after: Handbok) -> Endring:
    """The parts of the model that differ between two handbooks."""
    found = _documents(before.rutiner, after.rutiner) | _documents(before.funksjoner, after.funksjoner)
    if before.plan != after.plan:
        found |= Endring(frozenset({PLAN}), filer=frozenset({PLANFIL}))
    if before.innstillinger != after.innstillinger:
        found |= Endring(frozenset({INNSTILLINGER}), filer=frozenset({SETTINGS}))
    if _counts(before) != _counts(after):
        found |= Endring(frozenset({STATISTIKK}), filer=frozenset(STATISTIKKFILER))
    return found


def _counts(handbok: Handbok) -> Handbok:
    """The model without its documents, plan and settings: the imported counts, and whatever joins them later,
    so a new part of the model is never a change nobody sees."""
    return replace(handbok, rutiner={}, funksjoner={}, plan=Implementeringsplan(), innstillinger=Innstillinger())


def _documents(before: Mapping[str, Rutine | Funksjon], after: Mapping[str, Rutine | Funksjon]) -> Endring:
    deler: set[Del] = set()
    titler: set[str] = set()
    filer: set[str] = set()
    for dokument_id in before.keys() | after.keys():
        old, new = before.get(dokument_id), after.get(dokument_id)
        if old == new:
            continue
        filer |= {d.fil for d in (old, new) if d is not None}
        if old is None or new is None:
            deler |= {tekst(dokument_id), metadata(dokument_id), Del(Slag.STI, dokument_id)}
            titler |= {d.tittel.lower() for d in (old, new) if d is not None}
            continue
        deler |= {tekst(dokument_id)} if old.tekst != new.tekst else set()
        deler |= {metadata(dokument_id)} if replace(old, tekst=new.tekst) != new else set()
        deler |= {Del(Slag.STI, dokument_id)} if _path(old) != _path(new) else set()
        titler |= {old.tittel.lower(), new.tittel.lower()} if _named(old) != _named(new) else set()
    return Endring(frozenset(deler), frozenset(titler), frozenset(filer))


def _path(dokument: Rutine | Funksjon) -> str | None:
    return routine_path(dokument) if isinstance(dokument, Rutine) else None


def _named(dokument: Rutine | Funksjon) -> tuple[str, object]:
    """What decides whether a text's mention of the document is linked (pages.mentions): its title, and for a
    routine its status (an archived routine is not linked)."""
    return (dokument.tittel, dokument.dokumentstatus if isinstance(dokument, Rutine) else None)


def files_changed(paths: Iterable[str], slag: Slag) -> Endring:
    """Files under docs/ or vedlegg/ that came, went or changed."""
    names = frozenset(paths)
    return Endring(frozenset(Del(slag, name) for name in names), filer=names)
