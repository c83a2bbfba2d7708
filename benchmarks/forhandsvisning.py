"""Preview benchmark: seconds from saving one routine until the preview server serves the change.

    python benchmarks/forhandsvisning.py HANDBOK [--gammel]

HANDBOK is a handbook folder with mkdocs.yml (benchmarks/generer.py plus the example's site files, as
kjor.py sets it up). The server runs as a subprocess the way a user starts it: `handbok forhandsvis`,
or with --gammel `mkdocs serve` as `make serve` ran it before the preview existed. After the first
build, one routine's body is edited, then its title; each time the clock runs from the save until an
HTTP GET of the routine's page (for the title: and of the routine list) shows the change. The file is
restored and the server stopped afterwards, whatever happens.
"""

from __future__ import annotations

import argparse
import os
import re
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Callable, Iterator, Sequence

FORSTE_BYGG_S = 3600.0  # the old server's first build of 2 000 routines takes minutes on a busy machine
ENDRING_S = 1800.0
ROLIG_S = 3.0  # the server counts as done when its log has been quiet this long after a build
BYGGER = (b"Building documentation", "Bygger nettstedet …".encode())  # mkdocs serve / handbok forhandsvis
VISER = (b"Reloading browsers", "Nettleseren viser endringen.".encode())
BAKGRUNN = ("lages i bakgrunnen".encode(), "resten av sidene er laget".encode())  # started, done


@dataclass(frozen=True)
class Forhandsvisning:
    forste_bygg_s: float
    brodtekst_s: float
    tittel_s: float
    bygg_per_endring: int  # how many builds one saved file set off (the old server built twice)


def kommando(root: Path, port: int, gammel: bool) -> list[str]:
    adresse = f"127.0.0.1:{port}"
    if gammel:
        return [sys.executable, "-m", "mkdocs", "serve", "-f", str(root / "mkdocs.yml"), "--dev-addr", adresse]
    return [sys.executable, "-c", "import sys; from handbok.cli.main import main; sys.exit(main())",
            "--rot", str(root), "forhandsvis", "--adresse", adresse]


def mal_forhandsvisning(root: Path, gammel: bool = False) -> Forhandsvisning:
    """Start the server on `root`, wait for its first build, then time one body edit and one title edit."""
    target = sorted((root / "rutiner").glob("*.md"))[len(list((root / "rutiner").glob("*.md"))) // 2]
    side = f"rutiner/{target.stem}/"
    original = target.read_text(encoding="utf-8")
    port = _free_port()
    (root / "build" / "docs").mkdir(parents=True, exist_ok=True)  # `make serve` ran `handbok bygg` first
    with tempfile.TemporaryFile() as log, _server(kommando(root, port, gammel), root, log) as process:
        start = time.perf_counter()
        base = f"http://127.0.0.1:{port}/"
        _wait_until(lambda: _get(base + side) is not None, process, log, FORSTE_BYGG_S)
        forste = time.perf_counter() - start
        _quiet(log, process)
        try:
            body = original.rstrip("\n") + "\n\nForhåndsvisningen viser denne setningen.\n"
            brodtekst, bygg = _time_edit(target, body, log, process, [(base + side, "Forhåndsvisningen viser")])
            title = re.sub(r"^tittel: .*$", "tittel: Forhåndsvist rutine", original, count=1, flags=re.MULTILINE)
            tittel, _ = _time_edit(target, title, log, process,
                                   [(base + side, "Forhåndsvist rutine"), (base + "rutiner/", "Forhåndsvist rutine")])
        finally:
            target.write_text(original, encoding="utf-8")
        _quiet(log, process)
    return Forhandsvisning(forste, brodtekst, tittel, bygg)


def _time_edit(target: Path, text: str, log: IO[bytes], process: subprocess.Popen[bytes],
               wanted: Sequence[tuple[str, str]]) -> tuple[float, int]:
    """Seconds from writing `text` until every URL shows its marker, and the builds the save set off."""
    before = _builds(log)
    target.write_text(text, encoding="utf-8")
    start = time.perf_counter()
    _wait_until(lambda: all(marker in (_get(url) or "") for url, marker in wanted), process, log, ENDRING_S)
    seconds = time.perf_counter() - start
    _quiet(log, process)
    return seconds, _builds(log) - before


@contextmanager
def _server(cmd: list[str], root: Path, log: IO[bytes]) -> Iterator[subprocess.Popen[bytes]]:
    """The server in its own process group, stopped (and its group killed) however the block ends."""
    import handbok  # the server runs the same handbok as this benchmark, wherever the server's folder is

    path = os.pathsep.join([str(Path(handbok.__file__).resolve().parent.parent), os.environ.get("PYTHONPATH", "")])
    process = subprocess.Popen(cmd, cwd=root, stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
                               env={**os.environ, "PYTHONPATH": path})
    try:
        yield process
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGINT)
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()


def _wait_until(ready: Callable[[], bool], process: subprocess.Popen[bytes], log: IO[bytes], timeout: float) -> None:
    deadline = time.perf_counter() + timeout
    while not ready():
        _alive(process, log)
        if time.perf_counter() > deadline:
            raise TimeoutError(f"forhåndsvisningen svarte ikke innen {timeout:.0f} s")
        time.sleep(0.1)


def _get(url: str) -> str | None:
    """The page's text; None while the server is not up. A GET waits while the server builds."""
    try:
        with urllib.request.urlopen(url, timeout=ENDRING_S) as response:
            return str(response.read().decode("utf-8"))
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return None


def _builds(log: IO[bytes]) -> int:
    log.seek(0)
    return _count(log.read(), BYGGER)


def _count(text: bytes, markers: tuple[bytes, ...]) -> int:
    return sum(text.count(marker) for marker in markers)


def _quiet(log: IO[bytes], process: subprocess.Popen[bytes]) -> None:
    """Wait until every build the server started has finished and its log has been still for ROLIG_S."""
    size, still_since = -1, time.perf_counter()
    while True:
        log.seek(0)
        text = log.read()
        if len(text) != size:
            size, still_since = len(text), time.perf_counter()
        done = _count(text, BYGGER) <= _count(text, VISER) + 1  # the first build reloads no browser
        done = done and text.count(BAKGRUNN[0]) == text.count(BAKGRUNN[1])
        if done and time.perf_counter() - still_since >= ROLIG_S:
            return
        _alive(process, log)
        time.sleep(0.2)


def _alive(process: subprocess.Popen[bytes], log: IO[bytes]) -> None:
    if process.poll() is not None:
        log.seek(0)
        tail = log.read().decode("utf-8", "replace")[-2000:]
        raise RuntimeError(f"forhåndsvisningen stoppet med kode {process.returncode}:\n{tail}")


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Mål tiden fra en lagret rutine til forhåndsvisningen viser den.")
    parser.add_argument("mappe", type=Path, help="håndbok med mkdocs.yml")
    parser.add_argument("--gammel", action="store_true", help="mål `mkdocs serve` slik `make serve` kjørte den før")
    args = parser.parse_args(argv)
    maling = mal_forhandsvisning(args.mappe.resolve(), args.gammel)
    print(f"Første bygging: {maling.forste_bygg_s:.1f} s; endret brødtekst vist etter {maling.brodtekst_s:.1f} s "
          f"({maling.bygg_per_endring} bygginger); endret tittel vist etter {maling.tittel_s:.1f} s.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
