"""Preview: after one saved file, the pages made again equal a full build's, and only they are written;
`handbok forhandsvis` serves a change after one build, without touching unrelated pages."""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from datetime import date
from pathlib import Path
from typing import Callable, Iterator

import pytest

from handbok.site.build import generate_site_docs
from handbok.site.preview import Forhandsvisning

from conftest import git
from conftest import make_site_repo

TODAY = date(2026, 1, 1)
ROUTINE = "rutiner/fallforebygging.md"
ROLE = "funksjonsbeskrivelser/sykepleier.md"


def _replace(pattern: str, new: str) -> Callable[[str], str]:
    def edit(text: str) -> str:
        changed, count = re.subn(pattern, new, text, count=1, flags=re.MULTILINE)
        assert count == 1, pattern
        return changed
    return edit


def _append(line: str) -> Callable[[str], str]:
    return lambda text: text.rstrip("\n") + f"\n\n{line}\n"


EDITS: dict[str, tuple[str, Callable[[str], str]]] = {
    "brodtekst": (ROUTINE, _append("Husk å sjekke sklisikre sokker ved hvert besøk.")),
    "tittel": (ROUTINE, _replace(r"^tittel: .*$", "tittel: Forebygging av fall hjemme")),
    "sammendrag": (ROUTINE, _replace(r"^sammendrag: .*$", "sammendrag: Kartlegg risiko og gjør hjemmet trygt.")),
    "rolle-tittel": (ROLE, _replace(r"^tittel: .*$", "tittel: Sykepleier i hjemmetjenesten")),
    "rolle-tekst": (ROLE, _append("Sykepleieren veileder nye kolleger.")),
    "relatert": (ROUTINE, _replace(r"^  - primaerkontakt$", "  - arbeidslister")),  # «Brukes av» moves
    "lettere-rolle": (ROUTINE, _replace(r"^ansvar:$", "ansvar:\n  alle-ansatte: Melder fall og nesten-fall samme vakt.")),
    "planen": ("implementeringsplan.yaml", _replace(r"navn: Hjemmetjenesten Nord", "navn: Hjemmetjenesten Nordre")),
}


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    root = make_site_repo(tmp_path / "h")
    git(root, "init", "-q")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "Eksempelhåndboka")
    return root


