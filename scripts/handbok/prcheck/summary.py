"""PR check, summary: what a pull request changes for whom — documents, sites that implement again, roles, text."""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from typing import Any, Iterator, Literal

from ..core.model import Handbok, Versjon
from ..source.loading import Corpus, Document
from .base import Base, as_dict, sites_to_redo, version_of

Art = Literal["major", "minor", "ny", "arkivert", "endret"]
LinjeType = Literal["overskrift", "fjernet", "lagt-til", "utelatt"]

# The body's changed lines shown per document; the rest is counted, so the summary stays short.
MAKS_LINJER = 30
_HEADING = re.compile(r"^#{1,6}\s+\S")


@dataclass(frozen=True)
class Linje:
    """One line of the readable difference: a section heading for context, a removed or added line."""

    type: LinjeType
    tekst: str


@dataclass(frozen=True)
class Ansvarsendring:
    """A role gains, loses or has its responsibility reworded in one document."""

    rolle: str
    rolle_navn: str
    dokument: str  # the document's title
    endring: Literal["ny", "fjernet", "endret"]


@dataclass(frozen=True)
class Dokumentendring:
    fil: str
    id: str
    tittel: str
    rutine: bool  # False: a role description
    art: Art
    fra: str  # the version at the merge base ("" when new or without a version)
    til: str
    steder: tuple[str, ...]  # names of the sites that must implement again (MAJOR only)
    linjer: tuple[Linje, ...]


@dataclass(frozen=True)
class Oppsummering:
    dokumenter: tuple[Dokumentendring, ...]
    roller: tuple[Ansvarsendring, ...]

    @property
    def steder(self) -> dict[str, list[str]]:
        """Site name -> titles of the routines it must implement again."""
        found: dict[str, list[str]] = {}
        for dokument in self.dokumenter:
            for sted in dokument.steder:
                found.setdefault(sted, []).append(dokument.tittel)
        return found


def summarise(base: Base, corpus: Corpus, handbok: Handbok) -> Oppsummering:
    """Compare every readable routine and role description with the merge base."""
    pairs = [(base.documents.get(d.fil), d) for d in (*corpus.rutiner, *corpus.funksjoner) if d.data is not None]
    pairs = [(old if old is not None and old.data is not None else None, new) for old, new in pairs]
    dokumenter = tuple(change for old, new in sorted(pairs, key=lambda p: p[1].fil)
                       if (change := _document(old, new, handbok)) is not None)
    roller = tuple(role for old, new in sorted(pairs, key=lambda p: p[1].fil) for role in _roles(old, new, handbok))
    return Oppsummering(dokumenter, roller)


def _document(old: Document | None, new: Document, handbok: Handbok) -> Dokumentendring | None:
    assert new.data is not None
    before = old.data if old is not None and old.data is not None else None
    art = _kind(before, old.body if old is not None else "", new)
    if art is None:
        return None
    fra, til = str(before.get("versjon", "")) if before else "", str(new.data.get("versjon", ""))
    steder = _sites_to_redo(handbok, str(new.data.get("id")), til) if art == "major" else ()
    linjer = body_diff(old.body if old is not None else "", new.body)
    return Dokumentendring(new.fil, str(new.data.get("id", "")), str(new.data.get("tittel", "")),
                           new.kind == "rutine", art, fra, til, steder, linjer)


def _kind(before: dict[str, Any] | None, old_body: str, new: Document) -> Art | None:
    assert new.data is not None
    if before is None:
        return "ny"
    if before == new.data and old_body.strip() == new.body.strip():
        return None
    if new.data.get("dokumentstatus") == "utgaatt" and before.get("dokumentstatus") != "utgaatt":
        return "arkivert"
    old_v, new_v = version_of(before), version_of(new.data)
    if old_v is not None and new_v is not None and new_v > old_v:
        return "major" if new_v.er_major_endring_fra(old_v) else "minor"
    return "endret"


def _sites_to_redo(handbok: Handbok, rutine_id: str, til: str) -> tuple[str, ...]:
    try:
        ny = Versjon.parse(til)
    except ValueError:
        return ()
    return tuple(sted.navn for sted in sites_to_redo(handbok, rutine_id, ny))


def _roles(old: Document | None, new: Document, handbok: Handbok) -> Iterator[Ansvarsendring]:
    assert new.data is not None
    before = old.data if old is not None and old.data is not None else {}
    tittel = str(new.data.get("tittel", ""))
    if new.kind != "rutine":
        if before.get("ansvar") != new.data.get("ansvar"):
            rolle = str(new.data.get("id", ""))
            yield Ansvarsendring(rolle, tittel, tittel, "endret" if before else "ny")
        return
    old_ansvar, new_ansvar = as_dict(before.get("ansvar")), as_dict(new.data.get("ansvar"))
    for rolle in sorted(set(old_ansvar) | set(new_ansvar)):
        endring = _responsibility(old_ansvar.get(rolle), new_ansvar.get(rolle))
        if endring is not None:
            yield Ansvarsendring(rolle, _role_name(handbok, rolle), tittel, endring)


def _responsibility(old: Any, new: Any) -> Literal["ny", "fjernet", "endret"] | None:
    if old == new:
        return None
    return "ny" if old is None else "fjernet" if new is None else "endret"


def _role_name(handbok: Handbok, rolle: str) -> str:
    found = handbok.rolle(rolle)  # a funksjonsbeskrivelse or a lighter role from handbok.yaml
    return found.tittel if found is not None else rolle


def body_diff(old: str, new: str, maks: int = MAKS_LINJER) -> tuple[Linje, ...]:
    """Changed lines of the body, blank lines left out, each group after the section heading it falls in."""
    a, b = old.strip().splitlines(), new.strip().splitlines()
    lines: list[Linje] = []
    shown: str | None = None
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if tag == "equal":
            continue
        heading = _heading_before(b, j1)
        if heading is not None and heading != shown and not _HEADING.match(b[j1] if j1 < j2 else ""):
            lines.append(Linje("overskrift", heading.lstrip("#").strip()))
            shown = heading
        lines += [Linje("fjernet", _readable(line)) for line in a[i1:i2] if line.strip()]
        lines += [Linje("lagt-til", _readable(line)) for line in b[j1:j2] if line.strip()]
    if len(lines) > maks:
        lines = [*lines[:maks], Linje("utelatt", str(len(lines) - maks))]
    return tuple(lines)


def _readable(line: str) -> str:
    """A heading as words («Overskrift: Tiltak»), not Markdown syntax."""
    return f"Overskrift: {line.lstrip('#').strip()}" if _HEADING.match(line) else line


def _heading_before(lines: list[str], index: int) -> str | None:
    return next((line for line in reversed(lines[:index]) if _HEADING.match(line)), None)
