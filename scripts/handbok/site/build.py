"""Build: stage 1 generates the pages into the build folder, and reads the engine's configuration.

Stage 2, the engine (MkDocs or Zensical), lives in `engine`; stage 3, the post-build passes over
`site/`, in `postbuild`. `generate_site_docs` is what both the MkDocs plugin and `handbok bygg` run.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Iterable, Protocol, TypeVar

from ..checks.run import CheckResult, check_repository
from ..core.errors import Stop
from ..core.findings import Finding
from ..core.status import Status
from ..reports.audit import Kilde, read_kilde
from ..reports.findings import findings_text
from ..source.cache import Cache
from ..source.history import Historikk, endret_siden, les_historikk
from ..source.loading import DOCS
from .pages import GitData, Grunnlag, lag_alle, onskede_versjoner, sider, write_pages

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig

CONFIG = "mkdocs.yml"
DATO_NOKKEL = "handbok_dato"  # config.extra key: `handbok bygg --dato` passes its date to the plugin
GENERERT_NOKKEL = "handbok_generert"  # config.extra key: `handbok bygg` ran stage 1 itself, the plugin skips it
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
    return input_of(result, history=history, timer=timer)


def input_of(result: CheckResult, *, history: bool = True, timer: Timer = untimed) -> PageInput:
    """What the pages of a checked handbook are made from: the status the check's model derives (once), and git."""
    status = timer("status", lambda: result.status)
    if not history or result.antall_feil:
        return PageInput(result, status, UTEN_GIT)
    return PageInput(result, status, read_git(result.corpus.root, status, timer))


def read_git(root: Path, status: Status, timer: Timer = untimed) -> GitData:
    """Every file's history in one pass, the older texts the diff pages need, and the commit."""
    historikk = timer("historikk", lambda: les_historikk(root))
    return timer("sammenligninger", lambda: GitData(
        historikk, endret_siden(root, historikk, onskede_versjoner(status)), read_kilde(root)))


def grunnlag(made: PageInput, today: date) -> Grunnlag:
    """Pages of the checked handbook: its docs/ and its attachments included."""
    root = made.result.corpus.root
    return Grunnlag(made.result.handbok, made.status, made.git, today, root / DOCS, root)


def generate_site_docs(root: Path, today: date, docs_dir: Path, cache: Cache | None = None) -> Generert:
    """Stage 1: check the repository; when it has no errors, write every page and file into `docs_dir`."""
    made = page_input(root, today, cache)
    if made.result.antall_feil:
        return Generert(made.result, 0, 0)
    sett = sider(grunnlag(made, today))
    return Generert(made.result, antall_sider(sett), write_pages(lag_alle(sett.values()), docs_dir))


def antall_sider(adresser: Iterable[str]) -> int:
    """How many of the files are pages (Markdown), as the messages count them."""
    return sum(1 for adresse in adresser if adresse.endswith(".md"))


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
