"""`handbok init`: a new, empty handbook repository that passes `sjekk` and `bygg` at once, for GitHub or GitLab,
and the tool as a wheel installed outside this repository."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from conftest import git, run
from handbok.scaffold.repository import NyHandbok, init, skeleton_files, tool_version

REPO = Path(__file__).resolve().parents[2]


def test_init_writes_a_handbook_that_passes_sjekk_and_bygg(tmp_path: Path) -> None:
    folder = tmp_path / "kommune-handbok"
    code, out, err = run("init", str(folder), "--navn", "Rutinehåndbok for Eksempel kommune")
    assert (code, err) == (0, ""), err
    assert "Laget en ny håndbok" in out and (folder / ".git").is_dir()
    for rel in ("rutiner/.gitkeep", "funksjonsbeskrivelser/.gitkeep", "implementering/.gitkeep",
                "implementeringsplan.yaml", "handbok.yaml",
                "docs/index.md", "mkdocs.yml", "README.md", ".github/CODEOWNERS", ".github/pull_request_template.md",
                ".github/workflows/pr.yml", ".github/workflows/publiser.yml", ".pre-commit-config.yaml", ".gitignore"):
        assert (folder / rel).is_file(), rel
    assert not (folder / ".gitlab-ci.yml").exists()
    git(folder, "add", "-A")
    git(folder, "commit", "-q", "-m", "Ny håndbok")
    assert run("--rot", str(folder), "sjekk", "--streng")[:2] == (0, "Alt i orden: ingen feil eller advarsler.\n")
    code, out, _ = run("--rot", str(folder), "bygg")
    assert code == 0, out
    assert (folder / "site" / "index.html").is_file()
    assert "Rutinehåndbok for Eksempel kommune" in (folder / "site" / "index.html").read_text(encoding="utf-8")


def test_an_injected_mistake_is_an_annotation_on_its_line(tmp_path: Path) -> None:
    folder = tmp_path / "h"
    assert run("init", str(folder))[0] == 0
    plan = folder / "implementeringsplan.yaml"
    plan.write_text(plan.read_text(encoding="utf-8").replace("skala: {min: 1, maks: 5}", "skala: {min: 1, maks: fem}"),
                    encoding="utf-8")
    code, out, _ = run("--rot", str(folder), "sjekk", "--format", "github")
    assert code == 1
    assert out.splitlines()[0].startswith("::error file=implementeringsplan.yaml,line=17,title=feil-type::")


def test_gitlab_gets_its_own_ci_and_no_github_files(tmp_path: Path) -> None:
    folder = tmp_path / "h"
    assert run("init", str(folder), "--gitlab")[0] == 0
    assert (folder / ".gitlab-ci.yml").is_file() and (folder / ".gitlab" / "CODEOWNERS").is_file()
    assert not (folder / ".github").exists()
    assert "merge request" in (folder / "README.md").read_text(encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "check_jsonschema", "--builtin-schema", "vendor.gitlab-ci",
                           str(folder / ".gitlab-ci.yml")], capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr


def test_the_first_day_page_installs_the_wheel_the_build_makes_with_the_pinned_versions() -> None:
    from handbok.scaffold.repository import tool_version

    page = (REPO / "docs" / "ny-kommune.md").read_text(encoding="utf-8")
    assert "pip wheel --no-deps -w dist ." in page  # into dist/, not the repository's root
    assert f'pip install -c constraints.txt "dist/handbok-{tool_version()}-py3-none-any.whl[pdf]"' in page


@pytest.mark.parametrize("gitlab", [False, True])
def test_the_new_handbooks_readme_has_one_numbered_step_per_line(gitlab: bool) -> None:
    import re

    files = skeleton_files(NyHandbok(gitlab=gitlab))
    first_day = files["README.md"].split("## Første dag", 1)[1].split("\n## ", 1)[0]
    assert [int(n) for n in re.findall(r"^(\d+)\. \*\*", first_day, re.MULTILINE)] == list(range(1, 8))
    assert not re.search(r"\S ?\d\. \*\*", first_day), first_day  # no step runs into the one before
    if not gitlab:  # the check to require is the job GitHub shows, as the workflow names it
        job = re.search(r"^    name: (.+)$", files[".github/workflows/pr.yml"], re.MULTILINE)
        assert job and f"«{job.group(1)}»" in first_day


@pytest.mark.parametrize("name", ["pr.yml", "publiser.yml", "varsle.yml"])
def test_the_new_handbooks_workflows_match_githubs_schema(name: str, tmp_path: Path) -> None:
    path = tmp_path / name
    path.write_text(skeleton_files(NyHandbok())[f".github/workflows/{name}"], encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "check_jsonschema", "--builtin-schema", "vendor.github-workflows",
                           str(path)], capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr


def test_the_workflows_install_the_tool_from_its_repository_at_a_tag_and_never_run_its_tests() -> None:
    files = skeleton_files(NyHandbok())
    gitlab = skeleton_files(NyHandbok(gitlab=True))[".gitlab-ci.yml"]
    wanted = 'HANDBOK_PAKKE: "handbok @ git+https://github.com/kommune/handbok@v0.1.0"'
    for text in (files[".github/workflows/pr.yml"], files[".github/workflows/publiser.yml"], gitlab):
        assert wanted in text and "make test" not in text and "handbok==" not in text
    assert "handbok sjekk --format github" in files[".github/workflows/pr.yml"]
    assert 'cron: "' in files[".github/workflows/publiser.yml"]  # nightly: deadlines stay current
    assert "Verktøyet ligger ikke i PyPI" in files["README.md"] and "verktoy/" in files["README.md"]


def _tool_repository(tmp_path: Path) -> Path:
    """This repository's files as they are now, committed in a new git repository and tagged as the release."""
    tool = tmp_path / "verktoy"
    for rel in git(REPO, "ls-files", "-z").split("\0"):
        if rel and (REPO / rel).is_file():
            (tool / rel).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(REPO / rel, tool / rel)
    git(tool, "init", "-q")
    git(tool, "add", "-A")
    git(tool, "commit", "-q", "-m", "Utgave")
    git(tool, "tag", f"v{tool_version()}")
    return tool


