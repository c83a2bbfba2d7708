"""Importer: Markdown from pandoc or from the text structure -> the handbook's conventions.

Lists are written by lists.py; page markers and the template's lines go; an image that becomes an
attachment turns into a link to it, other images and Word's leftovers are removed, each with a line for
the report; headings start at level 2 under the page's own title; empty headings go.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from typing import Mapping

from .lists import write_lists
from .residue import generic, is_page_furniture, names_its_page, shape

IMAGE = re.compile(r"!\[([^\]]*)\]\(([^)\s]*)(?:\s+\"[^\"]*\")?\)")
_HEADING = re.compile(r"^ {0,3}(#{1,6})(?:\s+(.*?))?\s*#*\s*$")
_ANCHOR = re.compile(r"\[\]\{[^}]*\}|\{#[^}]*\}")
_FURNITURE = ("avdeling", "metadata")
_TOP = ("malord", "avdeling", "måned", "dato", "metadata")  # what a template puts above the text
_BULLET = re.compile(r"^( *)[•●▪■►◦○·‣⁃]\s+", re.MULTILINE)
_BOILERPLATE = re.compile(r"^\s*(skriv ut|del på e-post|del|til toppen|tilbake|print|dela|skriv ut \| .*|"
                          r"tilbake til toppen|til toppen av siden)\s*$", re.IGNORECASE)
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
    text = re.sub(r"^\s*(<!--\s*-->|&nbsp;|\u00a0)\s*$", "", text, flags=re.MULTILINE)  # pandoc's separators
    text = re.sub(r"\\$", "", text, flags=re.MULTILINE)  # a hard line break the site would show as a backslash
    text = IMAGE.sub(lambda m: _image(m, notes, vedlegg or {}), text)
    text = _BULLET.sub(r"\1- ", text)  # «•» from a converted PDF or Word file: a list, as the document showed it
    lines = _headings(_without_residue(text.split("\n")), notes)
    body = write_lists(re.sub(r"\n{3,}", "\n\n", "\n".join(line.rstrip() for line in lines)).strip("\n"), notes)
    return Opprydding(body, tuple(notes))


def _image(image: re.Match[str], notes: list[str], vedlegg: Mapping[str, tuple[str, str]]) -> str:
    if image.group(2) in vedlegg:
        target, tekst = vedlegg[image.group(2)]
        return f"[{tekst}]({target})"
    what = image.group(1).strip() or image.group(2).rsplit("/", 1)[-1] or "uten navn"
    why = ("bilder fra nettet hentes ikke" if re.match(r"^(https?:)?//", image.group(2), re.IGNORECASE)
           else "bare PNG- og JPEG-bilder som følger med kilden, blir vedlegg")
    notes.append(f"Bilde fjernet: «{what}» ({why}). Legg det inn som vedlegg hvis det trengs.")
    return ""


def _without_residue(lines: list[str]) -> list[str]:
    """Without page markers, and without the template's lines (a department's name, «Sist endret …») where they
    come again and again or stand at the very beginning or end: a page's header or footer, the template's
    words above the text, an intranet page's footer."""
    shapes = Counter(shape(line) for line in lines)  # numbers aside: «… Side 1» and «… Side 2» are one header
    kept = [line for line in lines if not is_page_furniture(line) and not _running(line, shapes)]
    while kept and (not kept[-1].strip() or generic(kept[-1].strip()) in _FURNITURE or _BOILERPLATE.match(kept[-1])):
        kept.pop()
    return _without_template_top(kept)


def _running(line: str, shapes: Counter[str]) -> bool:
    """A page's header or footer left in the text: a template line (a department, «Sist endret …») that comes
    more than once, a line ending or starting with its page number («… Side 2») that comes on more pages, or a
    short line with a date or number in it (a running header) that comes three times."""
    text = " ".join(line.split())
    count = shapes[shape(text)]
    if count < 2 or not text or text.startswith(("#", "|", "-", "*", "!", "[")) or re.match(r"\d+[.)]\s", text):
        return False
    return (generic(text) in _FURNITURE or names_its_page(text)
            or (count >= 3 and len(text) <= 100 and any(c.isdigit() for c in text)))


def _without_template_top(lines: list[str]) -> list[str]:
    """The template's lines above the text — a template word alone («RUTINE»), a department, a month, a date or
    «Sist endret …» — go, up to the first line that is the document's own (the title is chosen apart)."""
    start = 0
    for index, line in enumerate(lines):
        text = line.strip()
        if text and not generic(text) in _TOP:
            break
        start = index + 1
    return lines[start:]


def _headings(lines: list[str], notes: list[str]) -> list[str]:
    """Drop empty headings; shift the rest so the highest is level 2 (the page prints the title as level 1)."""
    levels = [len(m.group(1)) for line in lines if (m := _HEADING.match(line)) and _words(m.group(2) or "")]
    shift = 2 - min(levels) if levels else 0
    out: list[str] = []
    for line in lines:
        heading = _HEADING.match(line)
        if heading is None:
            out.append(line)
        elif not _words(heading.group(2) or ""):
            notes.append("Tom overskrift fjernet.")
        else:
            out += ["", "#" * min(6, len(heading.group(1)) + shift) + " " + heading.group(2), ""]
    return out


def _words(text: str) -> bool:
    return any(c.isalnum() for c in text)
