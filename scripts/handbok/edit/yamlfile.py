"""Editing: the one editor for the YAML files handbok writes — lock, read, change, validate with the cache, write.

A command gives only its rules: a function of the handbook as it is (checked, with the cache) and the texts
of the files it changes, returning their new texts and what to tell the user. The editor holds a lock on each
of those files for the whole read–check–write, so simultaneous commands queue instead of losing each other's
changes; refuses a symbolic link or a write-protected file; checks the result with the same cache, so only
the changed files are read again (an edit of the plan or a history renders no routine); and writes each
changed file atomically, refused if it changed on disk in the meantime (an editor does not take our lock).

The texts the rules see keep their own line endings; `Linjer` splices lines by position so every other
line keeps its ending, comments and order, and a BOM stays as it was.
"""

from __future__ import annotations

import io
import re
from collections import Counter
from contextlib import ExitStack
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any, Callable, Mapping, Sequence

from ruamel.yaml import YAML

from ..checks.run import CheckResult, check_corpus
from ..core.errors import Refused
from ..core.findings import Finding
from ..source.cache import Cache, text_key
from ..source.loading import DOCUMENT, Kind, load_corpus, parse
from ..source.writing import Snapshot, locked, require_replaceable, write_if_unchanged

_LINE_BREAK = re.compile(r"(\r\n|\r|\n)")  # the breaks YAML knows besides NEL/LS/PS, which free text may not hold

Rules = Callable[[CheckResult, Mapping[str, str]], tuple[dict[str, str], str]]


class EditRefused(Refused):
    """The change was not written; the text says why, in Norwegian."""


@dataclass(frozen=True)
class Fil:
    """A file an edit may change: its repository-relative path and what kind of file it is."""

    rel: str
    kind: Kind


def edit(root: Path, files: Sequence[Fil], today: date, cache: Cache | None, rules: Rules) -> str:
    """Apply `rules` to `files` under their locks, validate the result and write what changed."""
    cache = cache or Cache(None)
    with ExitStack() as stack:
        for fil in sorted(files, key=lambda f: f.rel):  # one order for every command: no deadlock
            stack.enter_context(locked(root / fil.rel.replace("/", "-")))
            require_replaceable(root / fil.rel)
        before = check_corpus(load_corpus(root, cache), today, cache)
        snapshots = {fil.rel: Snapshot.read(root / fil.rel) for fil in files}
        texts, message = rules(before, {rel: snapshot.text for rel, snapshot in snapshots.items()})
        kinds = {fil.rel: fil.kind for fil in files}
        changed = {rel: text for rel, text in texts.items() if text != snapshots[rel].text}
        _validate(before, {rel: (text, kinds[rel]) for rel, text in changed.items()}, cache)
        for rel, text in changed.items():
            (root / rel).parent.mkdir(parents=True, exist_ok=True)
            write_if_unchanged(snapshots[rel], ("\ufeff" if snapshots[rel].bom else "") + text)
        return message


def _validate(before: CheckResult, changed: Mapping[str, tuple[str, Kind]], cache: Cache) -> None:
    """Refuse a change that would add an error the handbook did not have before."""
    corpus = before.corpus
    for rel, (text, kind) in changed.items():  # through the cache, so the next command finds the new file read
        doc = cache.get("dokument", rel, text_key(rel, kind, text), lambda: parse(text, rel, kind), DOCUMENT)
        corpus = corpus.med(doc)
    after = check_corpus(corpus, before.today, cache)
    old = {_key(f) for f in before.findings if f.alvor == "feil"}
    new = [f for f in after.findings if f.alvor == "feil" and _key(f) not in old]
    if new:
        where = ", ".join(sorted({f.fil for f in new}))
        details = "; ".join(f"{f.felt}: {f.melding}" if f.felt else f.melding for f in new[:3])
        raise EditRefused(f"Endringen ville gitt feil i {where} og er ikke lagret: {details}")


def _key(f: Finding) -> tuple[str, str, str, str]:
    return f.kode, f.fil, f.felt, f.melding


# --- lines by position: every line keeps its own ending -----------------------------------------------


@dataclass
class Linjer:
    """A text as lines, each with its own ending ("" for a last line without one)."""

    linjer: list[str]
    endinger: list[str]

    @classmethod
    def fra(cls, text: str) -> Linjer:
        lines, endings = split_lines(text)
        return cls(lines, endings)

    def tekst(self) -> str:
        return "".join(line + ending for line, ending in zip(self.linjer, self.endinger))

    def erstatt(self, start: int, end: int, new: list[str]) -> None:
        """Lines[start:end] become `new`: a rewritten line keeps the ending its place had, an added one takes the
        ending of the line before it."""
        self.endinger = endings_for(self.endinger, start, end, len(new))
        self.linjer = [*self.linjer[:start], *new, *self.linjer[end:]]


def split_lines(text: str) -> tuple[list[str], list[str]]:
    """"a\r\nb\rc" -> (["a", "b", "c"], ["\r\n", "\r", ""]): each line and its own ending ("" for the last)."""
    parts = _LINE_BREAK.split(text)
    return parts[0::2], [*parts[1::2], ""]


def endings_for(endings: list[str], start: int, end: int, count: int) -> list[str]:
    """The endings after lines[start:end] became `count` new lines.

    A rewritten line keeps the ending its place had; a line added after them takes the ending of the
    line it follows (the file's most common one at the very top). Only the last line may lack one.
    """
    common = Counter(e for e in endings if e).most_common(1)
    fallback = common[0][0] if common else "\n"
    middle: list[str] = []
    for index in range(count):
        if index < end - start:
            middle.append(endings[start + index])
        else:
            middle.append(middle[-1] if middle else endings[start - 1] if start > 0 else fallback)
    result = [*endings[:start], *middle, *endings[end:]]
    for index in range(len(result) - 1):  # a line that was last (no ending) may now have lines after it
        if not result[index]:
            result[index] = next((e for e in reversed(result[:index]) if e), fallback)
    return result


def indent_of(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def block_end(lines: list[str], start: int) -> int:
    """The index after the last line that belongs to the key on `start` (trailing blanks and comments
    excluded). A list may sit at the key's own indentation («key:» then «- item»)."""
    indent = indent_of(lines[start])
    end = start + 1
    while end < len(lines) and (not lines[end].strip() or indent_of(lines[end]) > indent
                                or (indent_of(lines[end]) == indent and lines[end].lstrip().startswith("- "))):
        end += 1
    while end > start + 1 and (not lines[end - 1].strip() or lines[end - 1].lstrip().startswith("#")):
        end -= 1
    return end


def yaml_writer() -> YAML:
    """How handbok writes YAML: round trip (comments kept), no line wrapping, lists indented under their key."""
    yaml = YAML(typ="rt")
    yaml.preserve_quotes = True
    yaml.width = 4096
    yaml.indent(mapping=2, sequence=4, offset=2)
    yaml.representer.ignore_aliases = lambda data: True  # one date used twice is written twice, never as &id001
    return yaml


def dump(value: Any, indent: int = 0) -> list[str]:
    """`value` as YAML lines, each indented by `indent` spaces."""
    out = io.StringIO()
    yaml_writer().dump(value, out)
    pad = " " * indent
    return [pad + line if line else line for line in out.getvalue().rstrip("\n").split("\n")]
