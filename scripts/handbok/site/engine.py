"""Engine: stage 2, turns the generated Markdown into HTML in site/ — MkDocs in this process, or Zensical.

Zensical is a program, not a library: it is run from the folder of the Python interpreter that runs
handbok (the same virtual environment). This is the one module that runs a program other than git:
Zensical, and Pagefind's indexer for the post-build search pass.
"""

from __future__ import annotations

import logging
import re
import signal
import subprocess
import sys
import threading
from contextlib import contextmanager
from pathlib import Path
from types import FrameType
from typing import TYPE_CHECKING, Iterator, Sequence, TextIO

from ..core.errors import Stop

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig

ENGINES = ("mkdocs", "zensical")
ZENSICAL_TIMEOUT = 1800  # seconds; a large handbook builds in well under a minute
PAGEFIND_TIMEOUT = 1800  # seconds; 2 000 routines are indexed in a few seconds
PLUGIN_LOGGER = "mkdocs.plugins.handbok"


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
        with _stopped_by_signals():
            serve(str(config_file), build_type="dirty", strict=False, dev_addr=adresse)
    except (MkDocsException, SystemExit):
        return False
    except KeyboardInterrupt:  # Ctrl+C during the first build; afterwards `serve` takes it itself
        out.write("Forhåndsvisningen er stoppet.\n")
    finally:
        logger.removeHandler(handler)
        logger.setLevel(level)
    return True


@contextmanager
def _stopped_by_signals() -> Iterator[None]:
    """Ctrl+C (SIGINT) and SIGTERM stop the preview at once, as a KeyboardInterrupt that `serve` answers by
    shutting its server down. SIGINT too: a program started in the background by a shell inherits it
    ignored, and a preview that cannot be stopped keeps its port. Only the main thread can set handlers."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    before = {number: signal.getsignal(number) for number in (signal.SIGINT, signal.SIGTERM)}
    for number in before:
        signal.signal(number, _interrupt)
    try:
        yield
    finally:
        for number, handler in before.items():
            signal.signal(number, handler)


def _interrupt(number: int, frame: FrameType | None) -> None:
    raise KeyboardInterrupt


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


def run_pagefind(site: Path, bundle: Path, options: Sequence[str]) -> None:
    """Pagefind's indexer over the HTML in `site`, into `bundle`. The program, not its service: the service
    answers before its files are on disk and is then stopped, which can leave a file empty or cut
    (Pagefind#1271); the program ends only when every file is written. Run in `site`, so no Pagefind
    configuration file of the handbook's applies."""
    from pagefind.service import get_executable

    program = get_executable()
    if program is None:
        raise Stop("Fant ikke pagefind, som lager søket. Installer den i det samme miljøet: "
                   "pip install 'pagefind[bin]'")
    try:
        done = subprocess.run([str(program), "--site", str(site), "--output-path", str(bundle), "--quiet", *options],
                              cwd=site, capture_output=True, text=True, timeout=PAGEFIND_TIMEOUT)
    except subprocess.TimeoutExpired:
        raise Stop(f"pagefind ble ikke ferdig med søkeindeksen på {PAGEFIND_TIMEOUT} s.") from None
    except OSError as error:
        raise Stop(f"Kunne ikke kjøre pagefind ({program}): {error.strerror}") from None
    if done.returncode != 0:
        said = (done.stdout + done.stderr).strip().splitlines() or [f"avsluttet med kode {done.returncode}"]
        raise Stop(f"pagefind kunne ikke lage søkeindeksen: {said[-1]}")
