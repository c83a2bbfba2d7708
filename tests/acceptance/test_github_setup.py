"""GitHub setup: workflows valid against GitHub's schema, CODEOWNERS, PR template, pre-commit, the how-to page."""

from __future__ import annotations

import re
import io
import shlex
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from handbok.cli.main import build_parser
from handbok.core.errors import Stop

ROOT = Path(__file__).resolve().parents[2]
WORKFLOWS = sorted((ROOT / ".github" / "workflows").glob("*.y*ml"))
TEAM = "@kommune/implementeringsteamet"
OWNED = ("rutiner/fallforebygging.md", "funksjonsbeskrivelser/sykepleier.md", "implementeringsplan.yaml",
         "implementering/sor.yaml", "docs/index.md", "docs/slik-endrer-du-en-rutine.md", "handbok.yaml",
         # published or evidence too: attachments, imported statistics, the site's texts, the CI and this file
         "vedlegg/fallrisiko-kartlegging.pdf", "statistikk/avvik.yaml", "statistikk/kompetanse.yaml", "mkdocs.yml",
         ".github/CODEOWNERS", ".github/workflows/pr.yml", ".github/pull_request_template.md")


def load_yaml(path: Path) -> Any:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def steps(workflow: dict[str, Any]) -> list[dict[str, Any]]:
    return [step for job in workflow["jobs"].values() for step in job.get("steps", [])]


TOOL_PATHS = ["scripts/**", "tests/**", "benchmarks/**", "pyproject.toml", "constraints.txt", "Makefile",
              "package*.json", ".ci/**"]
ALLOWED_ACTIONS = {"actions/checkout", "actions/setup-python", "actions/configure-pages",
                   "actions/upload-pages-artifact", "actions/deploy-pages"}


def test_the_three_workflows_exist() -> None:
    assert [p.name for p in WORKFLOWS] == ["pr.yml", "publiser.yml", "test.yml"]


@pytest.mark.parametrize("workflow", WORKFLOWS, ids=lambda p: p.name)
def test_no_value_is_pasted_into_a_script_and_no_third_party_action(workflow: Path) -> None:
    data = load_yaml(workflow)
    assert all("${{" not in s.get("run", "") for s in steps(data))  # values reach scripts through env
    assert {s["uses"].split("@")[0] for s in steps(data) if "uses" in s} <= ALLOWED_ACTIONS


