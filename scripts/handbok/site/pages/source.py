"""Back to the source: «Rediger denne siden» (the git host's web editor) and «Foreslå en endring» for staff
who cannot edit — an e-mail to the owner role's shared address, or else the repository's new-issue form."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import quote, urlencode

from ...core.model import Innstillinger


@dataclass(frozen=True)
class Kildelenker:
    rediger: str  # the web editor for the file on main
    foresla: str  # mailto: or the new-issue form
    epost: bool  # True: `foresla` is an e-mail to the owner role


def source_links(innstillinger: Innstillinger, fil: str, rolle: str | None) -> Kildelenker | None:
    """The two links for a document page; None when handbok.yaml has no repo_url to point at. The subject names
    the file, not the title: a file name is a slug, so no author text ever lands in an attribute."""
    if not innstillinger.repo_url:
        return None
    repo = innstillinger.repo_url.rstrip("/")
    gitlab = innstillinger.git_tjener == "gitlab"
    rediger = f"{repo}{'/-' if gitlab else ''}/edit/main/{quote(fil)}"
    emne = f"Forslag til endring i {fil}"
    adresse = innstillinger.roller_epost.get(rolle or "")
    if adresse:
        return Kildelenker(rediger, f"mailto:{adresse}?{urlencode({'subject': emne}, quote_via=quote)}", True)
    form = f"{repo}/-/issues/new?{urlencode({'issue[title]': emne}, quote_via=quote)}" if gitlab else \
        f"{repo}/issues/new?{urlencode({'title': emne}, quote_via=quote)}"
    return Kildelenker(rediger, form, False)
