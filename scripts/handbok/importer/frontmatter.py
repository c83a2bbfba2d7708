"""Importer: a draft's front matter -> YAML text in the handbook's own layout (lists inline, ansvar as a block)."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

_SLUGS = ("id", "dokumentstatus", "eier", "gjelder_for", "kategorier")
_YAML11 = frozenset({"y", "n", "yes", "no", "on", "off", "true", "false", "null"})


def _slugs(value: Any) -> str:
    """Ids as the handbook writes them, unquoted: a slug is always a plain YAML string."""
    if isinstance(value, list):
        return "[" + ", ".join(_slug(v) for v in value) + "]"
    return _slug(value)


def _slug(value: str) -> str:
    """Unquoted unless YAML 1.1 would read it as something else (no, on, 2024)."""
    return json.dumps(value) if value in _YAML11 or not value[:1].isalpha() else value


def yaml_text(data: dict[str, Any]) -> str:
    lines = ["---"]
    for key, value in data.items():
        if key in _SLUGS:
            lines.append(f"{key}: {_slugs(value)}")
        elif key == "ansvar":
            lines.append("ansvar:")
            lines += [f"  {role}: {_scalar(text)}" for role, text in value.items()]
        elif key == "endringslogg":
            lines.append("endringslogg:")
            lines += [f"  - {_inline(entry)}" for entry in value]
        elif isinstance(value, dict):
            lines.append(f"{key}: {_inline(value)}")
        else:
            lines.append(f"{key}: {_scalar(value)}")
    return "\n".join([*lines, "---", ""])


def _scalar(value: Any) -> str:
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, list):
        return "[" + ", ".join(_scalar(v) for v in value) + "]"
    return json.dumps(value, ensure_ascii=False)  # a JSON string is a valid YAML double-quoted scalar


def _inline(entry: dict[str, Any]) -> str:
    return "{" + ", ".join(f"{k}: {_scalar(v)}" for k, v in entry.items()) + "}"
