"""Front page: the hand-written intro with search, news, the role entry and the tjenestesteder filled in."""

from __future__ import annotations

from dataclasses import dataclass

from ...core.formatting import tittelorden
from ...core.model import Dokumentstatus, Endringslinje, Handbok, Rutine
from ...core.status import Status
from .render import render

FORSIDE = "index.md"
NYTT_ANTALL = 8
# Where the hand-written front page wants the generated parts; missing markers are appended.
MARKORER = ("sok", "nytt", "roller", "tjenestesteder")


@dataclass(frozen=True)
class Nyhet:
    """One approved change-log entry of a routine, and whether sites must implement it again."""

    endring: Endringslinje
    rutine: Rutine
    ny_praksis: bool


def front_page(handbok: Handbok, status: Status, intro: str | None) -> str:
    parts = {
        "sok": _part("sok.html"),
        "nytt": _part("nytt.md", nytt=nyheter(handbok)[:NYTT_ANTALL]),
        "roller": _part("roller.md", roller=sorted(handbok.funksjoner.values(), key=lambda f: tittelorden(f.tittel))),
        "tjenestesteder": _part("tjenestesteder.md", steder=status.steder),
    }
    # No title in front matter: the theme then names the home page by the site name alone.
    text = intro if intro is not None else "# Rutinehåndbok\n"
    for name in MARKORER:
        marker = f"<!-- handbok:{name} -->"
        text = text.replace(marker, parts[name]) if marker in text else text.rstrip("\n") + "\n\n" + parts[name]
    return text.rstrip("\n") + "\n"


def nyheter(handbok: Handbok) -> list[Nyhet]:
    """The approved changes, newest first: change-log entries of routines that are or were in force."""
    shown = (Dokumentstatus.GJELDENDE, Dokumentstatus.UTGAATT)
    entries = [(e, r) for r in handbok.rutiner.values() if r.dokumentstatus in shown for e in r.endringslogg]
    entries.sort(key=lambda pair: (pair[0].dato, pair[1].id), reverse=True)
    return [Nyhet(endring, rutine, rutine.ny_praksis(endring)) for endring, rutine in entries]


def _part(name: str, **context: object) -> str:
    return render(f"sider/forside/{name}", side=FORSIDE, **context).removesuffix("\n")
