"""Importer: reading one source within limits (memory, wall time), in a child process of its own.

A hostile or broken file (a Word file that inflates to gigabytes, a PDF that takes an hour, a parser that
crashes) then costs one line in the report, and the run goes on. On Linux the child gets its own process
group and an address-space limit, so pandoc, which it starts, is stopped with it; elsewhere (macOS,
Windows) the time limit and pandoc's own heap limit hold.

The limits, and why:
- `MINNE` 1 GiB of address space above what the process already holds: the largest real routine we have
  (a 40-page Word file with pictures) reads in under 200 MB; a bomb passes 2 GB in seconds.
- `TID` 60 seconds of wall time: a real document reads in well under 5 s on 2 cores, even a 100-page PDF.
- pandoc's own heap (`PANDOC_MINNE_MB`, GHC's `-M`) and PDF pages and unpacked Word size are limited where
  they are read (pandoc.py, pdftext.py, reading.py), so the common cases get a message that names them.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import sys
from multiprocessing.connection import Connection
from typing import Callable, TypeVar

if sys.platform != "win32":
    import resource

T = TypeVar("T")
A = TypeVar("A")

MINNE = 1024 * 1024 * 1024
TID = 60.0


class OverGrensen(Exception):
    """Reading the file went past a limit; the text says which, in Norwegian."""


def bounded(function: Callable[[A], T], argument: A, seconds: float = TID, memory: int = MINNE) -> T:
    """`function(argument)` in a child process with at most `memory` more bytes and `seconds` of time. An
    exception it raises is raised here; one that cannot cross back, a crash or a limit is `OverGrensen`."""
    context = multiprocessing.get_context("fork") if sys.platform == "linux" else multiprocessing.get_context("spawn")
    receive, send = context.Pipe(duplex=False)
    child = context.Process(target=_child, args=(function, argument, memory, send), daemon=True)
    child.start()
    send.close()
    try:
        if not receive.poll(seconds):
            raise OverGrensen(f"lesingen tok mer enn {seconds:.0f} sekunder og ble stoppet")
        kind, value = receive.recv()
    except EOFError:
        raise OverGrensen("lesingen stoppet uventet (trolig for lite minne)") from None
    finally:
        _stop(child)
        receive.close()
    if kind == "minne":
        raise OverGrensen(f"lesingen trengte mer enn {memory // (1024 * 1024)} MB minne og ble stoppet")
    if kind == "feil":
        raise value
    return value  # type: ignore[no-any-return]


def _child(function: Callable[[A], T], argument: A, memory: int, send: Connection) -> None:
    if sys.platform == "linux":  # elsewhere the time limit still holds, and pandoc's own heap limit
        os.setsid()  # its own process group: pandoc goes when it goes
        limit = _address_space() + memory
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    try:
        send.send(("ok", function(argument)))
    except MemoryError:
        send.send(("minne", None))
    except Exception as error:  # noqa: BLE001 - any failure of a parser is this file's, not the run's
        send.send(("feil", error if _portable(error) else OverGrensen(f"filen kan ikke leses ({type(error).__name__})")))
    finally:
        send.close()


def _portable(error: Exception) -> bool:
    """An exception of ours, that crosses back to the parent as it is."""
    return type(error).__module__.startswith("handbok.")


def _address_space() -> int:
    with open("/proc/self/statm", encoding="ascii") as statm:
        return int(statm.read().split()[0]) * resource.getpagesize()


def _stop(child: multiprocessing.process.BaseProcess) -> None:
    """Stop the child and anything it started (its pid is its group's until it is joined, so never another's)."""
    if child.pid is not None and sys.platform == "linux":
        try:
            os.killpg(child.pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass
    elif child.is_alive():
        child.kill()
    child.join()
