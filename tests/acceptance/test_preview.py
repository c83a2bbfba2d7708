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
import urllib.parse
import urllib.request
from datetime import date
from pathlib import Path
from typing import Callable, Iterator

import pytest

from handbok.site.build import generate_site_docs
from handbok.site.pages import sidesett
from handbok.site.pages.deler import METADATA, TEKST, Leser
from handbok.site.pages.sidesett import Grunnlag, Side, leser
from handbok.site.preview import Forhandsvisning

from conftest import git, make_site_repo, make_small_site_repo

TODAY = date(2026, 1, 1)
STOPS_WITHIN = 15  # seconds; it takes one or two, a machine loaded tenfold a few more
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
        assert after.sider < full.sider  # the pages that do not read the plan (roles, docs/, search) stay as they are
    if name in ("brodtekst", "rolle-tekst"):
        assert after.sider * 3 < full.sider  # its own pages and the search (and the audit documents, once)


def _edit(rel: str, change: Callable[[str], str]) -> Callable[[Path], None]:
    def apply(root: Path) -> None:
        (root / rel).write_text(change((root / rel).read_text(encoding="utf-8")), encoding="utf-8")
    return apply


def _new_routine(root: Path) -> None:
    draft = (root / "rutiner" / "velferdsteknologi.md").read_text(encoding="utf-8")
    (root / "rutiner" / "kamera.md").write_text(re.sub(r"^dokumentnummer: .*\n", "", draft.replace(
        "id: velferdsteknologi", "id: kamera").replace("tittel: Velferdsteknologi og digitalt tilsyn",
                                                         "tittel: Nattlig tilsyn med kamera"), flags=re.MULTILINE),
                                                encoding="utf-8")


# Changes the old preview answered by making every page again; now each reaches the pages that read it.
CHANGES: dict[str, Callable[[Path], None]] = {
    "arkivert": _edit("rutiner/samarbeid-parorende.md", _replace(r"^dokumentstatus: gjeldende$", "dokumentstatus: utgaatt")),
    "ny-rutine": _new_routine,
    "slettet-rutine": lambda root: (root / "rutiner" / "sarstell-i-heimetenesta.md").unlink(),
    "docs": _edit("docs/om.md", _append("En ny setning om håndboka.")),
    "forside": _edit("docs/index.md", _append("Velkommen til nye medarbeidere.")),
    "synonymer": _edit("handbok.yaml", _replace(r"^    medisin: .*$", "    medisin: [legemiddel]\n    fall: [velt]")),
    "avvik": _edit("statistikk/avvik.yaml", _replace(r'"2025-01": 6', '"2025-01": 7')),
}


@pytest.mark.parametrize("name", sorted(CHANGES))
def test_pages_after_any_change_equal_a_full_build(repo: Path, tmp_path: Path, name: str) -> None:
    docs = tmp_path / "preview"
    preview = Forhandsvisning(repo)
    preview.generate(TODAY, docs)
    CHANGES[name](repo)
    after = preview.generate(TODAY, docs)
    assert after.result.antall_feil == 0, after.result.findings
    assert after.skrevet > 0
    expected = tmp_path / "full"
    generate_site_docs(repo, TODAY, expected)
    assert _files(docs) == _files(expected)


def test_pages_on_a_new_day_equal_a_full_build(repo: Path, tmp_path: Path) -> None:
    docs, later = tmp_path / "preview", date(2026, 9, 1)
    preview = Forhandsvisning(repo)
    preview.generate(TODAY, docs)
    assert preview.generate(later, docs).skrevet > 0
    expected = tmp_path / "full"
    generate_site_docs(repo, later, expected)
    assert _files(docs) == _files(expected)


def test_pages_made_after_the_build_complete_the_site(repo: Path, tmp_path: Path) -> None:
    docs = tmp_path / "preview"
    preview = Forhandsvisning(repo)
    preview.generate(TODAY, docs)
    preview.i_bakgrunnen = True
    rel, edit = EDITS["tittel"]
    (repo / rel).write_text(edit((repo / rel).read_text(encoding="utf-8")), encoding="utf-8")
    preview.generate(TODAY, docs)
    waiting = {"tjenestesteder/nord.md", "tilsyn/nord.html", "status/index.md", "roller/sykepleier.xml"}
    assert waiting <= preview.ventende
    assert "rutiner/fallforebygging.md" not in preview.ventende and "rutiner/index.md" not in preview.ventende
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


# --- a new kind of page --------------------------------------------------------------------------


def _ord(g: Grunnlag) -> str:
    rutiner = sorted(g.handbok.rutiner.values(), key=lambda r: r.id)
    return "".join(f"- {r.tittel}: {len(r.tekst.split())} ord\n" for r in rutiner)


def _steder(g: Grunnlag) -> str:
    return "".join(f"- {s.sted.navn}\n" for s in g.status.steder)


def _new_kinds(g: Grunnlag) -> Iterator[Side]:
    """Pages the preview has never heard of: one that says nothing of what it reads, one that says it reads
    the routines' texts and front matter, one that says it reads nothing and is made once."""
    yield Side("ny/ord.md", lambda: _ord(g))
    yield Side("ny/ord-sagt.md", lambda: _ord(g), leser=leser(TEKST, METADATA))
    yield Side("ny/steder.md", lambda: _steder(g), leser=Leser())


