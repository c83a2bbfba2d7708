"""Build: stage 1 generates the pages into the build folder, and reads the engine's configuration.

Stage 2, the engine (MkDocs or Zensical), lives in `engine`; stage 3, the post-build passes over
`site/`, in `postbuild`. `generate_site_docs` is what both the MkDocs plugin and `handbok bygg` run.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Protocol, TypeVar

from ..checks.run import CheckResult, check_repository
from ..checks.vedlegg import vedlegg_sider
from ..core.errors import Stop
from ..core.findings import Finding
from ..core.formatting import dato, iso
from ..core.status import Status, beregn_status
from ..reports.audit import Kilde, read_kilde
from ..reports.findings import findings_text
from ..source.cache import Cache
from ..source.history import Historikk, endret_siden, les_historikk
from .pages import GitData, Pages, generate_pages, onskede_versjoner, write_pages
from .postbuild.offline import UTGAVE

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig

CONFIG = "mkdocs.yml"
DATO_NOKKEL = "handbok_dato"  # config.extra key: `handbok bygg --dato` passes its date to the plugin
GENERERT_NOKKEL = "handbok_generert"  # config.extra key: `handbok bygg` ran stage 1 itself, the plugin skips it
ASSETS = "assets/handbok"
UTEN_GIT = GitData(Historikk({}, grunn=False, tilgjengelig=False), {}, Kilde(None))

T = TypeVar("T")


class Timer(Protocol):
    """Runs one named step of the assembly; the benchmarks pass one that measures each step."""

    def __call__(self, name: str, work: Callable[[], T]) -> T: ...


def untimed(name: str, work: Callable[[], T]) -> T:
    return work()


@dataclass(frozen=True)
class PageInput:
    """Everything the pages are made from: the check, the status, the git history, diffs and provenance."""

    result: CheckResult
    status: Status
    git: GitData


@dataclass(frozen=True)
class Generert:
    """The outcome of one generation: the check's result and how many files changed on disk."""

    result: CheckResult
    sider: int
    skrevet: int


def page_input(root: Path, today: date, cache: Cache | None = None, *, history: bool = True,
               timer: Timer = untimed) -> PageInput:
    """Check → status → history → diffs and provenance. A handbook with errors gets no git work."""
    result = timer("sjekk", lambda: check_repository(root, today, cache))
    status = timer("status", lambda: beregn_status(result.handbok, today))
    if not history or result.antall_feil:
        return PageInput(result, status, UTEN_GIT)
    historikk = timer("historikk", lambda: les_historikk(root))
    git = timer("sammenligninger", lambda: GitData(
        historikk, endret_siden(root, historikk, onskede_versjoner(status)), read_kilde(root)))
    return PageInput(result, status, git)


def generate_site_docs(root: Path, today: date, docs_dir: Path, cache: Cache | None = None) -> Generert:
    """Stage 1: check the repository; when it has no errors, write every page and asset into `docs_dir`."""
    made = page_input(root, today, cache)
    if made.result.antall_feil:
        return Generert(made.result, 0, 0)
    pages = generate_pages(made.result.handbok, made.status, made.git, today, root / "docs")
    pages.update(static_assets())
    pages.update(vedlegg_sider(root))  # checked above: a file of a refused type never gets this far
    pages[UTGAVE] = edition(today)
    return Generert(made.result, sum(1 for p in pages if p.endswith(".md")), write_pages(pages, docs_dir))


def static_assets() -> Pages:
    """Our CSS and JS, copied into the generated folder so every engine publishes them as they are."""
    folder = resources.files("handbok") / "assets"
    return {f"{ASSETS}/{name}": (folder / name).read_text(encoding="utf-8")
            for name in ("handbok.css", "tabeller.js", "sok.js", "frakoblet.js", "utskrift.js")}


def edition(today: date) -> str:
    """utgave.json: the build's date, which the offline copy shows («slik den var 20.06.2026»)."""
    return json.dumps({"dato": iso(today), "tekst": dato(today)}, ensure_ascii=False) + "\n"


def error_text(findings: list[Finding]) -> str:
    errors = [f for f in findings if f.alvor == "feil"]
    return (findings_text(errors) + "Nettstedet ble ikke bygget. Rett feilene over (kjør «handbok sjekk») "
            "og prøv igjen.")


def generated_text(generert: Generert) -> str:
    changed = "1 fil" if generert.skrevet == 1 else f"{generert.skrevet} filer"
    return f"handbok: {generert.sider} sider generert, {changed} endret."


def docs_dir_of(config_file: Path) -> Path:
    """docs_dir from mkdocs.yml without validating it: MkDocs refuses a config whose docs_dir does
    not exist yet, and on a fresh clone the generated folder does not."""
    from mkdocs.exceptions import MkDocsException
    from mkdocs.utils.yaml import yaml_load

    try:
        with config_file.open(encoding="utf-8") as stream:
            raw = yaml_load(stream) or {}
    except (MkDocsException, UnicodeDecodeError) as error:
        raise Stop(f"{config_file.name} kan ikke brukes: {error}") from None
    docs_dir = raw.get("docs_dir", "docs") if isinstance(raw, dict) else "docs"
    return config_file.parent / str(docs_dir)


def engine_config(config_file: Path, today: date) -> MkDocsConfig:
    """The engine's configuration for a build of `today` whose pages stage 1 has already written."""
    from mkdocs.config import load_config
    from mkdocs.exceptions import MkDocsException

    docs_dir_of(config_file).mkdir(parents=True, exist_ok=True)
    try:
        config = load_config(str(config_file), strict=True)
    except MkDocsException as error:
        raise Stop(f"{config_file.name} kan ikke brukes: {error}") from None
    config.extra[DATO_NOKKEL] = today.isoformat()
    config.extra[GENERERT_NOKKEL] = True
    return config
