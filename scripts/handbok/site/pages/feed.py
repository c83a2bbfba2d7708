"""Atom feeds: per role and per tjenestested, the approved changes that concern it ("what changed for me")."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date
from typing import Callable

from ...core.model import Funksjon, Handbok, Rutine
from ...core.status import StedStatus
from .front import Nyhet
from .paths import role_path, tjenestested_path
from .render import render_xml

FEED_ANTALL = 50  # entries per feed; a reader keeps what it has already fetched
NYTT_ANTALL = 5  # «Nytt for min rolle» on the role page


@dataclass(frozen=True)
class Feed:
    """One feed: where it lives, the page it belongs to, its title and its entries (MAJOR first)."""

    fil: str
    side: str
    tittel: str
    id: str
    nyheter: list[Nyhet]


def role_feed_path(rolle: str) -> str:
    """Beside the role page: roller/sykepleier.md -> roller/sykepleier.xml (copied as it is by the engine)."""
    return role_path(rolle).removesuffix(".md") + ".xml"


def tjenestested_feed_path(sted: str) -> str:
    return tjenestested_path(sted).removesuffix(".md") + ".xml"


def for_role(alle: list[Nyhet], rolle: str) -> list[Nyhet]:
    """Of all approved changes (`front.nyheter`), those of routines where the role has ansvar, newest first."""
    return _concerning(alle, lambda rutine: rolle in rutine.ansvar)


def for_tjenestested(alle: list[Nyhet], sted: StedStatus) -> list[Nyhet]:
    """Of all approved changes, those of routines that apply to the site (DESIGN.md: in force, gjelder_for,
    not ikke-aktuelt)."""
    applies = {celle.dokument for celle in sted.celler if celle.gjelder}
    return _concerning(alle, lambda rutine: rutine.gjeldende and rutine.id in applies)


def _concerning(alle: list[Nyhet], concerns: Callable[[Rutine], bool]) -> list[Nyhet]:
    return [nyhet for nyhet in alle if concerns(nyhet.rutine)]


def major_first(found: list[Nyhet]) -> list[Nyhet]:
    """New practice (MAJOR) before wording; newest first within each (the sort is stable)."""
    return sorted(found, key=lambda nyhet: not nyhet.ny_praksis)[:FEED_ANTALL]


def role_feed(handbok: Handbok, alle: list[Nyhet], funksjon: Funksjon, today: date) -> str:
    """The role's feed (Atom XML), from all approved changes (`front.nyheter`)."""
    return _atom(handbok, Feed(role_feed_path(funksjon.id), role_path(funksjon.id),
                               f"{funksjon.tittel}: endringer i rutinene", _urn(handbok, "rolle", funksjon.id),
                               major_first(for_role(alle, funksjon.id))), today)


def tjenestested_feed(handbok: Handbok, alle: list[Nyhet], sted: StedStatus, today: date) -> str:
    """The tjenestested's feed (Atom XML), from all approved changes."""
    return _atom(handbok, Feed(tjenestested_feed_path(sted.sted.id), tjenestested_path(sted.sted.id),
                               f"{sted.sted.navn}: endringer i rutinene", _urn(handbok, "tjenestested", sted.sted.id),
                               major_first(for_tjenestested(alle, sted))), today)


def _atom(handbok: Handbok, feed: Feed, today: date) -> str:
    updated = max((n.endring.dato for n in feed.nyheter), default=today)
    entries = [(n, _urn(handbok, "endring", f"{n.rutine.id}/{n.endring.versjon}")) for n in feed.nyheter]
    # href() links between pages; the feed sits in its page's folder, so links start from that folder's index.
    base = feed.fil.rsplit("/", 1)[0] + "/index.md"
    return render_xml("sider/atom.xml", feed=feed, handbok=handbok, oppdatert=updated, oppforinger=entries,
                  lenkebase=base)


def _urn(handbok: Handbok, kind: str, key: str) -> str:
    """A stable, globally unique Atom id without knowing where the site is published."""
    return uuid.uuid5(uuid.NAMESPACE_URL, f"handbok:{handbok.innstillinger.navn}:{kind}:{key}").urn