def test_a_new_kind_of_page_stays_current_without_a_change_to_the_preview(
        repo: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A page that declares nothing, or what it reads, is made again when that changes; one that hides what it
    reads goes stale, which the comparison with a full build would catch."""
    monkeypatch.setattr(sidesett, "SIDETYPER", (*sidesett.SIDETYPER, _new_kinds))
    docs = tmp_path / "preview"
    preview = Forhandsvisning(repo)
    preview.generate(TODAY, docs)
    for name in ("brodtekst", "tittel", "relatert"):
        rel, edit = EDITS[name]
        (repo / rel).write_text(edit((repo / rel).read_text(encoding="utf-8")), encoding="utf-8")
        preview.generate(TODAY, docs)
        expected = tmp_path / f"full-{name}"
        generate_site_docs(repo, TODAY, expected)
        assert _files(docs) == _files(expected), name
    assert "Forebygging av fall hjemme" in (docs / "ny" / "ord.md").read_text(encoding="utf-8")
    declared = (docs / "ny" / "ord-sagt.md").stat().st_mtime_ns
    rel, edit = EDITS["planen"]
    (repo / rel).write_text(edit((repo / rel).read_text(encoding="utf-8")), encoding="utf-8")
    preview.generate(TODAY, docs)
    assert (docs / "ny" / "ord-sagt.md").stat().st_mtime_ns == declared  # it does not read the plan
    expected = tmp_path / "full-planen"
    generate_site_docs(repo, TODAY, expected)
    full = _files(expected)
    stale = {rel for rel, data in _files(docs).items() if full[rel] != data}
    assert stale == {"ny/steder.md"}  # said it read nothing, and shows a site's name from the plan


# --- the server -----------------------------------------------------------------------------------

def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture
def small_repo(tmp_path: Path) -> Path:
    """The mini handbook with the example's docs/ and mkdocs.yml, committed: its first build takes half as long."""
    root = make_small_site_repo(tmp_path / "h")
    git(root, "init", "-q")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "Minihåndboka")
    return root


@pytest.fixture
def server(small_repo: Path, tmp_path: Path) -> Iterator[tuple[str, Path, subprocess.Popen[bytes]]]:
    """`handbok forhandsvis` on a small handbook; its output in a file; always stopped afterwards.
    Started as a shell starts a program in the background, with Ctrl+C (SIGINT) ignored: it must stop on
    it all the same. A role description has a change not committed yet, as while one writes: the audit
    documents, which tell so, are then made in the first build and not again after each edit."""
    role = small_repo / ROLE
    role.write_text(_append("Under arbeid.")(role.read_text(encoding="utf-8")), encoding="utf-8")
    port = _free_port()
    log = tmp_path / "forhandsvis.log"
    start = ("import signal, sys; signal.signal(signal.SIGINT, signal.SIG_IGN); "
             "from handbok.cli.main import main; sys.exit(main())")
    with log.open("wb") as out:
        process = subprocess.Popen(
            [sys.executable, "-c", start, "--rot", str(small_repo), "forhandsvis", "--adresse", f"127.0.0.1:{port}"],
            stdout=out, stderr=subprocess.STDOUT, start_new_session=True)
        try:
            _wait(lambda: _get(f"http://127.0.0.1:{port}/") is not None, process, log)
            yield f"http://127.0.0.1:{port}/", log, process
        finally:
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()


def _stops_at_once(process: subprocess.Popen[bytes], log: Path, number: signal.Signals) -> None:
    """The preview ends within seconds of `number` (Ctrl+C is SIGINT), and says so; the port is free again."""
    os.killpg(process.pid, number)
    try:
        process.wait(timeout=STOPS_WITHIN)
    except subprocess.TimeoutExpired:
        pytest.fail(f"forhandsvis stoppet ikke innen {STOPS_WITHIN} s etter {number.name}")
    assert process.returncode == 0 and "Forhåndsvisningen er stoppet." in log.read_text(encoding="utf-8")


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
        small_repo: Path, server: tuple[str, Path, subprocess.Popen[bytes]]) -> None:
    repo = small_repo
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
    _stops_at_once(process, log, signal.SIGINT)


def test_forhandsvis_shows_a_new_title_everywhere(small_repo: Path,
                                                  server: tuple[str, Path, subprocess.Popen[bytes]]) -> None:
    """The routine's page and the lists first; the tjenestested pages, made after the build, follow."""
    repo = small_repo
    url, log, process = server
    (repo / ROUTINE).write_text(_replace(r"^tittel: .*$", "tittel: Forebygging av fall hjemme")(
        (repo / ROUTINE).read_text(encoding="utf-8")), encoding="utf-8")
    for page in ("rutiner/fallforebygging/", "rutiner/", "tjenestesteder/nord/"):
        _wait(lambda: "Forebygging av fall hjemme" in (_get(url + page) or ""), process, log)
    text = log.read_text(encoding="utf-8")
    assert "lages i bakgrunnen" in text and "resten av sidene er laget" in text, text
    _stops_at_once(process, log, signal.SIGTERM)


def _status_with_host(url: str, host: str) -> tuple[int, str]:
    request = urllib.request.Request(url, headers={"Host": host})
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status, response.read().decode("utf-8")
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode("utf-8")


def test_forhandsvis_answers_only_its_own_host_names(server: tuple[str, Path, subprocess.Popen[bytes]]) -> None:
    """DNS rebinding: a web page whose name now resolves to 127.0.0.1 must not read the handbook."""
    url, _, _ = server
    port = urllib.parse.urlsplit(url).port
    for host in (f"angriper.example:{port}", "angriper.example", f"127.0.0.1.nip.io:{port}", f"localhost.example:{port}"):
        code, text = _status_with_host(url + "rutiner/fallforebygging/", host)
        assert code == 403 and "Forhåndsvisningen svarer bare på adressen" in text and "Fallforebygging" not in text
        assert _status_with_host(url + "livereload/1/1", host)[0] == 403
    for host in (f"127.0.0.1:{port}", f"localhost:{port}", f"LOCALHOST:{port}"):
        code, text = _status_with_host(url + "rutiner/fallforebygging/", host)
        assert code == 200 and "Fallforebygging" in text
