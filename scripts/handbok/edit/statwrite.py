"""Statistics writing: the rules for rewriting one imported-counts file (statistikk/avvik.yaml, statistikk/kompetanse.yaml).

The counts are the importer's own output, so the file is read with its comments (ruamel round-trip), changed in
place and written whole; the one editor (`yamlfile.edit`) locks, validates with the cache and writes atomically.
The file's line ending (CRLF or LF) and its BOM stay.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any, Callable, Mapping

from ruamel.yaml.comments import CommentedMap
from ruamel.yaml.error import YAMLError

from ..checks.run import CheckResult
from ..core.errors import Refused
from ..source.cache import Cache
from ..source.loading import Kind
from .yamlfile import Fil, dump, edit, split_lines, yaml_writer

Change = Callable[[CheckResult, CommentedMap], str]  # changes the data in place; returns the message


class StatisticsRefused(Refused):
    """The counts were not written; the text says why."""


def rewrite(root: Path, rel: str, kind: Kind, header: str, today: date, cache: Cache | None, change: Change) -> str:
    """Apply `change` to the file `rel` (created with `header` as its comment when missing) and write it."""
    def rules(before: CheckResult, texts: Mapping[str, str]) -> tuple[dict[str, str], str]:
        old = texts[rel]
        data = _load(old, rel)
        message = change(before, data)
        text = _comment(header) + "\n".join(dump(data)) + "\n" if not old.strip() else "\n".join(dump(data)) + "\n"
        return {rel: _endings_of(old, text)}, message

    return edit(root, [Fil(rel, kind)], today, cache, rules)


def _load(text: str, rel: str) -> CommentedMap:
    if not text.strip():
        return CommentedMap()
    try:
        data: Any = yaml_writer().load(text.replace("\r\n", "\n"))
    except (YAMLError, ValueError):
        data = None
    if not isinstance(data, CommentedMap):
        raise StatisticsRefused(f"{rel} kan ikke leses. Kjør «handbok sjekk» og rett feilene først; ingenting er importert.")
    return data


def _comment(header: str) -> str:
    return "".join(f"# {line}".rstrip() + "\n" for line in header.split("\n")) if header else ""


def _endings_of(old: str, text: str) -> str:
    """`text` with the line ending `old` used (LF for a new file)."""
    _, endings = split_lines(old)
    return text.replace("\n", "\r\n") if "\r\n" in endings else text
