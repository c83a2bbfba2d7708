"""Mentions: the author's Markdown -> the same text with the first mention of each routine and role linked.

A routine or role named by its title in running text links to its page, as a Markdown link relative
to the page (the engine checks and rewrites it like the author's own links). Headings, code, links,
HTML and attribute lists are left alone; the author's file is never touched.
"""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass, field
from typing import Mapping

from ...core.model import Dokumentstatus, Handbok
from .paths import role_path, routine_path

# Parts of a line that are not prose: code spans, links and images, reference links, HTML and
# autolinks, bare addresses, attribute lists.
_PROTECTED = re.compile(r"(`+[^`]*`+|!?\[[^\]]*\]\([^)]*\)|!?\[[^\]]*\]\[[^\]]*\]|<[^>]*>|https?://\S+|\{[^}]*\})")
_FENCE = re.compile(r"^\s*(```|~~~)")
_SKIPPED_LINE = re.compile(r"^\s*(#|\[[^\]]+\]:|\||!!!|\?\?\?)")  # headings, link definitions, tables, admonitions


@dataclass(frozen=True)
class Omtaler:
    """Titles of the pages a text may link to, built once per site: lower-cased title -> page path."""

    sider: Mapping[str, str] = field(default_factory=dict)
    monster: re.Pattern[str] | None = None


def omtaler(handbok: Handbok) -> Omtaler:
    """Routines still in use (in force or in preparation) and roles, longest title first."""
    sider = {r.tittel.lower(): routine_path(r) for r in handbok.rutiner.values()
             if r.dokumentstatus != Dokumentstatus.UTGAATT}
    sider.update({f.tittel.lower(): role_path(f.id) for f in handbok.funksjoner.values()})
    sider.update({r.navn.lower(): role_path(r.id) for r in handbok.innstillinger.roller.values()})
    titles = sorted((t for t in sider if len(t) >= 4), key=len, reverse=True)
    if not titles:
        return Omtaler()
    return Omtaler(sider, re.compile(r"(?<![\w-])(" + "|".join(map(re.escape, titles)) + r")(?![\w-])", re.IGNORECASE))


def med_omtaler(text: str, omtaler: Omtaler, side: str) -> str:
    """`text` with the first mention of each other page linked, relative to page `side`."""
    if omtaler.monster is None or not text:
        return text
    linked = {side}  # a page never links to itself
    out: list[str] = []
    fenced = False
    for line in text.split("\n"):
        if _FENCE.match(line):
            fenced = not fenced
        out.append(line if fenced or _SKIPPED_LINE.match(line) else _link_line(line, omtaler, side, linked))
    return "\n".join(out)


def _link_line(line: str, omtaler: Omtaler, side: str, linked: set[str]) -> str:
    parts = _PROTECTED.split(line)
    for index in range(0, len(parts), 2):  # even parts are prose, odd parts protected
        parts[index] = _link_prose(parts[index], omtaler, side, linked)
    return "".join(parts)


def _link_prose(prose: str, omtaler: Omtaler, side: str, linked: set[str]) -> str:
    assert omtaler.monster is not None

    def link(match: re.Match[str]) -> str:
        target = omtaler.sider[match.group(1).lower()]
        if target in linked:
            return match.group(0)
        linked.add(target)
        return f"[{match.group(1)}]({posixpath.relpath(target, posixpath.dirname(side) or '.')})"

    return omtaler.monster.sub(link, prose)
