"""Rendering cost: a text Markdown would take quadratic time or unbounded depth to render -> a finding, before anything renders it.

Python-Markdown, which the check and the site's engine render with, reads a link, an image, a footnote,
an autolink or an inline tag by scanning from its opening `[`, `(` or `<` to the matching close, and
from every opening again: a paragraph of 25 KB of `[` takes minutes, in `handbok sjekk`, in every pull
request's CI and in the build. The cost is that scanning: for each opening, the distance to its close,
or to the end of its paragraph when there is none. It is counted here in one linear pass per paragraph,
and a text over the budget is refused instead of rendered. Ordinary text costs a few thousand at most:
a link costs its own length, a stray bracket the rest of its paragraph.

Depth is the other cost: each level of a nested list or quotation is a level of recursion in the
renderer, and some hundred levels crash it. A line may open at most MAX_DEPTH levels, by its
indentation (two spaces make a sub-list) and its quotation marks (>).
"""

from __future__ import annotations

import re
from typing import Iterator

from ..core.findings import Finding, feil
from ..source.loading import Document
from ..source.yamlread import field_name, text_values

BUDGET = 200_000  # characters scanned per text: well under a second, and some 4 000 links
MAX_DEPTH = 40  # levels of lists and quotations on one line; a handbook nests a few at most
_LINE_START = re.compile(r"^([ \t]*)((?:>[ \t]*)*)", re.M)
_PARAGRAPH = re.compile(r"\n[^\S\n]*\n")
_PAIRS = {"[": "]", "(": ")"}
_ANGLES = re.compile("[<>]")


def cost(text: str) -> int:
    """How many characters the renderer scans to match the text's brackets, paragraph by paragraph."""
    if "[" not in text and "(" not in text and "<" not in text:
        return 0  # the common case, cheaply
    return sum(_paragraph_cost(paragraph) for paragraph in _PARAGRAPH.split(text))


def _paragraph_cost(text: str) -> int:
    total = 0
    for opening, closing in _PAIRS.items():  # nested: each opening scans to its own close
        stack: list[int] = []
        for match in re.finditer(re.escape(opening) + "|" + re.escape(closing), text):
            if match[0] == opening:
                stack.append(match.start())
            elif stack:
                total += match.start() - stack.pop()
        total += sum(len(text) - at for at in stack)
    next_close = len(text)
    for match in reversed(list(_ANGLES.finditer(text))):  # an angle bracket scans to the next ">", nested or not
        if match[0] == ">":
            next_close = match.start()
        else:
            total += next_close - match.start()
    return total


def deepest(text: str) -> tuple[int, int]:
    """(levels, line offset) of the most deeply nested line: two spaces of indentation or one > per level."""
    if "  " not in text and "\t" not in text and ">" not in text:
        return 0, 0
    levels, offset = max(((len(m[1].expandtabs(4)) // 2 + m[2].count(">"), m.start())
                          for m in _LINE_START.finditer(text)), default=(0, 0))
    return levels, text.count("\n", 0, offset)


def check_rendering_cost(doc: Document) -> list[Finding]:
    """A finding for the body and for each text field too costly to render (empty: render as usual)."""
    found = [_finding(doc, doc.line(*path), field_name(path)) for path, text in text_values(doc.data)
             if cost(text) > BUDGET or deepest(text)[0] > MAX_DEPTH]
    if cost(doc.body) > BUDGET:
        found.append(_finding(doc, doc.body_line + _worst_paragraph(doc.body), "tekst"))
    levels, offset = deepest(doc.body)
    if levels > MAX_DEPTH:
        found.append(feil("for-dypt-nostet", doc.fil, doc.body_line + offset, "tekst",
                          f"Linjen ligger {levels} nivåer inne i lister eller sitater (> eller innrykk); grensen er "
                          f"{MAX_DEPTH}. Skriv den flatere: færre mellomrom foran, eller færre >."))
    return found


def _worst_paragraph(body: str) -> int:
    """The line offset of the costliest paragraph, where the author should look."""
    offsets, at = [], 0
    for paragraph in _PARAGRAPH.split(body):
        offsets.append((_paragraph_cost(paragraph), body.count("\n", 0, body.find(paragraph, at))))
        at = body.find(paragraph, at) + len(paragraph)
    return max(offsets)[1]


def _finding(doc: Document, line: int | None, felt: str) -> Finding:
    return feil("for-mange-klammer", doc.fil, line, felt,
                "Teksten har så mange klammer ([, ( eller <) som ikke lukkes, at den ikke kan gjøres om til en "
                "nettside på rimelig tid. Lukk klammene, fjern dem, eller skriv dem med skråstrek foran (\\[).")