def _fresh_environment(tmp_path: Path) -> Path:
    """A new virtual environment with pip and without handbok; the tool's dependencies are this environment's
    (a folder of links on its path), so pip finds them installed and needs no network."""
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, capture_output=True)
    deps = tmp_path / "avhengigheter"
    deps.mkdir()
    here = next(p for p in map(Path, sys.path) if p.name == "site-packages" and (p / "mkdocs").is_dir())
    for entry in here.iterdir():
        if not any(word in entry.name for word in ("handbok", "__editable__", "distutils", "pip", "setuptools",
                                                    "pkg_resources")):
            (deps / entry.name).symlink_to(entry)
    site = next(venv.glob("lib/python3*/site-packages"))
    (site / "avhengigheter.pth").write_text(f"{deps}\n", encoding="utf-8")
    return venv


def test_the_new_handbooks_ci_installs_the_tool_and_passes_its_checks(tmp_path: Path) -> None:
    """Issue 23: the generated workflow's own steps (install, sjekk, pr-sjekk, summary, bygg) run in a fresh
    environment, with the tool's repository at its tag where the workflow names GitHub."""
    tool = _tool_repository(tmp_path)
    folder = tmp_path / "ny"
    init(folder, NyHandbok(verktoy_url=f"file://localhost{tool}"))
    git(folder, "init", "-q")
    git(folder, "add", "-A")
    git(folder, "commit", "-q", "-m", "Ny håndbok")
    git(folder, "remote", "add", "origin", str(folder))
    git(folder, "fetch", "-q", "origin")
    venv = _fresh_environment(tmp_path)
    workflow = yaml.safe_load((folder / ".github/workflows/pr.yml").read_text(encoding="utf-8"))
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    env.update(workflow["env"], PATH=f"{venv / 'bin'}:{env['PATH']}", GITHUB_STEP_SUMMARY=str(tmp_path / "sammendrag.md"),
               PIP_NO_INDEX="1", PIP_NO_BUILD_ISOLATION="0", PIP_DISABLE_PIP_VERSION_CHECK="1")
    ran = []
    for step in workflow["jobs"]["sjekk"]["steps"]:
        if "run" not in step:
            continue  # checkout and setup-python: the folder and the fresh environment stand in for them
        step_env = {k: v.replace("${{ github.base_ref }}", "main") for k, v in step.get("env", {}).items()}
        done = subprocess.run(["bash", "-e", "-c", step["run"]], cwd=folder, env={**env, **step_env},
                              capture_output=True, text=True)
        assert done.returncode == 0, (step["name"], done.stdout[-2000:], done.stderr[-2000:])
        ran.append(step["name"])
    assert ran[0] == "Installer handbok" and "Bygg nettstedet (strengt, som ved publisering)" in ran
    where = subprocess.run([str(venv / "bin" / "python"), "-c", "import handbok; print(handbok.__file__)"],
                           env=env, capture_output=True, text=True, check=True).stdout
    assert str(venv) in where, where  # the tool pip installed from the tag, not this repository's source
    assert (folder / "site" / "index.html").is_file()


def test_the_nightly_notices_are_off_until_configured() -> None:
    """`handbok varsle` runs every night only once the SMTP server is named; GitLab's job likewise."""
    github = skeleton_files(NyHandbok())[".github/workflows/varsle.yml"]
    assert "if: vars.HANDBOK_SMTP_VERT != ''" in github and 'cron: "' in github and "handbok varsle" in github
    assert "secrets.HANDBOK_SMTP_PASSORD" in github and 'HANDBOK_PAKKE: "handbok @ git+https://' in github
    gitlab = skeleton_files(NyHandbok(gitlab=True))[".gitlab-ci.yml"]
    assert '$CI_PIPELINE_SOURCE == "schedule" && $HANDBOK_SMTP_VERT' in gitlab and "handbok varsle" in gitlab


