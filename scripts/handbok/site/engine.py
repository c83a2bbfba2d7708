"""Engine: stage 2, turns the generated Markdown into HTML in site/ — MkDocs in this process, or Zensical.

Zensical is a program, not a library: it is run from the folder of the Python interpreter that runs
handbok (the same virtual environment). This is the one module that runs a program other than git.
"""

from __future__ import annotations

import logging
import re
import subprocess
import sys
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from ..core.errors import Stop
from .build import PLUGIN_LOGGER

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig

ENGINES = ("mkdocs", "zensical")
ZENSICAL_TIMEOUT = 1800  # seconds; a large handbook builds in well under a minute


def run_mkdocs(config: MkDocsConfig, out: TextIO) -> bool:
    """`mkdocs build --strict` over the generated folder; its warnings go to `out`. True when built."""
    from mkdocs.commands.build import build
    from mkdocs.exceptions import MkDocsException

    handler = _OutHandler(out)
    logger = logging.getLogger("mkdocs")
    logger.addHandler(handler)
    try:
        config.plugins.on_startup(command="build", dirty=False)
        try:
            build(config)
        finally:
            config.plugins.on_shutdown()
    except (MkDocsException, SystemExit):
        return False
    finally:
        logger.removeHandler(handler)
    return True


def serve_mkdocs(config_file: Path, adresse: str, out: TextIO) -> bool:
    """`mkdocs serve --dirty` without `strict` (a dirty build always warns that it is dirty) until Ctrl+C;
    what it tells goes to `out` in Norwegian. False when the configuration or the first build fails."""
    from mkdocs.commands.serve import serve
    from mkdocs.exceptions import MkDocsException

    handler = _PreviewHandler(out)
    logger = logging.getLogger("mkdocs")
    level = logger.level
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    try:
        serve(str(config_file), build_type="dirty", strict=False, dev_addr=adresse)
    except (MkDocsException, SystemExit):
        return False
    except KeyboardInterrupt:  # Ctrl+C during the first build; afterwards `serve` takes it itself
        out.write("Forhåndsvisningen er stoppet.\n")
    finally:
        logger.removeHandler(handler)
        logger.setLevel(level)
    return True


class _OutHandler(logging.Handler):
    """Shows the engine's warnings and our plugin's messages on `out`; MkDocs' chatter stays quiet."""

    def __init__(self, out: TextIO) -> None:
        super().__init__(logging.INFO)
        self.out = out

    def emit(self, record: logging.LogRecord) -> None:
        if record.levelno >= logging.WARNING or record.name == PLUGIN_LOGGER:
            self.out.write(record.getMessage().rstrip("\n") + "\n")


# What `mkdocs serve` tells while it runs, in the words a preview user reads; its other chatter stays quiet.
_SERVE_MESSAGES = (
    (re.compile(r"Building documentation"), lambda m: "Bygger nettstedet …"),
    (re.compile(r"Documentation built in ([\d.]+) seconds"), lambda m: f"Bygget på {m[1]} s."),
    (re.compile(r"Serving on (\S+)"), lambda m: f"Forhåndsvisningen er klar: åpne {m[1]} i nettleseren. Stopp med Ctrl+C."),
    (re.compile(r"Detected file changes"), lambda m: "En fil er lagret."),
    (re.compile(r"Reloading browsers"), lambda m: "Nettleseren viser endringen."),
    (re.compile(r"Shutting down"), lambda m: "Forhåndsvisningen er stoppet."),
    (re.compile(r"An error happened during the rebuild"),
     lambda m: "Nettstedet ble ikke bygget på nytt. Rett feilen over og lagre igjen; til da svarer ikke forhåndsvisningen."),
)
_DIRTY_WARNING = "A 'dirty' build is being performed"


class _PreviewHandler(_OutHandler):
    """Our plugin's messages and the engine's warnings as they are, the engine's own news in Norwegian."""

    def emit(self, record: logging.LogRecord) -> None:
        message = record.getMessage()
        shown = next((text(found) for pattern, text in _SERVE_MESSAGES if (found := pattern.search(message))), None)
        if shown is None and (record.name == PLUGIN_LOGGER or record.levelno >= logging.WARNING):
            shown = None if _DIRTY_WARNING in message else message.rstrip("\n")
        if shown is not None:
            self.out.write(shown + "\n")
            self.out.flush()


def zensical_program() -> Path:
    return Path(sys.executable).parent / "zensical"


def run_zensical(config_file: Path, out: TextIO) -> bool:
    """`zensical build --strict` with the same mkdocs.yml; its output goes to `out` when it fails. True when built."""
    program = zensical_program()
    if not program.is_file():
        raise Stop(f"Fant ikke zensical ({program}). Installer den i det samme miljøet: pip install zensical")
    try:
        done = subprocess.run([str(program), "build", "--strict", "--config-file", str(config_file)],
                              cwd=config_file.parent, capture_output=True, text=True, timeout=ZENSICAL_TIMEOUT)
    except subprocess.TimeoutExpired:
        print(f"zensical ble ikke ferdig på {ZENSICAL_TIMEOUT} s.", file=out)
        return False
    except OSError as error:
        raise Stop(f"Kunne ikke kjøre zensical ({program}): {error.strerror}") from None
    if done.returncode != 0:
        out.write(done.stdout + done.stderr)
    return done.returncode == 0