@pytest.mark.parametrize("workflow", WORKFLOWS, ids=lambda p: p.name)
def test_workflow_matches_githubs_schema(workflow: Path) -> None:
    done = subprocess.run([sys.executable, "-m", "check_jsonschema", "--builtin-schema", "vendor.github-workflows",
                           str(workflow)], capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr


@pytest.mark.parametrize("workflow", WORKFLOWS, ids=lambda p: p.name)
def test_workflow_fetches_all_history_and_uses_python_311(workflow: Path) -> None:
    data = load_yaml(workflow)
    by_action = {s["uses"].split("@")[0]: s for s in steps(data) if "uses" in s}
    # Without all commits the history on the pages is incomplete and pr-sjekk has no merge base.
    assert by_action["actions/checkout"]["with"]["fetch-depth"] == 0
    assert by_action["actions/setup-python"]["with"]["python-version"] == "3.11"


def test_pr_workflow_checks_content_first_and_never_runs_the_tools_tests() -> None:
    data = load_yaml(ROOT / ".github" / "workflows" / "pr.yml")
    runs = [s.get("run", "") for s in steps(data)]
    assert "pull_request" in data[True] and "paths" not in (data[True]["pull_request"] or {})
    assert runs[runs.index("make install") + 1:] == [
        ".venv/bin/handbok sjekk --format github",
        '.venv/bin/handbok pr-sjekk --base "origin/$BASE_REF" --format github',
        '.venv/bin/handbok pr-sjekk --base "origin/$BASE_REF" --format oppsummering >> "$GITHUB_STEP_SUMMARY"',
        ".venv/bin/handbok bygg"]
    assert not any("make test" in run or "chromium" in run for run in runs)
    summary = next(s for s in steps(data) if "oppsummering" in s.get("run", ""))
    assert summary["if"] == "${{ !cancelled() }}"


def test_tool_tests_run_only_when_the_tool_changes() -> None:
    data = load_yaml(ROOT / ".github" / "workflows" / "test.yml")
    assert data[True]["pull_request"]["paths"] == TOOL_PATHS
    assert data[True]["push"] == {"branches": ["main"], "paths": TOOL_PATHS}
    runs = "\n".join(s.get("run", "") for s in steps(data))
    assert "apt-get install -y -qq chromium" in runs and "make test" in runs and "handbok" not in runs


def test_publish_workflow_deploys_to_pages() -> None:
    data = load_yaml(ROOT / ".github" / "workflows" / "publiser.yml")
    assert data[True]["push"]["branches"] == ["main"] and "workflow_dispatch" in data[True]
    assert data[True]["schedule"] == [{"cron": "15 2 * * *"}]  # nightly: «forsinket» follows today
    assert data["concurrency"] == {"group": "pages", "cancel-in-progress": False}
    build, deploy = data["jobs"]["bygg"], data["jobs"]["publiser"]
    assert [s["uses"].split("@")[0] for s in build["steps"] if "uses" in s][-1] == "actions/upload-pages-artifact"
    assert any(step.get("run") == ".venv/bin/handbok bygg" for step in build["steps"])
    assert deploy["needs"] == "bygg" and deploy["permissions"] == {"pages": "write", "id-token": "write"}
    assert deploy["environment"]["name"] == "github-pages"
    assert deploy["steps"][0]["uses"].startswith("actions/deploy-pages@")


@pytest.mark.parametrize("workflow", WORKFLOWS, ids=lambda p: p.name)
def test_make_targets_used_by_workflows_exist(workflow: Path) -> None:
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    targets = set(re.findall(r"^([A-Za-z][\w.-]*):", makefile, re.MULTILINE))
    runs = "\n".join(s.get("run", "") for s in steps(load_yaml(workflow)))
    used = set(re.findall(r"\bmake ([A-Za-z][\w.-]*)", runs))
    assert used and used <= targets


def codeowners_owner(path: str) -> list[str]:
    """The owners GitHub picks for `path`: the last matching rule wins (folder and exact-file rules only)."""
    owners: list[str] = []
    for line in (ROOT / ".github" / "CODEOWNERS").read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        pattern, *rule_owners = line.split()
        pattern = pattern.lstrip("/")
        if path == pattern or (pattern.endswith("/") and path.startswith(pattern)):
            owners = rule_owners
    return owners


@pytest.mark.parametrize("path", OWNED)
def test_codeowners_gives_the_team_the_handbook_files(path: str) -> None:
    assert codeowners_owner(path) == [TEAM]


def test_codeowners_explains_itself_in_norwegian() -> None:
    text = (ROOT / ".github" / "CODEOWNERS").read_text(encoding="utf-8")
    assert "# Implementeringsteamet eier rutinene" in text
    assert codeowners_owner("scripts/handbok/cli.py") == []


def test_pull_request_template_asks_the_right_questions() -> None:
    text = (ROOT / ".github" / "pull_request_template.md").read_text(encoding="utf-8")
    headings = re.findall(r"^## (.+)$", text, re.MULTILINE)
    assert headings == ["Hva er endret?", "Hvorfor?", "Hvilke tjenestesteder og roller berøres?",
                        "MAJOR eller MINOR?", "Sjekkliste"]
    section = text.split("## MAJOR eller MINOR?")[1].split("## Sjekkliste")[0]
    assert re.search(r"^- \[ \] \*\*MAJOR\*\* .*praksis er endret", section, re.MULTILINE)
    assert re.search(r"^- \[ \] \*\*MINOR\*\* .*ordlyden", section, re.MULTILINE)
    checklist = text.split("## Sjekkliste")[1]
    for field in ("`versjon` er økt", "`endringslogg`", "`godkjent_dato`"):
        assert any(line.startswith("- [ ]") and field in line for line in checklist.splitlines())


def pre_commit_hook() -> dict[str, Any]:
    data = load_yaml(ROOT / ".pre-commit-config.yaml")
    [repo] = data["repos"]
    assert repo["repo"] == "local"
    [hook] = repo["hooks"]
    return dict(hook)


def test_pre_commit_hook_runs_handbok_sjekk_once() -> None:
    hook = pre_commit_hook()
    assert hook["entry"].endswith("handbok sjekk")
    assert hook["language"] == "system" and hook["pass_filenames"] is False


@pytest.mark.parametrize("path, runs", [
    ("rutiner/fallforebygging.md", True),
    ("funksjonsbeskrivelser/sykepleier.md", True),
    ("implementeringsplan.yaml", True),
    ("implementering/nord.yaml", True),
    ("implementeringsplan.yaml.bak", False),
    ("docs/slik-endrer-du-en-rutine.md", False),
    ("scripts/handbok/cli.py", False),
    ("tests/tilfeller/_grunnlag/rutiner/fallforebygging.md", False),
])
def test_pre_commit_hook_runs_for_handbook_files_only(path: str, runs: bool) -> None:
    # pre-commit matches `files` with re.search against the repository-relative path.
    assert bool(re.search(pre_commit_hook()["files"], path)) is runs


HOWTO = ROOT / "docs" / "slik-endrer-du-en-rutine.md"


def test_howto_page_starts_with_a_heading() -> None:
    assert HOWTO.read_text(encoding="utf-8").startswith("# Slik endrer du en rutine\n")


def howto_commands() -> list[str]:
    text = HOWTO.read_text(encoding="utf-8")
    blocks = re.findall(r"^```sh\n(.*?)^```", text, re.MULTILINE | re.DOTALL)
    lines = (line.split("  #")[0].strip() for block in blocks for line in block.splitlines())
    return [line.removeprefix(".venv/bin/") for line in lines if line.startswith(".venv/bin/handbok ")]


def test_howto_page_shows_the_commands_it_promises() -> None:
    names = [shlex.split(c)[1] for c in howto_commands()]
    assert names == ["sjekk", "pr-sjekk", "ny", "registrer", "evaluer", "tiltak", "tiltak"]


@pytest.mark.parametrize("command", howto_commands())
def test_howto_commands_are_accepted_by_the_cli(command: str) -> None:
    try:
        build_parser(io.StringIO(), io.StringIO()).parse_args(shlex.split(command)[1:])
    except Stop as stop:
        pytest.fail(f"{command}: {stop}")
