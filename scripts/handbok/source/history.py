"""History: one pass over `git log` -> every file's changes, one entry per landed pull request.

How changes are attributed
--------------------------
We read the log with ``--first-parent -m``: only the commits on the main line are visited, and a
merge commit is diffed against its first parent only. So a pull request merged with a merge
commit is exactly *one* entry (the merge) carrying the sum of the branch's changes — the work in
progress inside the branch ("fix typo", "wip") never reaches the handbook's history pages, which
show what was *approved*. For that entry:

- ``pr`` comes from GitHub's subject ``Merge pull request #12 from …``; a squash merge keeps the
  number at the end of its subject, ``Ny rutine for fall (#12)``; anything else has ``pr=None``.
- ``melding`` is the pull request's title when GitHub put it in the merge body, else the subject.
- ``forfatter`` is the author of the branch's last commit (the merge's second parent): the merge
  commit's own author is whoever pressed the button, while a squash commit is already authored by
  the person who opened the pull request. Those names are read with one more git call in total.

"Rebase and merge" and fast-forwards put each commit on the main line; each is then an entry.
Renames are followed (``-M``): a change is filed under the file's *current* path, and
``Endring.fil`` keeps the path it had in that commit, which is what ``git cat-file`` needs.
Paths are relative to ``root`` (``--relative``), so a handbook in a subfolder of a larger
repository works too; keys are NFC like the loader's paths.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from types import MappingProxyType
from typing import Collection, Literal, Mapping, Sequence

from ..core.model import Bevis
from . import git
from .ledger import keys, raw_entries, site_of
from .loading import IMPLEMENTERING, PLAN, Corpus, Document, parse_plan, parse_settings

STANDARD_PREFIKSER = ("rutiner/", "funksjonsbeskrivelser/", "implementeringsplan.yaml")

# Control characters cannot be typed into a commit subject, so they are safe separators.
_RECORD, _FIELD = "\x1e", "\x1f"
_LOG_FORMAT = "%x1e%H%x1f%P%x1f%aI%x1f%aN%x1f%s%x1f%b%x1f"
_MERGE_PR = re.compile(r"^Merge pull request #(\d+) from ")
_SQUASH_PR = re.compile(r"\(#(\d+)\)\s*$")
_VERSJON = re.compile(r"""^versjon:\s*(["']?)([^"'\s#]+)\1\s*(?:#.*)?$""")

DiffType = Literal["lagt-til", "fjernet", "uendret", "hopp"]


@dataclass(frozen=True)
class Endring:
    """One change to one file: a commit on the main line (for a merged pull request: its merge)."""

    sha: str
    dato: datetime  # author date, timezone-aware
    forfatter: str  # the name only: the site is published, e-mail addresses are not
    melding: str
    pr: int | None
    fil: str = ""  # the file's path in this commit (differs from the key when renamed since)


@dataclass(frozen=True)
class Historikk:
    """Every file's changes, newest first, keyed by the file's current repository-relative path."""

    per_fil: Mapping[str, tuple[Endring, ...]]
    grunn: bool  # a shallow clone: the oldest change we see is not the file's first
    tilgjengelig: bool  # False: not a git repository, git missing or no commits

    def for_fil(self, path: str) -> tuple[Endring, ...]:
        return self.per_fil.get(_nfc(path), ())


@dataclass(frozen=True)
class DiffLinje:
    """One line of a readable diff; a "hopp" line stands for unchanged lines left out."""

    type: DiffType
    tekst: str


@dataclass(frozen=True)
class Sammenligning:
    """What changed in a file since a version: the change that introduced it, and the lines since."""

    fra: Endring
    linjer: tuple[DiffLinje, ...]


@dataclass(frozen=True)
class _Change:
    status: str  # git's letter: A, M, D, T, R, C
    fil: str
    gammel: str | None  # the path before a rename or copy


@dataclass(frozen=True)
class _Commit:
    sha: str
    foreldre: tuple[str, ...]
    dato: datetime
    forfatter: str
    emne: str
    tekst: str
    endringer: tuple[_Change, ...]


def les_historikk(root: Path, prefixes: Sequence[str] = STANDARD_PREFIKSER) -> Historikk:
    """Read the history of every file under `prefixes` (folders ending in "/" or exact files) at once."""
    grunn = git.is_shallow(root)
    if grunn is None:
        return Historikk(MappingProxyType({}), grunn=False, tilgjengelig=False)
    raw = git.log(root, "-z", "--first-parent", "-m", "--root", "-M", "--name-status", "--relative", "--no-color",
                  f"--format={_LOG_FORMAT}", "HEAD", "--", *(f":(literal){p}" for p in prefixes))
    commits = _parse_log(raw)
    per_fil = _per_file(commits, _branch_authors(root, commits))
    return Historikk(MappingProxyType(per_fil), grunn=grunn, tilgjengelig=True)


def endret_siden(root: Path, historikk: Historikk, onsket: Mapping[str, Collection[str]],
                 kontekst: int = 3) -> dict[tuple[str, str], Sammenligning]:
    """For each wanted (file, versjon): the oldest change after which the file said `versjon: <versjon>`,
    and the diff from the file's text then to the working tree. Every old text comes from one git call.

    A version missing from the result was never committed, or lies before a shallow clone's horizon.
    """
    requests = [(path, endring) for path, versjoner in sorted(onsket.items()) if versjoner
                for endring in reversed(historikk.for_fil(path))]  # oldest first
    texts = git.read_blobs(root, [(endring.sha, endring.fil or path) for path, endring in requests])
    first: dict[tuple[str, str], tuple[Endring, str]] = {}
    for (path, endring), text in zip(requests, texts):
        versjon = _front_matter_versjon(text) if text is not None else None
        if versjon is not None and versjon in onsket[path]:
            first.setdefault((path, versjon), (endring, text or ""))
    current = {path: _working_text(root, path) for path, _ in first}
    return {key: Sammenligning(endring, tuple(tekstdiff(old, current[key[0]], kontekst)))
            for key, (endring, old) in first.items()}


def tekstdiff(gammel: str, ny: str, kontekst: int = 3) -> list[DiffLinje]:
    """A readable line diff: changed lines with `kontekst` unchanged lines around them, the rest
    summarised as "hopp" lines. An empty list means no difference."""
    old, new = _lines(gammel), _lines(ny)
    if old == new:
        return []
    matcher = difflib.SequenceMatcher(None, old, new, autojunk=False)
    result: list[DiffLinje] = []
    shown_until = 0  # the first old line not yet shown or skipped
    for group in matcher.get_grouped_opcodes(kontekst):
        if group[0][1] > shown_until:
            result.append(_hopp(group[0][1] - shown_until))
        for tag, i1, i2, j1, j2 in group:
            result.extend(_opcode_lines(tag, old[i1:i2], new[j1:j2]))
        shown_until = group[-1][2]
    if shown_until < len(old):
        result.append(_hopp(len(old) - shown_until))
    return result


def _working_text(root: Path, path: str) -> str:
    current = root / path
    return current.read_text(encoding="utf-8", errors="replace") if current.is_file() else ""


def _parse_log(text: str) -> list[_Commit]:
    return [_parse_record(record) for record in text.split(_RECORD)[1:]]


def _parse_record(record: str) -> _Commit:
    # The format ends in a separator and -z adds a NUL; a commit message cannot contain NUL.
    header, _, listing = record.partition(_FIELD + "\0")
    sha, parents, dato, forfatter, emne, tekst = header.split(_FIELD, 5)
    return _Commit(sha, tuple(parents.split()), datetime.fromisoformat(dato), forfatter, emne, tekst,
                   _parse_name_status(listing.lstrip("\n").split("\0")))


def _parse_name_status(tokens: list[str]) -> tuple[_Change, ...]:
    changes: list[_Change] = []
    i = 0
    while i < len(tokens) and tokens[i]:
        status = tokens[i]
        if status[0] in "RC":  # a rename or copy names the old path, then the new one
            changes.append(_Change(status[0], tokens[i + 2], tokens[i + 1]))
            i += 3
        else:
            changes.append(_Change(status[0], tokens[i + 1], None))
            i += 2
    return tuple(changes)


def _branch_authors(root: Path, commits: Sequence[_Commit]) -> dict[str, str]:
    """Author name of each merge's second parent (the merged branch's tip), in one git call. A tip git
    cannot read keeps the merge's own author: the best we have."""
    return git.authors(root, [c.foreldre[1] for c in commits if len(c.foreldre) > 1])


def _per_file(commits: Sequence[_Commit], branch_authors: Mapping[str, str]) -> dict[str, tuple[Endring, ...]]:
    """File the changes under each file's current path, following renames while walking back in time."""
    per_fil: dict[str, list[Endring]] = {}
    current_of: dict[str, str] = {}  # a path as older commits name it -> the file's current path
    for commit in commits:  # newest first
        renamed: dict[str, str] = {}
        for change in commit.endringer:
            current = current_of.get(change.fil, change.fil)
            per_fil.setdefault(_nfc(current), []).append(_endring(commit, change.fil, branch_authors))
            if change.status == "R" and change.gammel is not None:
                renamed[change.gammel] = current
        # Before a rename the new path held no file (or another one): stop mapping it.
        for change in commit.endringer:
            if change.status == "R":
                current_of.pop(change.fil, None)
        current_of.update(renamed)
    return {path: tuple(changes) for path, changes in per_fil.items()}


def _endring(commit: _Commit, fil: str, branch_authors: Mapping[str, str]) -> Endring:
    merge = _MERGE_PR.match(commit.emne)
    squash = _SQUASH_PR.search(commit.emne)
    number = merge or squash
    title = _pr_title(commit.tekst) if merge else ""
    tip = commit.foreldre[1] if len(commit.foreldre) > 1 else ""
    return Endring(
        sha=commit.sha,
        dato=commit.dato,
        forfatter=branch_authors.get(tip, commit.forfatter),
        melding=title or commit.emne,
        pr=int(number.group(1)) if number else None,
        fil=fil,
    )


def _pr_title(body: str) -> str:
    """GitHub writes the pull request's title as the first line of the merge commit's body."""
    return next((line.strip() for line in body.splitlines() if line.strip()), "")


def _front_matter_versjon(text: str) -> str | None:
    lines = _lines(text)
    if not lines or lines[0].strip() != "---":
        return None
    for line in lines[1:]:
        if line.rstrip() in ("---", "..."):
            return None
        match = _VERSJON.match(line)
        if match:
            return match.group(2)
    return None


def _lines(text: str) -> list[str]:
    lines = text.lstrip("\ufeff").replace("\r\n", "\n").split("\n")
    return lines[:-1] if lines[-1] == "" else lines


def _opcode_lines(tag: str, old: list[str], new: list[str]) -> list[DiffLinje]:
    if tag == "equal":
        return [DiffLinje("uendret", line) for line in old]
    return [DiffLinje("fjernet", line) for line in old] + [DiffLinje("lagt-til", line) for line in new]


def _hopp(count: int) -> DiffLinje:
    return DiffLinje("hopp", "1 uendret linje" if count == 1 else f"{count} uendrede linjer")


def _nfc(path: str) -> str:
    return unicodedata.normalize("NFC", path)


# --- evidence for the ledger: the commit that first recorded each entry -------------------------------------

_EVIDENCE_FORMAT = "%x1e%H%x1f%cI%x1f"


def ledger_evidence(root: Path) -> dict[str, Bevis]:
    """For every entry of every site's history (keyed as `ledger.keys` keys them): the first commit on the main
    line whose files held it — what an inspector can check. One `git log` and one `git cat-file` for all; an
    entry not committed yet is not in the result (it counts by its own date). Empty without git."""
    if git.is_shallow(root) is None:
        return {}
    raw = git.log(root, "-z", "--first-parent", "-m", "--root", "--name-status", "--relative", "--no-color",
                  f"--format={_EVIDENCE_FORMAT}", "HEAD", "--", f":(literal){PLAN}", f":(literal){IMPLEMENTERING}/")
    commits = list(reversed(_parse_evidence_log(raw)))  # oldest first
    wanted = [(sha, path) for sha, _, paths in commits for path in paths]
    texts = iter(git.read_blobs(root, wanted))
    state: dict[str, Document] = {}
    found: dict[str, Bevis] = {}
    for sha, when, paths in commits:
        for path in paths:
            text = next(texts)
            if text is None:
                state.pop(path, None)  # deleted in this commit
            else:
                state[path] = parse_plan(text, path) if path == PLAN else parse_settings(text, path, "historikk")
        touched = {site_of(state[p]) for p in paths if p in state and p != PLAN}
        every = PLAN in paths
        corpus = Corpus(root, (), (), state.get(PLAN), historikk=tuple(
            d for p, d in state.items() if p != PLAN and (every or site_of(d) in touched)))
        for (sted, _), row in keys(raw_entries(corpus)).items():
            if every or sted in touched:
                for key in row:
                    found.setdefault(key, Bevis(sha, when))
    return found


def _parse_evidence_log(text: str) -> list[tuple[str, date, list[str]]]:
    """(commit, its day, the plan and history files it changed) for each commit, newest first."""
    commits = []
    for record in text.split(_RECORD)[1:]:
        header, _, listing = record.partition(_FIELD + "\0")
        sha, stamp = header.split(_FIELD)[:2]
        paths = [_nfc(c.fil) for c in _parse_name_status(listing.lstrip("\n").split("\0"))
                 if c.fil == PLAN or (c.fil.startswith(f"{IMPLEMENTERING}/") and c.fil.endswith(".yaml"))]
        commits.append((sha, datetime.fromisoformat(stamp).date(), paths))
    return commits
