"""Init: a folder -> a new, empty handbook repository, written from the skeleton in templates/ny-handbok/."""

from __future__ import annotations

from dataclasses import dataclass
from importlib import metadata, resources
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Iterator

from jinja2 import Environment, StrictUndefined

from ..core.errors import Stop
from ..source.writing import create_exclusive

SKELETON = "ny-handbok"


@dataclass(frozen=True)
class NyHandbok:
    """What a new handbook is made from: its name, its first site, the team and the git host."""

    navn: str = "Rutinehåndbok"
    beskrivelse: str = "Felles rutiner og funksjonsbeskrivelser"
    sted_id: str = "hjemmetjenesten"
    sted_navn: str = "Hjemmetjenesten"
    team: str = "@kommune/implementeringsteamet"
    repo_url: str = ""
    gitlab: bool = False


def tool_version() -> str:
    """The installed tool's version: the new handbook's CI installs exactly this one."""
    try:
        return metadata.version("handbok")
    except metadata.PackageNotFoundError:  # run from a source tree that was never installed
        return "0.1.0"


def skeleton_files(ny: NyHandbok) -> dict[str, str]:
    """{path in the new repository: text} for GitHub or GitLab."""
    # YAML and Markdown, not HTML: no escaping. Workflows hold GitHub's own ${{ … }}, so the
    # skeleton's placeholders use other delimiters: [[ value ]] and [% if … %].
    env = Environment(undefined=StrictUndefined, keep_trailing_newline=True, trim_blocks=True, lstrip_blocks=True,
                      autoescape=False, variable_start_string="[[", variable_end_string="]]",
                      block_start_string="[%", block_end_string="%]")
    values = {**ny.__dict__, "versjon": tool_version()}
    files: dict[str, str] = {}
    for rel, source in _walk(resources.files("handbok") / "templates" / SKELETON, ""):
        target = "/".join(part.replace("dot-", ".", 1) if part.startswith("dot-") else part for part in rel.split("/"))
        if _for_host(target, ny.gitlab):
            files[target] = env.from_string(source.read_text(encoding="utf-8")).render(values)
    return files


def _walk(folder: Traversable, prefix: str) -> Iterator[tuple[str, Traversable]]:
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        rel = f"{prefix}{entry.name}"
        if entry.is_dir():
            yield from _walk(entry, rel + "/")
        else:
            yield rel, entry


def _for_host(path: str, gitlab: bool) -> bool:
    if path.startswith(".github/"):
        return not gitlab
    return gitlab if path.startswith((".gitlab/", ".gitlab-ci.yml")) else True


def init(folder: Path, ny: NyHandbok) -> list[str]:
    """Write the skeleton into `folder` (new or empty); returns the paths written. Nothing is overwritten."""
    if folder.exists() and (not folder.is_dir() or any(folder.iterdir())):
        raise Stop(f"{folder} finnes allerede og er ikke tom. Velg en ny mappe; ingenting er skrevet.")
    files = skeleton_files(ny)
    for rel, text in files.items():
        target = folder / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        create_exclusive(target, text)
    return sorted(files)
