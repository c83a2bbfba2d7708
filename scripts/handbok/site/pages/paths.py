"""Paths: where each generated page lives, and the relative links between them."""

from __future__ import annotations

from ...core.model import Dokument, Dokumentstatus, Rutine, Versjon
from ...core.status import Celle


def routine_path(rutine: Rutine) -> str:
    """Routines in force and in preparation live under rutiner/, superseded ones in the archive."""
    folder = "arkiv" if rutine.dokumentstatus == Dokumentstatus.UTGAATT else "rutiner"
    return f"{folder}/{rutine.id}.md"


def role_path(rolle: str) -> str:
    """A role's page: a funksjonsbeskrivelse's, or a lighter role's from handbok.yaml."""
    return f"roller/{rolle}.md"


def document_path(dokument: Dokument) -> str:
    """The page of what a phase or a site's record names: a routine's, or a funksjonsbeskrivelse's role page."""
    return routine_path(dokument) if isinstance(dokument, Rutine) else role_path(dokument.id)


def tjenestested_path(sted: str) -> str:
    return f"tjenestesteder/{sted}.md"


def tjenestested_routines_path(sted: str) -> str:
    """Every routine at the tjenestested by status (the site page itself shows what needs attention)."""
    return f"tjenestesteder/{sted}/rutiner.md"


def audit_path(sted: str) -> str:
    """The tjenestested's audit evidence (`handbok tilsyn`), published as a self-contained HTML file."""
    return f"tilsyn/{sted}.html"


def diff_path(rutine: Rutine, versjon: Versjon) -> str:
    """The page "what changed in `rutine` since `versjon`" (pages.diff)."""
    return f"endringer/{rutine.id}/fra-{versjon.slug}.md"


def eldre_versjon(celle: Celle, rutine: Rutine) -> Versjon | None:
    """The version a tjenestested has recorded, when the routine applies there and has moved on since:
    the version whose "Hva er endret?" page (diff_path) exists and is linked."""
    recorded = celle.registrering.versjon if celle.gjelder and celle.registrering else None
    return recorded if recorded and recorded != rutine.versjon else None


def trend_path(rutine_id: str, sted_id: str) -> str:
    """The chart of a routine's deviations per month at one tjenestested (pages.trend)."""
    return f"avvik/{rutine_id}/{sted_id}.svg"


def url_of(page: str) -> str:
    """Page source path -> its directory URL path: 'rutiner/a.md' -> 'rutiner/a/', 'index.md' -> ''."""
    stem = page.removesuffix(".md")
    if stem == "index":
        return ""
    return stem.removesuffix("/index") + "/"


def href(from_page: str, to: str) -> str:
    """A relative link from one generated page to another page or file, as a browser resolves it.

    MkDocs does not rewrite links inside raw HTML, so the pages make them relative themselves.
    Plain string work, not posixpath.relpath: a large site makes a million links, and relpath's
    absolute-path detour was the biggest cost of page generation."""
    base = url_of(from_page).split("/")[:-1]  # the folders of the page's URL
    target = (url_of(to) if to.endswith(".md") else to).split("/")  # a page's URL ends in "/": last part ""
    common = 0
    while common < min(len(base), len(target)) and base[common] == target[common]:
        common += 1
    return "/".join([".."] * (len(base) - common) + target[common:]) or "./"
