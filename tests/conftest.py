"""Shared fixtures and helpers for every tier: small handbooks written into temp folders, real git, the
example handbook (built once per run, shared by the pytest-xdist workers), generated pages and the
bad-input case folders. No test module imports another."""

from __future__ import annotations

import io
import os
import shutil
import subprocess
from datetime import date
from pathlib import Path
from typing import Callable

import fastjsonschema
import markdown
import pytest
import yaml
from filelock import FileLock
from hypothesis import HealthCheck, settings

from handbok.checks.schema import fast_validator, validator
from handbok.site.build import page_input
from handbok.site.pages import generate_pages
from handbok.source.loading import Corpus

# On a loaded machine (CI, or two cores shared with other work) a property test must not fail on time: no
# deadline per example and no health check on how fast inputs are drawn. Each test keeps its own examples.
settings.register_profile("handbok", deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("handbok")

GIT_ENV = {
    "GIT_AUTHOR_NAME": "Test Testesen",
    "GIT_AUTHOR_EMAIL": "test@example.org",
    "GIT_COMMITTER_NAME": "Test Testesen",
    "GIT_COMMITTER_EMAIL": "test@example.org",
    "GIT_CONFIG_NOSYSTEM": "1",
    "GIT_CONFIG_GLOBAL": os.devnull,
}


def git(root: Path, *args: str, date: str = "2025-01-01T12:00:00+01:00") -> str:
    """Run git in `root` with a fixed author and date; return stdout."""
    env = {**os.environ, **GIT_ENV, "GIT_AUTHOR_DATE": date, "GIT_COMMITTER_DATE": date}
    result = subprocess.run(
        ["git", "-c", "init.defaultBranch=main", *args],
        cwd=root, env=env, check=True, capture_output=True, text=True,
    )
    return result.stdout


def write_files(root: Path, files: dict[str, str | bytes]) -> None:
    """Write a {relative path: content} dict below `root`."""
    for rel, content in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8", newline="")


@pytest.fixture
def make_repo(tmp_path: Path) -> Callable[..., Path]:
    """Return a function that writes files into a fresh git repository and commits them."""

    def make(files: dict[str, str | bytes], *, commit: bool = True) -> Path:
        root = tmp_path / "repo"
        root.mkdir(exist_ok=True)
        if not (root / ".git").exists():
            git(root, "init", "-q")
        write_files(root, files)
        if commit:
            git(root, "add", "-A")
            git(root, "commit", "-q", "-m", "Testinnhold")
        return root

    return make


# --- helpers shared by the test modules -------------------------------------------------------------

BASE = Path(__file__).parent / "tilfeller" / "_grunnlag"  # the mini handbook every case starts from


def copy_base(tmp_path: Path, name: str = "h") -> Path:
    """A copy of the mini handbook in `tmp_path / name` (no git)."""
    root = tmp_path / name
    shutil.copytree(BASE, root)
    return root


def add(root: Path, rel: str, text: str) -> None:
    """Write one file below `root`, creating its folders."""
    (root / rel).parent.mkdir(parents=True, exist_ok=True)
    (root / rel).write_text(text, encoding="utf-8")


def run(*args: str) -> tuple[int, str, str]:
    """`handbok ARGS` in-process: the exit code, stdout and stderr."""
    from handbok.cli.main import main

    out, err = io.StringIO(), io.StringIO()
    code = main(list(args), out, err)
    return code, out.getvalue(), err.getvalue()


ROUTINE = """---
id: {id}
tittel: {tittel}
versjon: "1.0"
dokumentstatus: {dokumentstatus}
eier: sykepleier
godkjent_av: Implementeringsteamet
godkjent_dato: 2025-01-01
revideres_innen: 2027-01-01
gjelder_for: [alle]
ansvar:
  sykepleier: "{ansvar}"
erstattet_av: {erstattet_av}
endringslogg:
  - {{versjon: "1.0", dato: 2025-01-01, endring: "Første versjon"}}
---
{tekst}
"""


def routine(id: str, tittel: str = "Test", dokumentstatus: str = "gjeldende", ansvar: str = "Gjør det.",
            erstattet_av: str = "null", tekst: str = "## Formål\n\nTekst.") -> str:
    """The text of a valid routine in force, with the given fields."""
    return ROUTINE.format(id=id, tittel=tittel, dokumentstatus=dokumentstatus, ansvar=ansvar,
                          erstattet_av=erstattet_av, tekst=tekst)


# --- the example handbook, status stories, generated pages and case folders -------------------------

REPO = Path(__file__).resolve().parent.parent  # this repository: the tool and the example handbook
TODAY = date(2026, 1, 1)  # the day most tests are run as of
CASES = BASE.parent  # tests/tilfeller: one folder per bad input


def make_site_repo(target: Path) -> Path:
    """A handbook repository as a fresh clone has it: the example content, the sites' histories and the imported
    statistics, docs/, vedlegg/, handbok.yaml and mkdocs.yml (which names the installed `handbok` MkDocs plugin)."""
    for name in ("rutiner", "funksjonsbeskrivelser", "implementering", "docs", "vedlegg", "statistikk"):
        shutil.copytree(REPO / name, target / name)
    for name in ("implementeringsplan.yaml", "handbok.yaml", "mkdocs.yml"):
        shutil.copyfile(REPO / name, target / name)
    return target


def make_small_site_repo(target: Path) -> Path:
    """The mini handbook every case starts from, with the example's docs/ and mkdocs.yml: a site that
    builds in a few seconds, for a test that must change a handbook before it builds one."""
    copy_base(target.parent, target.name)
    shutil.copytree(REPO / "docs", target / "docs")
    shutil.copyfile(REPO / "mkdocs.yml", target / "mkdocs.yml")
    return target


def built_once(factory: pytest.TempPathFactory, name: str, make: Callable[[Path], object]) -> Path:
    """A folder `make` fills once per test run, for tests that only read it. pytest-xdist runs one process
    per core, each with its own temp folder below one of the run: the first to ask makes it under a lock
    there, the others wait and read the same. (Without xdist the run's own temp folder; its parent holds
    other runs' folders.)"""
    base = factory.getbasetemp()
    shared = base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base
    folder, done = shared / name, shared / f"{name}.ferdig"
    with FileLock(f"{folder}.lock"):
        if not done.is_file():
            shutil.rmtree(folder, ignore_errors=True)  # what a worker whose make failed left behind
            folder.mkdir()
            make(folder)
            done.touch()
    return folder


def bygg(root: Path) -> Path:
    """`handbok bygg --dato TODAY` in `root`, which must succeed."""
    code, out, err = run("--rot", str(root), "bygg", "--dato", TODAY.isoformat())
    assert code == 0, out + err
    return root


@pytest.fixture(scope="session")
def example_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example handbook as a fresh clone has it (no git), built by `handbok bygg` once per run: the
    handbook's root, its site in site/. Tests only read it."""
    return built_once(tmp_path_factory, "eksempel", lambda folder: bygg(make_site_repo(folder)))


def status_rutine(rid: str, versjon: str, gjelder: str = "[alle]", status: str = "gjeldende") -> str:
    log = "\n".join(f'  - {{versjon: "{v}", dato: 2025-01-0{i + 1}, endring: "Endring {v}"}}'
                    for i, v in enumerate(["1.0", "1.1", "2.0", "2.1"][: ["1.0", "1.1", "2.0", "2.1"].index(versjon) + 1]))
    return f"""---
id: {rid}
tittel: Rutine {rid.upper()}
versjon: "{versjon}"
dokumentstatus: {status}
eier: sykepleier
godkjent_av: Teamet
godkjent_dato: 2025-01-01
revideres_innen: 2030-01-01
gjelder_for: {gjelder}
ansvar:
  sykepleier: Gjør jobben.
endringslogg:
{log}
---
Tekst.
"""


STATUS_PLAN = """
tjenestesteder:
  - {id: nord, navn: Nord}
  - {id: sor, navn: Sør}
faser:
  - {id: f1, navn: Fase 1, start: 2025-01-01, frist: 2026-03-09, rutiner: [a, b]}
  - {id: f2, navn: Fase 2, start: 2025-01-01, frist: 2026-03-10, rutiner: [c]}
  - {id: f3, navn: Fase 3, start: 2025-01-01, frist: 2026-03-11, rutiner: [d, e]}
evalueringsskjema:
  skala: {min: 1, maks: 5}
  sporsmal:
    - {id: kjent, tekst: Kjent}
    - {id: virker, tekst: Virker}
implementering:
  nord:
    a: {status: implementert, versjon: "1.0", dato: 2025-06-01}     # a is 2.0 now: major drift
    b: {status: evaluert, versjon: "1.0", dato: 2025-06-01,        # b is 1.1: minor, no drift
        evalueringer: [{dato: 2025-08-01, svar: {kjent: 4, virker: 3}},
                       {dato: 2025-10-01, svar: {kjent: 5, virker: 2}}]}
    c: {status: i-gang, versjon: "1.0", dato: 2026-01-01}
    e: {status: ikke-aktuelt, begrunnelse: Har ikke nattjeneste.}
  sor:
    a: {status: evaluert, versjon: "2.0", dato: 2025-12-01, evalueringer: [{dato: 2026-01-01, svar: {kjent: 3}}]}
    b: {status: implementert, versjon: "1.1", dato: 2025-06-01}
    d: {status: planlagt}
"""


def pages_for(root: Path, docs: Path | None = None, historikk: bool = False) -> dict[str, str | bytes]:
    made = page_input(root, TODAY, history=historikk)
    assert made.result.antall_feil == 0, made.result.findings
    return generate_pages(made.result.handbok, made.status, made.git, TODAY, docs or root / "ingen-docs")


def render(page: str | bytes) -> str:
    """What MkDocs does with a page: front matter off, Markdown to HTML."""
    body = str(page).split("\n---\n", 1)[1] if str(page).startswith("---\n") else str(page)
    return markdown.markdown(body, extensions=["tables", "attr_list", "admonition"])


def build_case(name: str, target: Path) -> dict:
    shutil.copytree(BASE, target)
    spec = yaml.safe_load((CASES / name / "forventet.yaml").read_text(encoding="utf-8"))
    for source in (CASES / name).rglob("*"):
        rel = source.relative_to(CASES / name)
        if source.is_file() and rel.as_posix() != "forventet.yaml":
            (target / rel).parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source, target / rel)
    for rel in spec.get("slett") or ():
        (target / rel).unlink()
    return spec


def validators_agree(corpus: Corpus) -> None:
    """The fast validator and jsonschema must never disagree on whether a document is valid."""
    for doc in corpus.documents:
        if doc.data is None or doc.kind == "side":  # a hand-written page has no schema
            continue
        try:
            fast_validator(doc.kind)(doc.data)
            fast_ok = True
        except fastjsonschema.JsonSchemaValueException:
            fast_ok = False
        assert fast_ok == validator(doc.kind).is_valid(doc.data), doc.fil




def pdf_file(title: str) -> bytes:
    """A small, valid one-page PDF whose document title is `title`: an attachment the checks can read."""
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(200, 200)
    writer.add_metadata({"/Title": title})
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()
