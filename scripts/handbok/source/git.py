"""git: the only module that runs git — one runner with fixed flags, and the few questions callers ask.

Plain `git` through subprocess, no library: the one-pass `git log` and one `git cat-file --batch`
for every old text are what the benchmark measured fast. Every failure becomes a `GitError`
whose text is one Norwegian line for the user; callers that can do without git catch it.
"""

from __future__ import annotations

import subprocess
from datetime import date, datetime
from pathlib import Path
from typing import Sequence

# The user's git configuration must not change what we parse: quoted paths, signatures, --follow,
# the log's encoding.
_FLAGS = ("-c", "core.quotepath=false", "-c", "log.showSignature=false", "-c", "log.follow=false",
          "-c", "i18n.logOutputEncoding=UTF-8")
GIT_MISSING = "Fant ikke git. Installer git og prøv igjen."


class GitError(Exception):
    """git could not answer; the text is one line for the user (the CLI exits with 2)."""


def run(root: Path, *args: str, stdin: bytes | None = None, hint: str = "") -> bytes:
    """git's stdout for `args` run in `root`; `hint` tells the user what to check when it fails
    (by default: that `root` is a repository with a commit)."""
    try:
        done = subprocess.run(["git", *_FLAGS, *args], cwd=root, input=stdin, capture_output=True, check=True)
    except OSError:
        if not root.is_dir():
            raise GitError(f"Fant ikke mappen {root}.") from None
        raise GitError(GIT_MISSING) from None
    except subprocess.CalledProcessError as error:
        raise GitError(_failure(args[0], error.stderr, hint or _hint(root))) from None
    return done.stdout


def _hint(root: Path) -> str:
    return f"Sjekk at {root} er et git-repo med minst én commit (prøv «git status» og «git log -1» der)."


def _failure(subcommand: str, stderr: bytes, hint: str) -> str:
    lines = stderr.decode("utf-8", errors="replace").strip().splitlines()
    reason = lines[-1].strip().removeprefix("fatal: ").removeprefix("error: ").rstrip(".") if lines else ""
    said = f" (git sier: {reason})" if reason else ""
    return " ".join(part for part in (f"git {subcommand} feilet{said}.", hint) if part)


def is_shallow(root: Path) -> bool | None:
    """True/False for a shallow/complete clone; None when there is no git, repository or commit."""
    try:
        # Naming HEAD makes rev-parse fail in a repository without commits: one call for both questions.
        answer = run(root, "rev-parse", "--is-shallow-repository", "HEAD").decode().split()
    except GitError:
        return None
    return answer[0] == "true"


def log(root: Path, *args: str, stdin: str | None = None) -> str:
    """`git log` with `args`, decoded (a broken byte in a commit message is replaced, not fatal)."""
    return run(root, "log", *args, stdin=stdin.encode() if stdin is not None else None).decode(
        "utf-8", errors="replace")


def authors(root: Path, shas: Sequence[str]) -> dict[str, str]:
    """The author name of each commit, in one git call; empty when git cannot read them."""
    if not shas:
        return {}
    try:
        raw = log(root, "--no-walk=unsorted", "--stdin", "--format=%H%x1f%aN",
                  stdin="".join(f"{sha}\n" for sha in shas))
    except GitError:
        return {}
    pairs = (line.split("\x1f", 1) for line in raw.splitlines() if line)
    return {sha: name for sha, name in pairs}


def read_blobs(root: Path, wanted: Sequence[tuple[str, str]]) -> list[str | None]:
    """The text of each (commit, path relative to `root`), None where it does not exist or git cannot
    read it — one `git cat-file --batch` for all."""
    if not wanted:
        return []
    # "sha:./path" is relative to the working directory, like the paths `git log --relative` gives.
    request = "".join(f"{sha}:./{path}\n" for sha, path in wanted).encode()
    try:
        data = run(root, "cat-file", "--batch", stdin=request)
    except GitError:
        return [None] * len(wanted)  # git gone since the log was read: every old text is unknown
    return _parse_batch(data, len(wanted))


def _parse_batch(data: bytes, count: int) -> list[str | None]:
    texts: list[str | None] = []
    offset = 0
    for _ in range(count):
        header_end = data.index(b"\n", offset)
        header = data[offset:header_end].split()
        offset = header_end + 1
        if header[-1] in (b"missing", b"ambiguous"):
            texts.append(None)
            continue
        size = int(header[2])
        content = data[offset:offset + size]
        offset += size + 1  # the content is followed by a newline
        texts.append(content.decode("utf-8", errors="replace") if header[1] == b"blob" else None)
    return texts


def head_date(root: Path) -> date | None:
    """The day HEAD was committed (in its own time zone); None outside a repository, before the first
    commit or without git."""
    try:
        stamp = run(root, "log", "-1", "--format=%cI", "HEAD").decode().strip()
    except GitError:
        return None
    return datetime.fromisoformat(stamp).date() if stamp else None


def head_sha(root: Path) -> str | None:
    """The commit HEAD names; None outside a repository, before the first commit or without git."""
    try:
        return run(root, "rev-parse", "--verify", "--quiet", "HEAD").decode().strip() or None
    except GitError:
        return None


def has_local_changes(root: Path, paths: Sequence[str]) -> bool:
    """Whether any of `paths` differs from HEAD or is untracked; False when git cannot tell."""
    try:
        return bool(run(root, "status", "--porcelain", "--", *paths).strip())
    except GitError:
        return False


def merge_base(root: Path, ref: str, other: str = "HEAD") -> str:
    """The commit `ref` and `other` last had in common; GitError when there is none to find."""
    return run(root, "merge-base", ref, other,
               hint=f"Sjekk at «{ref}» er en gren eller commit som finnes (f.eks. origin/main), og at hele "
                     "historikken er hentet (fetch-depth: 0).").decode().strip()


def ls_tree(root: Path, commit: str, folders: Sequence[str]) -> list[tuple[str, str]]:
    """(object type, path) of every file under `folders` in `commit`, paths relative to `root`."""
    listing = run(root, "ls-tree", "-r", "-z", commit, "--", *folders,
                  hint=f"Sjekk at commit {commit} finnes i denne klonen.").decode("utf-8", errors="replace")
    entries = (line.split("\t", 1) for line in listing.split("\0") if line)
    return [(meta.split()[1], path) for meta, path in entries]


def changed_since(root: Path, commit: str, folders: Sequence[str]) -> list[str]:
    """The files under `folders` that differ between `commit` and the working tree (changed, added or deleted;
    a renamed file is both), paths relative to `root`."""
    listing = run(root, "diff", "--name-only", "--no-renames", "-z", commit, "--", *folders,
                  hint=f"Sjekk at commit {commit} finnes i denne klonen.").decode("utf-8", errors="replace")
    return [path for path in listing.split("\0") if path]


def init(root: Path) -> None:
    """A new repository in `root` whose first branch is main (what the workflows publish from)."""
    run(root, "init", "--quiet", "--initial-branch=main", hint=f"Sjekk at du kan skrive i {root}.")
