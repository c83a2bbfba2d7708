"""Importer: Markdown from pandoc or from the text structure -> the handbook's conventions.

Lists get «1.» and «-» markers with one space and sub-items indented exactly under the text of the item
above (what GitHub and the site both read the same way); an image that becomes an attachment turns into a
link to it, other images and Word's leftovers are removed, each with a line for the report; headings start
at level 2 under the page's own title; empty headings go.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Mapping

_ITEM = re.compile(r"^( *)([-*+]|\d{1,9}[.)])( +)(.*)$")
IMAGE = re.compile(r"!\[([^\]]*)\]\(([^)\s]*)(?:\s+\"[^\"]*\")?\)")
_HEADING = re.compile(r"^(#{1,6})\s*(.*?)\s*#*\s*$")
_ANCHOR = re.compile(r"\[\]\{[^}]*\}|\{#[^}]*\}")
_EMPTY_EMPHASIS = re.compile(r"(?<!\S)(\*\*\*\*|____|\*\*\s+\*\*)(?!\S)")


@dataclass(frozen=True)
class Opprydding:
    tekst: str
    merknader: tuple[str, ...]


def clean(markdown: str, vedlegg: Mapping[str, tuple[str, str]] | None = None) -> Opprydding:
    """`vedlegg`: image reference -> (the Markdown link target of its attachment, the link text)."""
    notes: list[str] = []
    text = markdown.replace("\r\n", "\n").replace("\t", "    ")
    text = _ANCHOR.sub("", text)
    text = _EMPTY_EMPHASIS.sub("", text)
    text = re.sub(r"^\s*<!--\s*-->\s*$", "", text, flags=re.MULTILINE)  # pandoc's separator between two lists
    text = re.sub(r"\\$", "", text, flags=re.MULTILINE)  # a hard line break the site would show as a backslash
    text = IMAGE.sub(lambda m: _image(m, notes, vedlegg or {}), text)
    lines = _headings(_relist(text.split("\n")), notes)
    body = re.sub(r"\n{3,}", "\n\n", "\n".join(line.rstrip() for line in lines)).strip("\n")
    return Opprydding(body + "\n" if body else "", tuple(notes))


def _image(image: re.Match[str], notes: list[str], vedlegg: Mapping[str, tuple[str, str]]) -> str:
    if image.group(2) in vedlegg:
        target, tekst = vedlegg[image.group(2)]
        return f"[{tekst}]({target})"
    what = image.group(1).strip() or image.group(2).rsplit("/", 1)[-1] or "uten navn"
    why = ("bilder fra nettet hentes ikke" if re.match(r"^(https?:)?//", image.group(2), re.IGNORECASE)
           else "bare PNG- og JPEG-bilder som følger med kilden, blir vedlegg")
    notes.append(f"Bilde fjernet: «{what}» ({why}). Legg det inn som vedlegg hvis det trengs.")
    return ""


def _relist(lines: list[str]) -> list[str]:
    """Re-indent every list: each sub-item and continuation line as far in as its parent item's text."""
    out: list[str] = []
    frames: list[tuple[int, int]] = []  # (the text column in the source, the text column written)
    for line in lines:
        if not line.strip():
            out.append("")
            continue
        indent = len(line) - len(line.lstrip(" "))
        while frames and indent < frames[-1][0]:
            frames.pop()
        item = _ITEM.match(line)
        base = frames[-1][1] if frames else 0
        if item and (frames or indent < 4):
            marker = "-" if item.group(2) in "-*+" else item.group(2)[:-1] + "."
            out.append(" " * base + marker + " " + item.group(4))
            frames.append((indent + len(item.group(2)) + len(item.group(3)), base + len(marker) + 1))
        elif frames:
            out.append(" " * (base + indent - frames[-1][0]) + line.lstrip(" "))
        else:
            out.append(line)
    return out


def _headings(lines: list[str], notes: list[str]) -> list[str]:
    """Drop empty headings; shift the rest so the highest is level 2 (the page prints the title as level 1)."""
    levels = [len(m.group(1)) for line in lines if (m := _HEADING.match(line)) and _words(m.group(2))]
    shift = 2 - min(levels) if levels else 0
    out: list[str] = []
    for line in lines:
        heading = _HEADING.match(line)
        if heading is None:
            out.append(line)
        elif not _words(heading.group(2)):
            notes.append("Tom overskrift fjernet.")
        else:
            out.append("#" * min(6, len(heading.group(1)) + shift) + " " + heading.group(2))
    return out


def _words(text: str) -> bool:
    return any(c.isalnum() for c in text)
