"""Importer: lists written so the site and GitHub show them alike.

«1.» and «-» markers with one space, sub-items indented exactly under the text of the item above, no blank
line inside a list and one before it. The site's renderer (Python-Markdown with handbok.markdown_ext)
still reads some shapes otherwise than GitHub (CommonMark): a list below a numbered list that is itself
nested, sub-items under a step numbered 10 or more, a bulleted and a numbered sub-list in one item, a
numbered list that starts after text at another number than 1. Each is written in a shape both read alike,
and every list is compared at the end as `sjekk` compares it; where they would still differ, the text
under the items is joined into them, then numbered sub-items become bullets, and last the sub-items
become items of their own, each step with a note for the report.
"""

from __future__ import annotations

import re
from typing import Callable

from ..checks.lists import github_items, site_items
from ..source.siteconfig import MarkdownOppsett

_ITEM = re.compile(r"^( *)([-*+]|\d{1,9}[.)])( +)(.*)$")


def write_lists(text: str, notes: list[str]) -> str:
    """`text` with its lists written as both renderers read them alike; a note when that cost a paragraph
    break, a numbered sub-level or the sub-levels."""
    lines = _relist(text.split("\n"))
    for what, fallback in _FALLBACKS:
        if alike(lines):
            break
        lines = _relist(fallback(lines))
        notes.append(f"{what}, så lista vises likt på nettsiden og på GitHub. Sjekk den mot originalen.")
    body = "\n".join(lines).strip("\n")
    return body + "\n" if body else ""


def _flat(lines: list[str]) -> list[str]:
    return [line.lstrip(" ") if _ITEM.match(line) else line for line in lines]


def alike(lines: list[str]) -> bool:
    """The list items GitHub shows are the ones the site shows (as `handbok sjekk` compares them)."""
    text = "\n".join(lines)
    if not any(_ITEM.match(line) for line in lines):
        return True
    return [item for _, item in github_items(text)] == site_items(MarkdownOppsett().markdown().convert(text))


def _joined(lines: list[str]) -> list[str]:
    """Every line of text inside a list joined to the item above it; no blank line left inside the list."""
    out: list[str] = []
    in_list = False
    for index, line in enumerate(lines):
        item = _ITEM.match(line)
        if item:
            if out and not out[-1].strip() and in_list:
                out.pop()
            out.append(line)
            in_list = True
        elif in_list and line.strip() and (line.startswith(" ") or out[-1].strip()) and not line.lstrip().startswith("#"):
            while not out[-1].strip():
                out.pop()
            out[-1] = out[-1].rstrip() + " " + line.strip()
        else:
            in_list = in_list and not line.strip() and _continues(lines, index)
            out.append(line)
    return out


def _continues(lines: list[str], index: int) -> bool:
    """After a blank line, the list goes on when the next text is an item or indented."""
    following = next((line for line in lines[index + 1:] if line.strip()), "")
    return bool(_ITEM.match(following)) or following.startswith(" ")


def _bullets_below(lines: list[str]) -> list[str]:
    out = list(lines)
    for index, line in enumerate(out):
        item = _ITEM.match(line)
        if item and item.group(1) and item.group(2) not in "-*+":
            _remark(out, index, "-")
    return out


_FALLBACKS: tuple[tuple[str, Callable[[list[str]], list[str]]], ...] = (
    ("Tekst under et listepunkt er slått sammen med punktet", _joined),
    ("Nummererte underpunkter er skrevet som punkter", _bullets_below),
    ("Underpunktene er skrevet som vanlige punkter", _flat),
)


def _relist(lines: list[str]) -> list[str]:
    """Re-indent every list: each sub-item and continuation line as far in as its parent item's text, a blank
    line before a list that follows a line of text (the site needs it, GitHub does not), none inside a list
    (a loose list nests differently on the site), and a sub-item nested when it is indented two or more
    spaces past its parent's marker (as its author meant it)."""
    out: list[str] = []
    frames: list[tuple[int, int, int, int]] = []  # (marker and text column in the source, text and marker column written)
    blank = False  # a blank line waits: between two items of one list it goes (the list stays tight)
    top = ""  # the marker of the current top-level list
    for line in lines:
        if not line.strip():
            blank = True
            continue
        indent = len(line) - len(line.lstrip(" "))
        item = _ITEM.match(line)
        in_list = bool(frames)
        # A paragraph of an item's own is written straight under it (a blank line would make the list loose,
        # and the site shows no sub-list after a paragraph in a loose item); text further out ends the list.
        inside = in_list and (bool(item) or indent >= frames[0][1])
        if blank and not inside:
            out.append("")
        # Text straight under an item (no blank line, not a heading) goes on in that item.
        lazy = not item and not blank and in_list and not line.lstrip().startswith("#")
        blank = False
        while frames and not lazy and indent < (frames[-1][0] + 2 if item else frames[-1][1]):
            frames.pop()
        base = frames[-1][2] if frames else 0
        if item and (frames or indent < 4):
            marker = "-" if item.group(2) in "-*+" else item.group(2)[:-1] + "."
            if out and out[-1].strip() and (not in_list or (not frames and (marker == "-") != (top == "-"))):
                out.append("")  # a list after text, or a top-level list of the other kind after a list
            top = marker if not frames else top
            out.append(" " * base + marker + " " + item.group(4))
            frames.append((indent, indent + len(item.group(2)) + len(item.group(3)), base + len(marker) + 1, base))
        elif frames:
            out.append(" " * base + line.lstrip(" "))
        else:
            out.append(line)
    return _no_numbered_parents(_sublists_from_one(_one_kind_per_parent(out + ([""] if blank else []))))