def test_init_refuses_a_folder_with_files(tmp_path: Path) -> None:
    (tmp_path / "h").mkdir()
    (tmp_path / "h" / "notat.txt").write_text("x", encoding="utf-8")
    code, _, err = run("init", str(tmp_path / "h"))
    assert code == 2 and "ikke tom" in err
    assert [p.name for p in (tmp_path / "h").iterdir()] == ["notat.txt"]


def test_this_repository_uses_the_default_site_configuration_and_how_to() -> None:
    """The skeleton is the tool's default site configuration: this example handbook uses it as it is."""
    files = skeleton_files(NyHandbok(navn="Rutinehåndbok",
                                     beskrivelse="Felles rutiner og funksjonsbeskrivelser for hjemmetjenesten"))
    assert files["mkdocs.yml"] == (REPO / "mkdocs.yml").read_text(encoding="utf-8")
    assert files["docs/slik-endrer-du-en-rutine.md"] == (REPO / "docs/slik-endrer-du-en-rutine.md").read_text(
        encoding="utf-8")


def test_the_wheel_carries_everything_a_new_handbook_needs(tmp_path: Path) -> None:
    """Build the wheel, install it into a new virtual environment outside this repository (its
    dependencies from this one, no network), and run init, sjekk and bygg there."""
    dist = tmp_path / "dist"
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--no-build-isolation",
                    "-w", str(dist), str(REPO)], check=True, capture_output=True, cwd=tmp_path)
    [wheel] = dist.glob("handbok-*.whl")
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    site = next(venv.glob("lib/python3*/site-packages"))
    python = venv / "bin" / "python"
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    subprocess.run([sys.executable, "-m", "pip", "--python", str(python), "install", "--quiet", "--no-deps",
                    "--ignore-installed", str(wheel)], check=True, capture_output=True, env=env)
    # The dependencies from this environment, added after the wheel so pip never mistakes this
    # repository's editable install for the package it was asked to install.
    deps = next(p for p in map(Path, sys.path) if p.name == "site-packages" and (p / "mkdocs").is_dir())
    (site / "avhengigheter.pth").write_text(f"{deps}\n", encoding="utf-8")

    def handbok(*args: str, cwd: Path = tmp_path) -> subprocess.CompletedProcess[str]:
        return subprocess.run([str(venv / "bin" / "handbok"), *args], cwd=cwd, env=env, capture_output=True,
                              text=True)

    where = subprocess.run([str(python), "-c", "import handbok; print(handbok.__file__)"], env=env,
                           capture_output=True, text=True, check=True).stdout
    assert str(site) in where, where  # the wheel's copy, not this repository's source
    assert handbok("init", "ny").returncode == 0
    git(tmp_path / "ny", "add", "-A")
    git(tmp_path / "ny", "commit", "-q", "-m", "Ny håndbok")
    assert handbok("sjekk", cwd=tmp_path / "ny").returncode == 0
    built = handbok("bygg", cwd=tmp_path / "ny")
    assert built.returncode == 0, built.stdout + built.stderr
    assert (tmp_path / "ny" / "site" / "status" / "index.html").is_file()


# Everything a new handbook publishes or shows an inspector, and what decides who approves it.
EVIDENCE = ("rutiner/a.md", "funksjonsbeskrivelser/b.md", "implementeringsplan.yaml", "docs/index.md",
            "vedlegg/skjema.pdf", "statistikk/avvik.yaml", "statistikk/kompetanse.yaml", "handbok.yaml", "mkdocs.yml",
            "implementering/nord.yaml", "overrides/main.html")


def owners(codeowners: Path, path: str) -> list[str]:
    """The owners GitHub and GitLab pick for `path`: the last matching rule wins (*, folders and files)."""
    found: list[str] = []
    for line in codeowners.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        pattern, *rule_owners = line.split()
        pattern = pattern.lstrip("/")
        if pattern == "*" or path == pattern or (pattern.endswith("/") and path.startswith(pattern)):
            found = rule_owners
    return found


@pytest.mark.parametrize("host, own", [("github", (".github/CODEOWNERS", ".github/workflows/pr.yml")),
                                       ("gitlab", (".gitlab/CODEOWNERS", ".gitlab-ci.yml"))])
def test_codeowners_own_every_published_or_evidential_path_and_themselves(tmp_path: Path, host: str,
                                                                        own: tuple[str, ...]) -> None:
    folder = tmp_path / "h"
    assert run("init", str(folder), *(["--gitlab"] if host == "gitlab" else []), "--team", "@kommune/teamet")[0] == 0
    codeowners = folder / own[0]
    for path in (*EVIDENCE, *own):
        assert owners(codeowners, path) == ["@kommune/teamet"], path