def _files(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.mark.parametrize("name", sorted(EDITS))
def test_pages_after_one_edit_equal_a_full_build(repo: Path, tmp_path: Path, name: str) -> None:
    docs = tmp_path / "preview"
    preview = Forhandsvisning(repo)
    full = preview.generate(TODAY, docs)
    assert full.result.antall_feil == 0, full.result.findings
    rel, edit = EDITS[name]
    (repo / rel).write_text(edit((repo / rel).read_text(encoding="utf-8")), encoding="utf-8")
    after = preview.generate(TODAY, docs)
    assert after.result.antall_feil == 0, after.result.findings
    assert after.skrevet > 0
    expected = tmp_path / "full"
    generate_site_docs(repo, TODAY, expected)
    assert _files(docs) == _files(expected)
    if name == "planen":
        assert after.sider == full.sider  # a change outside the documents makes everything again
    if name in ("brodtekst", "rolle-tekst"):
        assert after.sider * 3 < full.sider  # its own pages and the search (and the audit documents, once)


def test_pages_made_after_the_build_complete_the_site(repo: Path, tmp_path: Path) -> None:
    docs = tmp_path / "preview"
    preview = Forhandsvisning(repo)
    preview.generate(TODAY, docs)
    preview.i_bakgrunnen = True
    rel, edit = EDITS["tittel"]
    (repo / rel).write_text(edit((repo / rel).read_text(encoding="utf-8")), encoding="utf-8")
    preview.generate(TODAY, docs)
    assert {"sted:nord", "tilsyn:nord", "status", "feeds"} <= preview.ventende
    assert "rutine:fallforebygging" not in preview.ventende and "oversikt" not in preview.ventende
    assert "Forebygging av fall hjemme" not in (docs / "tjenestesteder" / "nord.md").read_text(encoding="utf-8")
    finished = threading.Event()
    preview.make_later(lambda written: finished.set() if written else None)
    assert finished.wait(120) and not preview.ventende
    expected = tmp_path / "full"
    generate_site_docs(repo, TODAY, expected)
    assert _files(docs) == _files(expected)


def test_a_body_edit_writes_only_the_pages_it_reaches(repo: Path, tmp_path: Path) -> None:
    docs = tmp_path / "preview"
    preview = Forhandsvisning(repo)
    preview.generate(TODAY, docs)
    git(repo, "commit", "-q", "--allow-empty", "-m", "tom")  # a new commit makes everything again, once
    preview.generate(TODAY, docs)
    before = {rel: (docs / rel).stat() for rel in _files(docs)}
    (repo / ROUTINE).write_text(_append("Ny setning.")((repo / ROUTINE).read_text(encoding="utf-8")), encoding="utf-8")
    preview.generate(TODAY, docs)
    rewritten = {rel for rel, stat in before.items() if (docs / rel).stat().st_mtime_ns != stat.st_mtime_ns}
    assert "rutiner/fallforebygging.md" in rewritten
    assert rewritten <= {"rutiner/fallforebygging.md", "sok/ord.json", *(r for r in before if r.startswith("tilsyn/"))}


def test_an_error_keeps_the_last_good_pages(repo: Path, tmp_path: Path) -> None:
    docs = tmp_path / "preview"
    preview = Forhandsvisning(repo)
    preview.generate(TODAY, docs)
    good = _files(docs)
    original = (repo / ROUTINE).read_text(encoding="utf-8")
    (repo / ROUTINE).write_text(original.replace("dokumentstatus: gjeldende", "dokumentstatus: kanskje"),
                                encoding="utf-8")
    assert preview.generate(TODAY, docs).result.antall_feil > 0
    assert _files(docs) == good
    (repo / ROUTINE).write_text(_append("Rettet.")(original), encoding="utf-8")
    assert preview.generate(TODAY, docs).result.antall_feil == 0
    expected = tmp_path / "full"
    generate_site_docs(repo, TODAY, expected)
    assert _files(docs) == _files(expected)


# --- the server -----------------------------------------------------------------------------------

def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture
def server(repo: Path, tmp_path: Path) -> Iterator[tuple[str, Path, subprocess.Popen[bytes]]]:
    """`handbok forhandsvis` on the example handbook; its output in a file; always stopped afterwards.
    A role description has a change not committed yet, as while one writes: the audit documents,
    which tell so, are then made in the first build and not again after each edit."""
    (repo / ROLE).write_text(_append("Under arbeid.")((repo / ROLE).read_text(encoding="utf-8")), encoding="utf-8")
    port = _free_port()
    log = tmp_path / "forhandsvis.log"
    with log.open("wb") as out:
        process = subprocess.Popen(
            [sys.executable, "-c", "import sys; from handbok.cli.main import main; sys.exit(main())",
             "--rot", str(repo), "forhandsvis", "--adresse", f"127.0.0.1:{port}"],
            stdout=out, stderr=subprocess.STDOUT, start_new_session=True)
        try:
            _wait(lambda: _get(f"http://127.0.0.1:{port}/") is not None, process, log)
            yield f"http://127.0.0.1:{port}/", log, process
        finally:
            os.killpg(process.pid, signal.SIGINT)
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()


def _get(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=60) as response:
            return str(response.read().decode("utf-8"))
    except (urllib.error.URLError, ConnectionError):
        return None


def _wait(ready: Callable[[], bool], process: subprocess.Popen[bytes], log: Path, timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while not ready():
        assert process.poll() is None, log.read_text(encoding="utf-8")
        assert time.monotonic() < deadline, log.read_text(encoding="utf-8")
        time.sleep(0.1)


def test_forhandsvis_serves_an_edit_after_one_build(
        repo: Path, server: tuple[str, Path, subprocess.Popen[bytes]]) -> None:
    url, log, process = server
    docs = repo / "build" / "docs"
    unrelated = [docs / "rutiner" / "avviksmelding.md", docs / "roller" / "sykepleier.md", docs / "status" / "index.md"]
    before = [(p.stat().st_ino, p.stat().st_mtime_ns) for p in unrelated]
    builds = log.read_text(encoding="utf-8").count("Bygger nettstedet …")
    (repo / ROUTINE).write_text(_append("Forhåndsvisningen viser denne setningen.")(
        (repo / ROUTINE).read_text(encoding="utf-8")), encoding="utf-8")
    _wait(lambda: "Forhåndsvisningen viser denne setningen." in (_get(url + "rutiner/fallforebygging/") or ""),
          process, log)
    time.sleep(2)  # a second build, if the generated pages set one off, would have started by now
    text = log.read_text(encoding="utf-8")
    assert text.count("Bygger nettstedet …") == builds + 1, text
    assert [(p.stat().st_ino, p.stat().st_mtime_ns) for p in unrelated] == before
    assert text.count("handbok: forhåndsvisning.") == 1  # the note on search and offline use, once
    assert _get(url + "pagefind/pagefind-entry.json") is not None  # the search works, from the first build
    # The preview is the site: the header search of `bygg` on every page, the edited one too, once each.
    for page, sok in (("", "sok/"), ("rutiner/fallforebygging/", "../../sok/"), ("rutiner/avviksmelding/", "../../sok/"),
                      ("sok/", "../sok/")):
        served = _get(url + page) or ""
        assert served.count('class="handbok-toppsok"') == 1 and f'action="{sok}"' in served, page
    assert 'data-handbok-pagefind="entry"' in (_get(url + "sok/") or "")  # the search page preloads its index


def test_forhandsvis_shows_a_new_title_everywhere(repo: Path, server: tuple[str, Path, subprocess.Popen[bytes]]) -> None:
    """The routine's page and the lists first; the tjenestested pages, made after the build, follow."""
    url, log, process = server
    (repo / ROUTINE).write_text(_replace(r"^tittel: .*$", "tittel: Forebygging av fall hjemme")(
        (repo / ROUTINE).read_text(encoding="utf-8")), encoding="utf-8")
    for page in ("rutiner/fallforebygging/", "rutiner/", "tjenestesteder/nord/"):
        _wait(lambda: "Forebygging av fall hjemme" in (_get(url + page) or ""), process, log)
    text = log.read_text(encoding="utf-8")
    assert "lages i bakgrunnen" in text and "resten av sidene er laget" in text, text
