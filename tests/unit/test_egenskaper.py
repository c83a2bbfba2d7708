"""Property-based: random mutations of valid files never crash `handbok sjekk` — findings or clean, nothing else."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date

import fastjsonschema
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import BASE, validators_agree
from handbok.checks.run import check_corpus
from handbok.source.loading import Corpus, load_corpus, parse_markdown, parse_plan
from handbok.reports.findings import findings_json, findings_text
from handbok.checks.schema import fast_validator, validator
from handbok.core.status import beregn_status, status_json

CORPUS = load_corpus(BASE)
ROUTINE = (BASE / "rutiner" / "fallforebygging.md").read_text(encoding="utf-8")
PLAN = (BASE / "implementeringsplan.yaml").read_text(encoding="utf-8")
TODAY = date(2026, 1, 1)

# Fragments that trip YAML, the schema or the cross-references.
TOKENS = ["", ":", ": ", "-", "- ", "\t", "'", '"', "2.10", "2", "no", "yes", "on", "~", "null", "01.02.2024",
          "2024-02-30", "{", "}", "[", "]", "&a ", "*a", "!!python/object:os.system ", "!x ", "#", "|", ">",
          "---", "...", "%YAML 1.1", "\ufeff", "\r\n", "æøå", "ukjent-rolle", "nord", "fase-1", "9999", "-1",
          "<script>", "01019012480", "@", "\x00", "\\", "  ", "\n"]


@st.composite
def mutated(draw: st.DrawFn, text: str) -> str:
    lines = text.split("\n")
    for _ in range(draw(st.integers(1, 4))):
        index = draw(st.integers(0, len(lines) - 1))
        action = draw(st.sampled_from(["insert", "replace", "delete", "duplicate", "indent", "swap", "truncate"]))
        line = lines[index]
        if action == "insert":
            pos = draw(st.integers(0, len(line)))
            lines[index] = line[:pos] + draw(st.sampled_from(TOKENS)) + line[pos:]
        elif action == "replace":
            start = draw(st.integers(0, len(line)))
            end = draw(st.integers(start, len(line)))
            lines[index] = line[:start] + draw(st.sampled_from(TOKENS)) + line[end:]
        elif action == "delete" and len(lines) > 1:
            del lines[index]
        elif action == "duplicate":
            lines.insert(index, line)
        elif action == "indent":
            lines[index] = " " * draw(st.integers(0, 6)) + line.lstrip()
        elif action == "swap":
            other = draw(st.integers(0, len(lines) - 1))
            lines[index], lines[other] = lines[other], lines[index]
        elif action == "truncate":
            lines = lines[: index + 1]
    return "\n".join(lines)


def run_everything(corpus: Corpus) -> None:
    validators_agree(corpus)
    result = check_corpus(corpus, TODAY)
    json.loads(findings_json(result.findings))
    assert findings_text(result.findings)
    for finding in result.findings:
        assert finding.melding and finding.kode and finding.fil
    status_json(beregn_status(result.handbok, TODAY))


@settings(max_examples=400, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
@given(mutated(ROUTINE))
def test_mutated_routine_never_crashes(text: str) -> None:
    doc = parse_markdown(text, "rutiner/fallforebygging.md", "rutine")
    others = tuple(d for d in CORPUS.rutiner if d.fil != doc.fil)
    run_everything(replace(CORPUS, rutiner=(doc, *others)))


@settings(max_examples=400, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
@given(mutated(PLAN))
def test_mutated_plan_never_crashes(text: str) -> None:
    run_everything(replace(CORPUS, plan=parse_plan(text, "implementeringsplan.yaml")))


@settings(max_examples=200, deadline=None, derandomize=True)
@given(st.text(max_size=400))
def test_arbitrary_text_as_front_matter_never_crashes(text: str) -> None:
    doc = parse_markdown("---\n" + text + "\n---\nTekst\n", "rutiner/fallforebygging.md", "rutine")
    others = tuple(d for d in CORPUS.rutiner if d.fil != doc.fil)
    run_everything(replace(CORPUS, rutiner=(doc, *others)))
