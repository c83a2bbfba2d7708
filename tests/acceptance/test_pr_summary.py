"""`handbok pr-sjekk --format oppsummering`: what a pull request changes for whom, in the job summary —
run the way a new handbook's workflow runs it, on a repository made with `handbok init`."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import yaml

from conftest import BASE, git, run
from handbok.prcheck.summary import body_diff

ROUTINE = "rutiner/fallforebygging.md"
RECORD = """tjenestested: hjemmetjenesten
dokumenter:
  fallforebygging:
    - {dato: 2025-03-01, hendelse: implementert, versjon: "1.1", hvordan: "Gjennomgått på personalmøte"}
"""


def handbook_on_a_branch(tmp_path: Path) -> Path:
    """A new handbook with one routine the site has implemented on main, and a branch with a MAJOR change."""
    root = tmp_path / "kommune"
    assert run("init", str(root))[0] == 0
    for rel in ("rutiner/fallforebygging.md", "funksjonsbeskrivelser/sykepleier.md",
                "funksjonsbeskrivelser/helsefagarbeider.md", "funksjonsbeskrivelser/avdelingsleder.md"):
        shutil.copy(BASE / rel, root / rel)
    (root / "implementering" / "hjemmetjenesten.yaml").write_text(RECORD, encoding="utf-8")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "Fallforebygging")
    git(root, "checkout", "-q", "-b", "ny-praksis")
    path = root / ROUTINE
    text = path.read_text(encoding="utf-8")
    for old, new in (('versjon: "1.1"', 'versjon: "2.0"'),
                     ("  helsefagarbeider: Melder", "  avdelingsleder: Sørger for opplæring <b>alle</b> `nå`.\n"
                                                    "  helsefagarbeider: Melder"),
                     ('endring: "Språkvask"}', 'endring: "Språkvask"}\n'
                                               '  - {versjon: "2.0", dato: 2026-01-05, endring: "Ny kartlegging"}'),
                     ("Forebygge fall hos brukere av hjemmetjenesten.",
                      "Forebygge fall hos brukere av hjemmetjenesten.\n\n## Tiltak\n\n"
                      "Bruk [skjemaet](https://evil.example) ved hver kartlegging.")):
        assert old in text, old
        text = text.replace(old, new, 1)
    path.write_text(text, encoding="utf-8")
    git(root, "commit", "-q", "-am", "Ny praksis for fallforebygging")
    return root


def workflow_commands(root: Path) -> list[list[str]]:
    """The `handbok` commands of the generated pr.yml, with the base branch filled in as CI would."""
    workflow = yaml.safe_load((root / ".github/workflows/pr.yml").read_text(encoding="utf-8"))
    runs = [step["run"] for job in workflow["jobs"].values() for step in job["steps"]
            if step.get("run", "").startswith("handbok ")]
    commands = [re.sub(r'\s*>>.*$', "", r).replace('"origin/$BASE_REF"', "main").split() for r in runs]
    return [["--rot", str(root), *command[1:]] for command in commands]


def test_the_generated_workflow_names_routine_major_site_and_role(tmp_path: Path) -> None:
    root = handbook_on_a_branch(tmp_path)
    commands = workflow_commands(root)
    assert [c[2] for c in commands] == ["sjekk", "pr-sjekk", "pr-sjekk", "bygg"]
    results = [run(*command) for command in commands]
    sjekk, gate, summary, bygg = results
    assert sjekk[0] == 0, sjekk
    assert gate[0] == 0 and "pr-major-reimplementering" in gate[1], gate
    assert bygg[0] == 0, bygg
    text = summary[1]
    assert summary[0] == 0
    assert "| Fallforebygging (rutine) | MAJOR – praksis endres | 1\\.1 → 2\\.0 |" in text
    assert "- **Hjemmetjenesten**: Fallforebygging" in text
    assert "- **Avdelingsleder**: får ansvar i Fallforebygging" in text
    assert "- *Under «Formål»:*\n  - Lagt til: **Overskrift: Tiltak**" in text
    # User text cannot add a link, HTML or code: brackets, angle brackets and backticks are neutralised.
    assert "[skjemaet](" not in text and "\\[skjemaet\\]\\(" in text
    assert "<b>" not in text and "`" not in text
    assert "versjon:" not in text  # no raw YAML


def test_an_unchanged_branch_says_so(tmp_path: Path) -> None:
    root = tmp_path / "h"
    assert run("init", str(root))[0] == 0
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "Ny håndbok")
    code, out, _ = run("--rot", str(root), "pr-sjekk", "--base", "main", "--format", "oppsummering")
    assert code == 0 and "Ingen rutiner eller funksjonsbeskrivelser er endret." in out


def test_body_diff_keeps_the_section_heading_and_skips_blank_lines() -> None:
    old = "## Formål\n\nA\n\n## Tiltak\n\nB\nC\n"
    new = "## Formål\n\nA\n\n## Tiltak\n\nB\nD\n"
    assert [(l.type, l.tekst) for l in body_diff(old, new)] == [
        ("overskrift", "Tiltak"), ("fjernet", "C"), ("lagt-til", "D")]
    many = body_diff("", "\n".join(f"linje {i}" for i in range(50)), maks=5)
    assert many[-1].type == "utelatt" and many[-1].tekst == "45"
