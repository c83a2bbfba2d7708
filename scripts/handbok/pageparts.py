"""Page parts: paths, links and text pieces shared by the page modules (pages, routinepage, sitepages)."""

from __future__ import annotations

import re

from .history import Endring as GitEndring
from .history import Historikk
from .markup import a, esc, merknad, uten_epost
from .model import Handbok, Rutine, Versjon
from .status import Celle



def routine_path(rutine: Rutine) -> str:
    """Routines in force and in preparation live under rutiner/, superseded ones in the archive."""
    folder = "arkiv" if rutine.dokumentstatus == "utgaatt" else "rutiner"
    return f"{folder}/{rutine.id}.md"


def diff_path(rutine: Rutine, versjon: Versjon) -> str:
    """The page "what changed in `rutine` since `versjon`" (diffpages)."""
    return f"endringer/{rutine.id}/fra-{versjon.slug}.md"


def eldre_versjon(celle: Celle, rutine: Rutine) -> Versjon | None:
    """The version a site has recorded, when the routine applies there and has moved on since: the
    version whose "Hva er endret?" page (diff_path) exists and is linked."""
    recorded = celle.registrering.versjon if celle.gjelder and celle.registrering else None
    return recorded if recorded and recorded != rutine.versjon else None


def site_path(sted: str) -> str:
    return f"tjenestesteder/{sted}.md"


def audit_path(sted: str) -> str:
    """The site's audit evidence (`handbok tilsyn`), published as a self-contained HTML file."""
    return f"tilsyn/{sted}.html"


def role_path(rolle: str) -> str:
    return f"roller/{rolle}.md"


def rolle_lenke(handbok: Handbok, page: str, rolle: str) -> str:
    """A role's title linked to its page; an unknown role id stays visible as text."""
    funksjon = handbok.funksjoner.get(rolle)
    return a(page, role_path(rolle), funksjon.tittel) if funksjon else esc(rolle)


def git_text(change: GitEndring) -> str:
    """'Message (#12) – Name': the author's name only, never an e-mail address."""
    message = change.melding
    if change.pr:  # a squash merge's subject already ends in "(#12)"; show the number once
        message = re.sub(rf"\s*\(#{change.pr}\)\s*$", "", message) + f" (#{change.pr})"
    return f"{esc(uten_epost(message))} – {esc(uten_epost(change.forfatter))}"


def shallow_warning(historikk: Historikk) -> str:
    if not historikk.grunn:
        return ""
    return merknad("warning", "Historikken er ufullstendig",
                   "Bygget er laget fra en grunn kopi av git-repositoriet, så de eldste endringene mangler. "
                   "Bygg fra en full kopi (git fetch --unshallow, eller fetch-depth: 0 i GitHub Actions).")


_HEADING = re.compile(r"^(#{1,5})(\s)", re.MULTILINE)
_FENCE = re.compile(r"^(```|~~~)", re.MULTILINE)


def author_text(body: str) -> str:
    """The author's Markdown as written, except that a top-level heading is moved down one level:
    the page already has its one H1 (the title) and heading order matters to screen readers."""
    text = body.strip("\n")
    if not text.strip():
        return ""
    if _FENCE.search(text) or not re.search(r"^#\s", text, re.MULTILINE):
        return text  # no H1, or code blocks we will not risk rewriting
    return _HEADING.sub(lambda m: "#" + m.group(1) + m.group(2), text)