def _one_kind_per_parent(lines: list[str]) -> list[str]:
    """Sub-items of one item are all bullets or all numbered, as the first of them: GitHub shows a bulleted
    and a numbered sub-list one after the other, the site only the first."""
    out = list(lines)
    for index, line in enumerate(out):
        item = _ITEM.match(line)
        if not item or not item.group(1):
            continue
        before = _previous_sibling(out, index, len(item.group(1)))
        if before is not None and (before == "-") != (item.group(2) in "-*+"):
            _remark(out, index, "-" if before == "-" else "1.")
    return out


def _previous_sibling(lines: list[str], index: int, column: int) -> str | None:
    """The marker of the item above at the same indentation under the same parent, if there is one."""
    for line in reversed(lines[:index]):
        indent = len(line) - len(line.lstrip(" "))
        if not line.strip() or indent > column:
            continue
        item = _ITEM.match(line)
        return ("-" if item.group(2) in "-*+" else "1.") if item and indent == column else None
    return None


def _sublists_from_one(lines: list[str]) -> list[str]:
    """A numbered list that starts right under a line of text (its parent item, or text in it) counts from 1:
    GitHub reads «2.» there as that text going on (a list that interrupts text must start at 1), the site
    as a list."""
    out = list(lines)
    for index in range(1, len(out)):
        item = _ITEM.match(out[index])
        if item and item.group(2) not in "-*+" and item.group(2)[:-1] != "1" and _interrupts_text(out, index):
            out[index] = f"{item.group(1)}1. {item.group(4)}"
    return out


def _interrupts_text(lines: list[str], index: int) -> bool:
    """The item starts a new list straight after text: the nearest line above at its indentation or less is
    text (or a parent item), not blank and not an item of the same list."""
    column = len(lines[index]) - len(lines[index].lstrip(" "))
    for line in reversed(lines[:index]):
        if not line.strip():
            return False
        indent = len(line) - len(line.lstrip(" "))
        if indent <= column:
            item = _ITEM.match(line)
            return not (item and indent == column and item.group(2) not in "-*+")
    return False


def _no_numbered_parents(lines: list[str]) -> list[str]:
    """Markers the site and GitHub nest under alike. A numbered sub-step with sub-steps of its own becomes a
    bullet (the site shows no list below a numbered list that is itself nested), and a step numbered 10 or
    more with sub-steps is written «1.» (GitHub wants them four spaces in, the site at most three; the number
    after a list's first is not read by either, so the step keeps its place)."""
    out = list(lines)
    for index, line in enumerate(out):
        item = _ITEM.match(line)
        if not item or item.group(2) in "-*+" or not _has_children(out, index, len(item.group(1))):
            continue
        if item.group(1):
            _remark(out, index, "-")
        elif len(item.group(2)) > 2 and _sibling_above(out, index):
            _remark(out, index, "1.")
        elif len(item.group(2)) > 2:  # a list that starts at 10 or more: its number stays, its sub-steps follow it
            _remark(out, index, item.group(2), lift=True)
    return out


def _remark(lines: list[str], index: int, marker: str, lift: bool = False) -> None:
    """Write item `index` with `marker`, and move the lines below it that belong to it as far as its text moved
    (with `lift`, out of it to the left margin, after a blank line)."""
    item = _ITEM.match(lines[index])
    assert item is not None
    column = len(item.group(1))
    shift = len(item.group(1)) + len(item.group(2)) + 1 if lift else len(item.group(2)) - len(marker)
    lines[index] = " " * column + marker + " " + item.group(4)
    end = index + 1
    while end < len(lines) and not (lines[end].strip() and len(lines[end]) - len(lines[end].lstrip(" ")) <= column):
        indent = len(lines[end]) - len(lines[end].lstrip(" "))
        lines[end] = lines[end][min(shift, indent):]
        end += 1
    if lift:
        lines.insert(index + 1, "")


def _sibling_above(lines: list[str], index: int) -> bool:
    """An item of the same list comes before this one (then its number is not the list's start)."""
    for line in reversed(lines[:index]):
        item = _ITEM.match(line)
        if line.strip() and not line.startswith(" "):
            return bool(item) and item is not None and item.group(2) not in "-*+"
    return False


def _has_children(lines: list[str], index: int, column: int) -> bool:
    following = next((line for line in lines[index + 1:] if line.strip()), "")
    return bool(_ITEM.match(following)) and len(following) - len(following.lstrip(" ")) > column
