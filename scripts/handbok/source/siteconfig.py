"""Site configuration: mkdocs.yml -> the Markdown extensions the engine renders with (for the safety check)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import markdown
import yaml

from ..core.findings import Finding, advarsel

CONFIG = "mkdocs.yml"
# As in the skeleton mkdocs.yml (`handbok ny`), for a handbook that has none.
DEFAULT_EXTENSIONS: tuple[str, ...] = ("admonition", "attr_list", "tables", "toc", "footnotes", "pymdownx.tasklist",
                                      "handbok.markdown_ext")


@dataclass(frozen=True)
class MarkdownOppsett:
    """The Markdown extensions (and their settings) the site's engine renders with."""

    utvidelser: tuple[str, ...] = DEFAULT_EXTENSIONS
    innstillinger: tuple[tuple[str, tuple[tuple[str, Any], ...]], ...] = ()

    @property
    def nokkel(self) -> str:
        """Part of the cache key: other extensions, other verdicts."""
        return repr((self.utvidelser, self.innstillinger))

    def markdown(self) -> markdown.Markdown:
        """A fresh converter (extensions keep state between documents)."""
        return markdown.Markdown(extensions=list(self.utvidelser),
                                 extension_configs={name: dict(config) for name, config in self.innstillinger})


class _TolerantLoader(yaml.SafeLoader):
    """mkdocs.yml may hold `!!python/name:` and `!ENV` tags; they are settings we do not need here."""


_TolerantLoader.add_multi_constructor("", lambda loader, suffix, node: None)


def markdown_oppsett(root: Path) -> tuple[MarkdownOppsett, list[Finding]]:
    """The extensions in `root/mkdocs.yml` (defaults without one); one that cannot be loaded is left out
    with a warning, so the check still renders what it can."""
    path = root / CONFIG
    if not path.is_file():
        return MarkdownOppsett(), []
    try:
        raw = yaml.load(path.read_text(encoding="utf-8"), Loader=_TolerantLoader) or {}
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        return MarkdownOppsett(), [advarsel("ugyldig-mkdocs", CONFIG, None, "markdown_extensions",
                                            f"{CONFIG} kan ikke leses; sjekken bruker standardutvidelsene.")]
    entries = raw.get("markdown_extensions") if isinstance(raw, dict) else None
    return _usable(_entries(entries if isinstance(entries, list) else list(DEFAULT_EXTENSIONS)))


def _entries(items: list[Any]) -> list[tuple[str, dict[str, Any]]]:
    out: list[tuple[str, dict[str, Any]]] = []
    for item in items:
        if isinstance(item, str):
            out.append((item, {}))
        elif isinstance(item, dict):
            out.extend((str(name), {k: v for k, v in (config or {}).items() if v is not None})
                       for name, config in item.items() if config is None or isinstance(config, dict))
    return out


def _usable(entries: list[tuple[str, dict[str, Any]]]) -> tuple[MarkdownOppsett, list[Finding]]:
    kept: list[tuple[str, dict[str, Any]]] = []
    warnings: list[Finding] = []
    for name, config in entries:
        try:
            markdown.Markdown(extensions=[name], extension_configs={name: config})
        except Exception:  # an extension is third-party code: any failure means "cannot use it here"
            warnings.append(advarsel("ukjent-markdown-utvidelse", CONFIG, None, "markdown_extensions",
                                     f"Markdown-utvidelsen «{name}» kan ikke lastes, så sjekken ser bort fra den. "
                                     "Installer den eller fjern den fra mkdocs.yml."))
            continue
        kept.append((name, config))
    settings = tuple((name, tuple(sorted(config.items()))) for name, config in kept if config)
    return MarkdownOppsett(tuple(name for name, _ in kept), settings), warnings
