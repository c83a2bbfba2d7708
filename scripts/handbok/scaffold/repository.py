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
# Where the tool lives when its installed metadata does not say (a source tree that was never installed).
VERKTOY_URL = "https://github.com/kommune/handbok"


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
    verktoy_url: str = ""  # the tool's git repository; empty: the one the installed tool names


def tool_version() -> str:
    """The installed tool's version: the new handbook's CI installs exactly this one."""
    try:
        return metadata.version("handbok")
    except metadata.PackageNotFoundError:  # run from a source tree that was never installed
        return "0.1.0"


def tool_repository() -> str:
    """The tool's git repository, as the installed package names it (pyproject's [project.urls] Kildekode)."""
    try:
        urls = metadata.metadata("handbok").get_all("Project-URL") or []
    except metadata.PackageNotFoundError:
        urls = []
    named = dict(url.split(", ", 1) for url in urls if ", " in url)
    return named.get("Kildekode", VERKTOY_URL)


def tool_requirement(repository: str, version: str) -> str:
    """What pip installs in the new handbook's CI: the tool from its git repository at the release's tag.

    There is no `handbok` package in PyPI; a requirement by version alone would fail the first pull request."""
    return f"handbok @ git+{repository}@v{version}"


def skeleton_files(ny: NyHandbok) -> dict[str, str]:
    """{path in the new repository: text} for GitHub or GitLab."""
    # YAML and Markdown, not HTML: no escaping. Workflows hold GitHub's own ${{ … }}, so the
    # skeleton's placeholders use other delimiters: [[ value ]] and [% if … %].
    env = Environment(undefined=StrictUndefined, keep_trailing_newline=True, trim_blocks=True, lstrip_blocks=True,
                      autoescape=False, variable_start_string="[[", variable_end_string="]]",
                      block_start_string="[%", block_end_string="%]")
    version = tool_version()
    repository = ny.verktoy_url or tool_repository()
    values = {**ny.__dict__, "versjon": version, "verktoy_url": repository,
              "pakke": tool_requirement(repository, version)}
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
