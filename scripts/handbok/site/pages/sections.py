"""Sections: a page's second-level headings -> (text, id) for its jump list, ids as the engine makes them;
and a routine's text with its steps first."""

from __future__ import annotations

import re
from html import unescape

import markdown

_HEADING = re.compile(r"^#{1,6}[ \t].*$", re.MULTILINE)
_FENCED = re.compile(r"^(```|~~~).*?^\1", re.MULTILINE | re.DOTALL)
_SECTION = re.compile(r"^##[ \t]+(.*)$", re.MULTILINE)
_NUMBERED = re.compile(r"^ {0,3}\d{1,3}[.)][ \t]", re.MULTILINE)
# How routines name the section a nurse needs first (bokmål, nynorsk); else the first one with numbered steps.
STEG = ("fremgangsmåte", "framgangsmåte", "prosedyre", "slik gjør du", "slik gjer du", "gjennomføring",
        "utførelse", "utføring")


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


def steps_first(text: str) -> str:
    """The author's Markdown with its steps section moved before the other level-two sections (text before
    the first section stays first), so the steps follow the summary on a phone's first screen. The steps
    section is the first whose heading names it (STEG), else the first with a numbered list; a text
    without one, or whose steps come first already, is returned as written."""
    fenced = [m.span() for m in _FENCED.finditer(text)]
    starts = [m for m in _SECTION.finditer(text) if not any(a <= m.start() < b for a, b in fenced)]
    chunks = [text[m.start():end.start() if end else len(text)].strip("\n")
              for m, end in zip(starts, [*starts[1:], None])]
    named = [i for i, m in enumerate(starts) if m.group(1).strip().lower().startswith(STEG)]
    numbered = [i for i, chunk in enumerate(chunks) if _NUMBERED.search(_FENCED.sub("", chunk))]
    steg = (named or numbered or [0])[0]
    if steg == 0:
        return text
    preamble = text[:starts[0].start()].strip("\n")
    ordered = [chunks[steg], *chunks[:steg], *chunks[steg + 1:]]
    return "\n\n".join(part for part in [preamble, *ordered] if part)
