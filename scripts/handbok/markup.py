"""Markup: small, safe builders for the Markdown and HTML that the pages stage writes.

User text (titles, responsibilities, notes) goes through `esc` (inside HTML) or `md_text` (inside
Markdown) exactly once, here, so a title with `<`, `|` or `*` can never break a table or inject
markup. Generated tables are HTML, not Markdown tables, because only HTML has captions and
`<th scope>`; MkDocs does not rewrite links inside raw HTML, so links are made relative here.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import date
from html import escape
from typing import Iterable, Sequence

# Python-Markdown's escapable characters (plus | from the tables extension); others would show a backslash.
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+!|.-])")
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")


def esc(text: object) -> str:
    """Text for inside HTML elements and attributes."""
    return escape(str(text), quote=True)


def md_text(text: str) -> str:
    """Text for a Markdown line (a heading, a list item): HTML-escaped, Markdown syntax neutralised."""
    return _MD_SPECIAL.sub(r"\\\1", esc(" ".join(text.split())))


def uten_epost(text: str) -> str:
    """Authors' e-mail addresses are personal data and never published; keep the rest of the text."""
    return _EMAIL.sub("(e-post skjult)", text)


def dato(value: date | None) -> str:
    """A date as people in Norway write it, machine-readable in the `datetime` attribute."""
    if value is None:
        return "–"
    day = value if type(value) is date else date(value.year, value.month, value.day)
    return f'<time datetime="{day.isoformat()}">{day:%d.%m.%Y}</time>'


def prosent(share: float) -> str:
    """The same rounding as `handbok status` (statusreport._percent), with a no-break space."""
    return f"{round(share * 100)}\u00a0%"


def front_matter(title: str, *, search: bool = True, boost: float | None = None, hide_toc: bool = False) -> str:
    """YAML front matter for a generated page; JSON strings are valid YAML and need no escaping rules.

    The title is HTML-escaped too: themes print `page.meta.title` into <title> and the search index
    without escaping (MkDocs' Jinja has no autoescape)."""
    lines = ["---", f"title: {json.dumps(esc(' '.join(title.split())), ensure_ascii=False)}"]
    if not search:
        lines += ["search:", "  exclude: true"]
    elif boost is not None:
        lines += ["search:", f"  boost: {boost}"]
    if hide_toc:
        lines += ["hide:", "  - toc"]
    return "\n".join([*lines, "---", ""])


def url_of(page: str) -> str:
    """Page source path -> its directory URL path: 'rutiner/a.md' -> 'rutiner/a/', 'index.md' -> ''."""
    stem = page.removesuffix(".md")
    if stem == "index":
        return ""
    return stem.removesuffix("/index") + "/"


def href(from_page: str, to: str) -> str:
    """A relative link from one generated page to another page or file, as a browser resolves it.

    Plain string work, not posixpath.relpath: a large site makes a million links, and relpath's
    absolute-path detour was the biggest cost of page generation."""
    base = url_of(from_page).split("/")[:-1]  # the folders of the page's URL
    target = (url_of(to) if to.endswith(".md") else to).split("/")  # a page's URL ends in "/": last part ""
    common = 0
    while common < min(len(base), len(target)) and base[common] == target[common]:
        common += 1
    return "/".join([".."] * (len(base) - common) + target[common:]) or "./"


def a(from_page: str, to: str, text: str) -> str:
    return f'<a href="{esc(href(from_page, to))}">{esc(text)}</a>'


@dataclass(frozen=True)
class Kolonne:
    """A table column: its header and whether the script may sort by it (numbers sort numerically)."""

    navn: str
    sorterbar: bool = False


def tabell(caption: str, kolonner: Sequence[Kolonne], rader: Iterable[Sequence[str]], *,
           klasse: str = "", rad_overskrift: bool = True) -> str:
    """An accessible HTML table. Cells are HTML already (escape user text before); the first cell of
    each row is its row header when `rad_overskrift`. Wrapped in a focusable region so a wide table
    scrolls inside itself, not the page (360 px phones)."""
    sortable = any(k.sorterbar for k in kolonner)
    classes = " ".join(c for c in ("handbok-tabell", klasse, "sorterbar" if sortable else "") if c)
    head = "".join(f'<th scope="col"{" data-sorter" if k.sorterbar else ""}>{esc(k.navn)}</th>' for k in kolonner)
    body = "\n".join(_row(cells, rad_overskrift) for cells in rader)
    return (f'<div class="handbok-rull" role="region" aria-label="{esc(caption)}" tabindex="0">\n'
            f'<table class="{classes}">\n<caption>{esc(caption)}</caption>\n'
            f"<thead><tr>{head}</tr></thead>\n<tbody>\n{body}\n</tbody>\n</table>\n</div>")


def _row(cells: Sequence[str], rad_overskrift: bool) -> str:
    out = []
    for index, cell in enumerate(cells):
        tag = "th" if index == 0 and rad_overskrift else "td"
        scope = ' scope="row"' if tag == "th" else ""
        out.append(f"<{tag}{scope}>{cell}</{tag}>")
    return "<tr>" + "".join(out) + "</tr>"


def liste(items: Iterable[str]) -> str:
    """An HTML list of already-escaped items ('' when empty, so callers can skip a section)."""
    rows = [f"<li>{item}</li>" for item in items]
    return "<ul>\n" + "\n".join(rows) + "\n</ul>" if rows else ""


def merknad(kind: str, title: str, body_html: str) -> str:
    """A Material-style admonition in plain HTML (no extension needed, so every engine renders it)."""
    return (f'<div class="admonition {esc(kind)}" role="note">\n<p class="admonition-title">{esc(title)}</p>\n'
            f"<p>{body_html}</p>\n</div>")


def status_merke(status: str, label: str) -> str:
    """A status as text with a colour class: the label carries the meaning, colour only helps."""
    return f'<span class="handbok-status handbok-status--{esc(status)}">{esc(label)}</span>'
