"""Report: findings -> text for people or JSON for machines (one reporter, same data)."""

from __future__ import annotations

import json
from typing import Sequence

from .findings import Finding


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
