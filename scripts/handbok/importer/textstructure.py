"""Importer: plain text (from a PDF or a .txt file) -> Markdown with headings, paragraphs and nested lists.

A PDF keeps no structure, only lines. Numbered lines become numbered steps («1.2» and «a)» are sub-steps),
bullet characters become bullet lists (indented or hollow ones one level down), a line in capitals or a
known section name becomes a heading, and lines a PDF wrapped are joined again.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .residue import is_page_furniture

SECTIONS = re.compile(
    r"^(formål|føremål|hensikt|bakgrunn|syfte|bakgrund|formål og omfang|omfang|virkeområde|verkeområde|omfattning|"
    r"tillämpning|gyldighetsområde|ansvar\w*|roller og ansvar|roller och ansvar|definisjoner|definitioner|begrep|"
    r"begrepp|fremgangsmåte|framgangsmåte|gjennomføring|gjennomføring|tillvägagångssätt|genomförande|arbetssätt|"
    r"fremgangsmåde|procedure|prosedyre|beskrivelse|beskrivning|dokumentasjon|dokumentation|referanser|"
    r"referansar|referenser|henvisninger|relaterte dokumenter|relaterte dokument|relaterade dokument|vedlegg|"
    r"bilagor|bilag|avvik|avvikelser|oppfølging|uppföljning|opplæring|utbildning|kontakt|lovgrunnlag|lagrum|"
    r"hjemmel|heimel|endringer|ändringar)\b", re.IGNORECASE)
_NUMBERED = re.compile(r"^(\s*)(\d{1,2}(?:\.\d{1,2}){0,2})([.)]?)\s+(\S.*)$")
_LETTERED = re.compile(r"^(\s*)([a-zæøå])[.)]\s+(\S.*)$")
_BULLET = re.compile(r"^(\s*)([•·●○◦▪■▫►‣⁃–—*o-])\s+(\S.*)$")
_HOLLOW = frozenset("○◦▪▫o")


@dataclass
class _Block:
    kind: str  # "p", "h", "li"
    text: str
    level: int = 1
    numbered: bool = False


def structure(text: str) -> str:
    """Markdown for `text`, whose lines are what a PDF or a plain text file held."""
    return render(_blocks(_clean_lines(text)))


def _clean_lines(text: str) -> list[str]:
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\t", "    ").replace("\u00a0", " ")
    text = re.sub(r"(\w)-\n(\s*)([a-zæøåäö])", r"\1\3", text)  # a word a PDF hyphenated across lines
    return [line.rstrip() for line in text.split("\n") if not is_page_furniture(line)]


def _blocks(lines: list[str]) -> list[_Block]:
    blocks: list[_Block] = []
    previous = ""  # the last line read, when it can continue on the next one
    top = 0  # the level of the numbered step we are in: «a)» and bullets right under it are its sub-items
    for line in lines:
        if not line.strip():
            previous = ""
            continue
        block = _classify(line, top)
        if block is None:
            if previous and _wrapped(previous, line):
                blocks[-1].text += " " + line.strip()
                previous = line
                continue
            block = _Block("p", line.strip())
        if block.kind == "li" and block.numbered and not _LETTERED.match(line):
            top = block.level
        elif block.kind == "li" and not block.numbered:
            block.level += top
        elif block.kind != "li":
            top = 0
        blocks.append(block)
        previous = line if block.kind in ("p", "li") else ""
    return blocks


def _wrapped(previous: str, line: str) -> bool:
    """A line the PDF wrapped: it goes on in lower case, or the one before ran to the margin mid-sentence."""
    first = line.strip()[:1]
    return first.islower() or (len(previous.strip()) >= 55 and not previous.rstrip().endswith((".", ":", "!", "?")))


def _classify(line: str, top: int) -> _Block | None:
    stripped = line.strip()
    numbered = _NUMBERED.match(line)
    if numbered:
        number, dot, rest = numbered.group(2), numbered.group(3), numbered.group(4)
        if _is_heading(rest, number, dot):
            return _Block("h", rest.rstrip(":"), number.count(".") + 2)
        return _Block("li", rest, number.count(".") + 1, True)
    lettered = _LETTERED.match(line)
    if lettered and lettered.group(2) != "o":
        return _Block("li", lettered.group(3), top + 1, True)
    bullet = _BULLET.match(line)
    if bullet:
        level = 2 if bullet.group(2) in _HOLLOW or len(bullet.group(1)) >= 2 else 1
        return _Block("li", bullet.group(3), level, False)
    letters = [c for c in stripped if c.isalpha()]
    if len(letters) >= 3 and stripped.upper() == stripped and len(stripped) <= 80:
        return _Block("h", stripped.capitalize(), 2)
    if SECTIONS.match(stripped) and len(stripped.split()) <= 5 and not stripped.endswith((".", ",", ";")):
        return _Block("h", stripped.rstrip(":"), 2)
    return None


def _is_heading(rest: str, number: str, dot: str) -> bool:
    words = rest.split()
    short = len(words) <= 6 and not rest.endswith((".", ",", ";", ":")) and rest[:1].isupper()
    return short and (bool(SECTIONS.match(rest)) or (not dot and "." not in number and len(words) <= 4))


def render(blocks: list[_Block]) -> str:
    """Markdown: a blank line between blocks, none between the items of one list; sub-items indented
    exactly as far as the text of the item above, as GitHub and the site both read it."""
    out: list[str] = []
    indents: list[int] = []  # the text column of each open list level
    counters: list[int] = []
    for block in blocks:
        if block.kind != "li":
            indents, counters = [], []
            out += ["", ("#" * min(block.level, 6) + " " + block.text) if block.kind == "h" else block.text]
            continue
        if not indents:
            out.append("")
        level = min(block.level, len(indents) + 1)
        del indents[level - 1:], counters[level:]
        if len(counters) < level:
            counters.append(0)
        counters[level - 1] += 1
        marker = f"{counters[level - 1]}." if block.numbered else "-"
        indent = indents[-1] if indents else 0
        out.append(" " * indent + marker + " " + block.text)
        indents.append(indent + len(marker) + 1)
    return "\n".join(out).strip("\n") + "\n"
