"""Report: findings -> text for people, JSON for machines, annotations for GitHub and GitLab (same data)."""

from __future__ import annotations

import hashlib
import json
from typing import Callable, Sequence

from ..core.findings import Finding

FORMATS = ("tekst", "json", "github", "gitlab")


def render_findings(findings: Sequence[Finding], fmt: str) -> str:
    """The one reporter per format: `tekst`, `json`, `github` or `gitlab`."""
    reporters: dict[str, Callable[[Sequence[Finding]], str]] = {
        "tekst": findings_text, "json": findings_json, "github": findings_github, "gitlab": findings_gitlab}
    return reporters[fmt](findings)


def findings_text(findings: Sequence[Finding]) -> str:
    lines = [_line(f) for f in findings]
    lines.append(_summary(findings))
    return "\n".join(lines) + "\n"


def findings_json(findings: Sequence[Finding]) -> str:
    payload = {
        "funn": [f.as_json() for f in findings],
        "antall_feil": sum(f.alvor == "feil" for f in findings),
        "antall_advarsler": sum(f.alvor == "advarsel" for f in findings),
    }
    return json.dumps(payload, ensure_ascii=False, indent=2) + "\n"


def findings_github(findings: Sequence[Finding]) -> str:
    """One workflow command per finding, so GitHub marks the line in the pull request's diff:
    `::error file=F,line=L,title=KODE::melding`; the summary line last, as plain text."""
    lines = [f"::{'error' if f.alvor == 'feil' else 'warning'} {_properties(f)}::{_data(_message(f))}"
             for f in findings]
    return "\n".join([*lines, _summary(findings)]) + "\n"


def findings_gitlab(findings: Sequence[Finding]) -> str:
    """GitLab's code-quality report (a JSON list): merge requests show each finding on its line."""
    issues = [{
        "description": _message(f), "check_name": f.kode,
        "fingerprint": hashlib.sha256(repr((f.fil, f.linje, f.felt, f.kode, f.melding)).encode()).hexdigest(),
        "severity": "major" if f.alvor == "feil" else "minor",
        "location": {"path": f.fil, "lines": {"begin": f.linje or 1}},
    } for f in findings]
    return json.dumps(issues, ensure_ascii=False, indent=2) + "\n"


def _message(f: Finding) -> str:
    return f"{f.felt}: {f.melding}" if f.felt else f.melding


def _properties(f: Finding) -> str:
    parts = [f"file={_property(f.fil)}"]
    if f.linje:
        parts.append(f"line={f.linje}")
    parts.append(f"title={_property(f.kode)}")
    return ",".join(parts)


def _data(text: str) -> str:
    """GitHub's escaping for a workflow command's message."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _property(text: str) -> str:
    """… and for a property value, where `:` and `,` separate too."""
    return _data(text).replace(":", "%3A").replace(",", "%2C")


def _line(f: Finding) -> str:
    where = f"{f.fil}:{f.linje}" if f.linje else f.fil
    field = f" {f.felt}:" if f.felt else ""
    return f"{where}: {f.alvor}[{f.kode}]{field} {f.melding}"


def _summary(findings: Sequence[Finding]) -> str:
    errors = sum(f.alvor == "feil" for f in findings)
    warnings = len(findings) - errors
    if not findings:
        return "Alt i orden: ingen feil eller advarsler."
    parts = [f"{errors} feil" if errors else "Ingen feil"]
    if warnings:
        parts.append(f"{warnings} {'advarsel' if warnings == 1 else 'advarsler'}")
    return ", ".join(parts) + "."
