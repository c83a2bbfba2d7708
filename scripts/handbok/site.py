"""Site: repository -> checked model -> generated pages in the build folder -> `mkdocs build --strict`.

The one place that knows about the engine. `generate_site_docs` is what both the MkDocs hook and
`handbok bygg` run; any other engine (Zensical) can render the same folder after it.
"""

from __future__ import annotations

import importlib.util
import logging
import time
from dataclasses import dataclass
from datetime import date
from importlib import resources
from pathlib import Path
from typing import TextIO

from .audit import read_kilde
from .checks import CheckResult, check_repository
from .findings import Finding
from .history import endret_siden, les_historikk
from .pages import GitData, Pages, generate_pages, onskede_versjoner, write_pages
from .report import findings_text
from .status import beregn_status

CONFIG = "mkdocs.yml"
DATO_NOKKEL = "handbok_dato"  # config.extra key `handbok bygg --dato` passes to the hook
ASSETS = "assets/handbok"
LUNR_NO = "assets/javascripts/lunr/min/lunr.no.min.js"
HOOK_LOGGER = "mkdocs.plugins.handbok"


@dataclass(frozen=True)
class Generert:
    """The outcome of one generation: the check's result and how many files changed on disk."""

    result: CheckResult
    sider: int
    skrevet: int


class ByggFeil(Exception):
    """The handbook has errors; the text lists them (shown by the hook, `handbok bygg` and serve)."""


def generate_site_docs(root: Path, today: date, docs_dir: Path) -> Generert:
    """Check the repository; when it has no errors, write every page and asset into `docs_dir`."""
    result = check_repository(root, today)
    if result.antall_feil:
        return Generert(result, 0, 0)
    status = beregn_status(result.handbok, today)
    historikk = les_historikk(root)
    git = GitData(historikk, endret_siden(root, historikk, onskede_versjoner(status)), read_kilde(root))
    pages = generate_pages(result.handbok, status, git, today, root / "docs")
    pages.update(static_assets())
    return Generert(result, sum(1 for p in pages if p.endswith(".md")), write_pages(pages, docs_dir))


def static_assets() -> Pages:
    """Our CSS and JS, and Material's Norwegian search language with our inflection fix appended.

    A file in docs_dir takes precedence over the theme's file of the same path (MkDocs copies theme
    files only where docs has none), so no template has to be overridden.
    """
    folder = resources.files("handbok") / "assets"
    assets: Pages = {f"{ASSETS}/{name}": (folder / name).read_text(encoding="utf-8")
                     for name in ("handbok.css", "tabeller.js")}
    lunr_no = _material_file(LUNR_NO)
    if lunr_no is not None:
        patch = (folder / "sok-boyning.js").read_text(encoding="utf-8")
        assets[LUNR_NO] = lunr_no.read_text(encoding="utf-8").rstrip("\n") + "\n" + patch
    return assets


def _material_file(rel: str) -> Path | None:
    spec = importlib.util.find_spec("material")
    if spec is None or spec.origin is None:
        return None  # another engine: its own search has its own language handling
    path = Path(spec.origin).parent / "templates" / rel
    return path if path.is_file() else None


def error_text(findings: list[Finding]) -> str:
    errors = [f for f in findings if f.alvor == "feil"]
    return (findings_text(errors) + "Nettstedet ble ikke bygget. Rett feilene over (kjør «handbok sjekk») "
            "og prøv igjen.")


def docs_dir_of(config_file: Path) -> Path:
    """docs_dir from mkdocs.yml without validating it: MkDocs refuses a config whose docs_dir does
    not exist yet, and on a fresh clone the generated folder does not."""
    from mkdocs.utils.yaml import yaml_load

    with config_file.open(encoding="utf-8") as stream:
        raw = yaml_load(stream) or {}
    return config_file.parent / str(raw.get("docs_dir", "docs"))


def bygg(root: Path, today: date, out: TextIO) -> int:
    """`handbok bygg`: check, generate and `mkdocs build --strict` into site/. 0 when built, else 1."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import MkDocsException

    config_file = root / CONFIG
    if not config_file.is_file():
        print(f"handbok bygg: fant ikke {CONFIG} i {root}.", file=out)
        return 1
    docs_dir_of(config_file).mkdir(parents=True, exist_ok=True)
    handler = _OutHandler(out)
    logger = logging.getLogger("mkdocs")
    logger.addHandler(handler)
    start = time.monotonic()
    try:
        config = load_config(str(config_file), strict=True)
        config.extra[DATO_NOKKEL] = today.isoformat()  # the hook builds for this date, not the clock's
        config.plugins.on_startup(command="build", dirty=False)
        try:
            build(config)
        finally:
            config.plugins.on_shutdown()
    except (MkDocsException, SystemExit):
        print("handbok bygg: nettstedet ble ikke bygget (se meldingene over).", file=out)
        return 1
    finally:
        logger.removeHandler(handler)
    print(f"Bygget nettstedet i {_shown(Path(config.site_dir), root)} på {time.monotonic() - start:.1f} s.", file=out)
    return 0


def _shown(path: Path, root: Path) -> str:
    path, root = path.resolve(), root.resolve()
    return path.relative_to(root).as_posix() + "/" if path.is_relative_to(root) else str(path)


class _OutHandler(logging.Handler):
    """Shows the engine's warnings and our hook's messages on `out`; MkDocs' chatter stays quiet."""

    def __init__(self, out: TextIO) -> None:
        super().__init__(logging.INFO)
        self.out = out

    def emit(self, record: logging.LogRecord) -> None:
        if record.levelno >= logging.WARNING or record.name == HOOK_LOGGER:
            self.out.write(record.getMessage().rstrip("\n") + "\n")
