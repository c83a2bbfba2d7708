"""Statistics writing: one imported-counts file (statistikk/avvik.yaml, statistikk/kompetanse.yaml) changed safely.

The whole read–check–write holds a lock; the file is read with its comments (ruamel round-trip),
changed in place, validated together with the rest of the handbook before it is written, and
written atomically — refused if someone changed it on disk meanwhile. Its BOM and line endings stay.
"""

from __future__ import annotations

import dataclasses
import io
from datetime import date
from pathlib import Path
from typing import Any, Callable

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap
from ruamel.yaml.error import YAMLError

from ..checks.run import CheckResult, check_corpus
from ..core.errors import Refused
from ..source.cache import Cache
from ..source.loading import Kind, load_corpus, parse_settings
from ..source.writing import Snapshot, locked, require_replaceable, write_if_unchanged

Change = Callable[[CheckResult, CommentedMap], str]  # changes the data in place; returns the message


class StatisticsRefused(Refused):
    """The counts were not written; the text says why."""


def rewrite(root: Path, rel: str, kind: Kind, header: str, today: date, cache: Cache | None, change: Change) -> str:
    """Apply `change` to the file `rel` (created with `header` as its comment when missing) and write it."""
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    with locked(root / rel.replace("/", "-")):  # the lock lives in .git/ (or beside the plan), never in statistikk/
        require_replaceable(path)
        before = check_corpus(load_corpus(root, cache), today, cache)
        snapshot = Snapshot.read(path)
        data = _load(snapshot.text, rel)
        message = change(before, data)
        text = _dump(data, header if not snapshot.text.strip() else "")
        if "\r\n" in snapshot.text:
            text = text.replace("\n", "\r\n")
        _validate(before, rel, kind, text)
        write_if_unchanged(snapshot, ("\ufeff" if snapshot.bom else "") + text)
        return message


def _yaml() -> YAML:
    yaml = YAML(typ="rt")
    yaml.preserve_quotes = True
    yaml.width = 4096
    yaml.indent(mapping=2, sequence=4, offset=2)
    return yaml


def _load(text: str, rel: str) -> CommentedMap:
    if not text.strip():
        return CommentedMap()
    try:
        data = _yaml().load(text.replace("\r\n", "\n"))
    except (YAMLError, ValueError):
        data = None
    if not isinstance(data, CommentedMap):
        raise StatisticsRefused(f"{rel} kan ikke leses. Kjør «handbok sjekk» og rett feilene først; ingenting er importert.")
    return data


def _dump(data: Any, header: str) -> str:
    out = io.StringIO()
    _yaml().dump(data, out)
    comment = "".join(f"# {line}".rstrip() + "\n" for line in header.split("\n")) if header else ""
    return comment + out.getvalue()


def _validate(before: CheckResult, rel: str, kind: Kind, text: str) -> None:
    """Refuse a result that would have an error in the file (a bug or a bad earlier edit: never written)."""
    doc = parse_settings(text, rel, kind)
    others = tuple(d for d in before.corpus.statistikk if d.fil != rel)
    after = check_corpus(dataclasses.replace(before.corpus, statistikk=(*others, doc)), before.today)
    errors = [f for f in after.findings if f.alvor == "feil" and f.fil == rel]
    if errors:
        details = "; ".join(f"{f.felt}: {f.melding}" for f in errors[:3])
        raise StatisticsRefused(f"Importen ville gitt feil i {rel} og er ikke lagret: {details}")
