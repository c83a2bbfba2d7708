"""Sections: a page's second-level headings -> (text, id) for its jump list, ids as the engine makes them."""

from __future__ import annotations

import re
from html import unescape

import markdown

_HEADING = re.compile(r"^#{1,6}[ \t].*$", re.MULTILINE)
_FENCED = re.compile(r"^(```|~~~).*?^\1", re.MULTILINE | re.DOTALL)


def headings(text: str) -> list[str]:
    """The ATX heading lines of Markdown `text`, outside code fences, in order."""
    return _HEADING.findall(_FENCED.sub("", text))


def sections(lines: list[str]) -> list[tuple[str, str]]:
    """(text, id) of each level-two heading among the page's heading `lines` (every level, page order):
    the engine's toc extension renders them, so ids match its slugs, duplicates and `{#id}` exactly."""
    md = markdown.Markdown(extensions=["toc", "attr_list"])
    md.convert("\n\n".join(lines))
    return [(unescape(str(token["name"])), str(token["id"])) for token in _flat(md.toc_tokens) if token["level"] == 2]  # type: ignore[attr-defined]


def _flat(tokens: list[dict[str, object]]) -> list[dict[str, object]]:
    out: list[dict[str, object]] = []
    for token in tokens:
        out.append(token)
        out.extend(_flat(token["children"]))  # type: ignore[arg-type]
    return out
