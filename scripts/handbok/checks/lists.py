"""Lists: the author's Markdown -> list structure on the site and on GitHub -> a warning where they differ.

Authors read their routine in GitHub's preview (CommonMark). The site renders with Python-Markdown and
the extensions in mkdocs.yml, which still disagree on some lists (a sub-list indented too little
for its numbered item, a list written straight under a paragraph). We compare what a reader sees:
each list item's nesting depth, numbered or bulleted, the number a list starts at and whether it is
a task. markdown-it-py stands in for GitHub; its tokens carry the line the item is on.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from html.parser import HTMLParser
from typing import Iterator

from markdown_it import MarkdownIt
from markdown_it.token import Token

from ..core.findings import Finding, advarsel
from ..source.loading import Document
from ..source.siteconfig import MarkdownOppsett

_TASK = re.compile(r"^\[[ xX]\](\s|$)")
_NOT_COMPARED = ("footnote", "admonition")  # blocks GitHub does not have: their lists are the site's own


@dataclass(frozen=True)
class Punkt:
    """One list item as a reader sees it."""

    dybde: int
    nummerert: bool
    start: int | None  # the list's first number, on its first item only
    oppgave: bool

    def tekst(self) -> str:
        kind = "en nummerert liste" + (f" som starter på {self.start}" if self.start not in (None, 1) else "") \
            if self.nummerert else "en punktliste"
        task = ", med avkrysningsboks" if self.oppgave else ""
        return f"nivå {self.dybde} i {kind}{task}"


def check_lists(doc: Document, oppsett: MarkdownOppsett, body_html: str | None = None) -> Iterator[Finding]:
    """Warn at the first list item the site shows differently from GitHub (`body_html`: the body as the
    site renders it, when the caller has it already)."""
    if not _has_list(doc.body):
        return
    github = github_items(doc.body)
    site = site_items(oppsett.markdown().convert(doc.body) if body_html is None else body_html)
    for index, (line, item) in enumerate(github):
        if index >= len(site) or site[index] != item:
            yield _finding(doc, line, item, site[index] if index < len(site) else None)
            return
    if len(site) > len(github):
        yield _finding(doc, github[-1][0] if github else 0, None, site[len(github)])


def _has_list(body: str) -> bool:
    return bool(re.search(r"^\s*([*+-]|\d+[.)])\s", body, re.MULTILINE))


def github_items(body: str) -> list[tuple[int, Punkt]]:
    """(line offset in `body`, item) for every list item GitHub's preview shows."""
    tokens = MarkdownIt("commonmark", {"html": True}).enable(["table", "strikethrough"]).parse(body)
    stack: list[tuple[bool, int]] = []
    items: list[tuple[int, Punkt]] = []
    first = False
    for index, token in enumerate(tokens):
        if token.type in ("bullet_list_open", "ordered_list_open"):
            stack.append((token.type == "ordered_list_open", int(str(token.attrGet("start") or 1))))
            first = True
        elif token.type in ("bullet_list_close", "ordered_list_close"):
            stack.pop()
        elif token.type == "list_item_open":
            numbered, start = stack[-1]
            line = token.map[0] if token.map else 0
            items.append((line, Punkt(len(stack), numbered, start if first and numbered else None,
                                      _is_task(tokens, index))))
            first = False
    return items


def _is_task(tokens: list[Token], index: int) -> bool:
    """GitHub's task list: an item whose text starts with «[ ]» or «[x]»."""
    following = tokens[index + 1:index + 3]
    return any(t.type == "inline" and bool(_TASK.match(t.content)) for t in following)


class _SiteLists(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.lists: list[tuple[bool, int, bool]] = []  # (numbered, start, no item yet)
        self.divs: list[bool] = []  # per open div: is it a block GitHub does not have
        self.items: list[Punkt] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        if tag == "div":
            self.divs.append(any(name in (attributes.get("class") or "").split() for name in _NOT_COMPARED))
        elif tag in ("ol", "ul") and not any(self.divs):
            self.lists.append((tag == "ol", _number(attributes.get("start")), True))
        elif tag == "li" and self.lists and not any(self.divs):
            numbered, start, first = self.lists[-1]
            task = "task-list-item" in (attributes.get("class") or "").split()
            self.items.append(Punkt(len(self.lists), numbered, start if first and numbered else None, task))
            self.lists[-1] = (numbered, start, False)

    def handle_endtag(self, tag: str) -> None:
        if tag == "div" and self.divs:
            self.divs.pop()
        elif tag in ("ol", "ul") and self.lists and not any(self.divs):
            self.lists.pop()


def _number(value: str | None) -> int:
    return int(value) if value and value.isdigit() else 1


def site_items(html: str) -> list[Punkt]:
    """Every list item in the site's HTML of the author's text, in document order."""
    parser = _SiteLists()
    parser.feed(html)
    parser.close()
    return parser.items


def _finding(doc: Document, line: int, github: Punkt | None, site: Punkt | None) -> Finding:
    on_github = github.tekst() if github else "ikke et listepunkt"
    on_site = site.tekst() if site else "ikke et listepunkt"
    return advarsel("liste-ulik-github", doc.fil, doc.body_line + line, "tekst",
                    f"Lista vises ikke likt på nettsiden og på GitHub fra dette punktet: på GitHub er det "
                    f"{on_github}, på nettsiden {on_site}. Rykk inn underpunkter like langt som teksten i "
                    "punktet over (to mellomrom etter «-», tre etter «1.»), og ha en tom linje før lista.")
