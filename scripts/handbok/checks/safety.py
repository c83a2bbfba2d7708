"""Safety: Markdown -> the HTML the site renders -> nh3's allow-list -> a finding for whatever it would remove.

We never look for "bad patterns" in the Markdown. Every text that reaches the site is rendered with
the site's own Markdown extensions, and the HTML is sanitised with an allow-list (nh3, the Rust
sanitiser ammonia). Any element or attribute the sanitiser removes or changes — an event handler
from an attribute list, a `javascript:` link behind character references, a remote image, `<base>`,
`<meta>`, `<form>`, `<style>` — becomes an error with file, line and the element named in Norwegian.
Whether an attribute survives is always nh3's verdict; we only describe it.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from functools import cache
from html.parser import HTMLParser
from typing import Iterator, Sequence
from urllib.parse import urlsplit

import nh3

from ..core.findings import Finding, feil
from ..source.loading import Document
from ..source.siteconfig import MarkdownOppsett
from ..source.yamlread import field_name, text_values

# What author content may render to: text structure, tables, links, local images, task-list boxes.
TAGS = frozenset({
    "a", "abbr", "b", "blockquote", "br", "caption", "cite", "code", "col", "colgroup", "dd", "del", "details",
    "dfn", "div", "dl", "dt", "em", "figcaption", "figure", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "i",
    "img", "input", "ins", "kbd", "li", "mark", "ol", "p", "pre", "q", "s", "samp", "small", "span", "strong",
    "sub", "summary", "sup", "table", "tbody", "td", "tfoot", "th", "thead", "time", "tr", "u", "ul", "var",
    "wbr", "section", "article", "aside", "nav", "header", "footer",
})
ATTRIBUTES = {
    "*": {"id", "class", "title", "lang", "dir"},
    "a": {"href", "hreflang"},
    "img": {"src", "alt", "width", "height"},
    "ol": {"start", "type", "reversed"},
    "li": {"value"},
    "td": {"colspan", "rowspan", "headers", "align", "style"},
    "th": {"colspan", "rowspan", "headers", "scope", "align", "style"},
    "time": {"datetime"},
    "del": {"cite", "datetime"},
    "ins": {"cite", "datetime"},
    "blockquote": {"cite"},
    "q": {"cite"},
    "details": {"open"},
    "input": {"checked", "disabled"},
}
TAG_ATTRIBUTE_VALUES = {"input": {"type": {"checkbox"}}}
URL_SCHEMES = frozenset({"http", "https", "mailto", "tel"})
STYLE_PROPERTIES = frozenset({"text-align"})  # what the tables extension writes for column alignment
_LOADED = {("img", "src")}  # attributes the browser fetches at once: only files of the handbook itself

# Elements named for people who write routines, not HTML.
_ELEMENTS = {
    "script": "et skript («script»), som kjører kode i nettleseren",
    "style": "et stilark («style»), som kan skjule eller endre siden",
    "iframe": "en innebygd side («iframe») fra et annet sted",
    "object": "et innebygd objekt («object»)",
    "embed": "et innebygd objekt («embed»)",
    "form": "et skjema («form»), som kan sende det leseren skriver til et annet nettsted",
    "base": "elementet «base», som får siden til å hente skriptene sine fra et annet nettsted",
    "meta": "elementet «meta», som kan sende leseren videre til et annet nettsted",
    "link": "elementet «link», som henter filer fra et annet sted",
    "svg": "en SVG-tegning («svg»), som kan inneholde skript og lenker",
    "math": "en formel («math»), som kan inneholde lenker",
}
_URLS = frozenset({"href", "src", "cite", "action", "formaction", "xlink:href", "poster", "data"})
_FIELD_MARKUP = re.compile(r"[<&{]|\]\(|\]\[")  # a field can only render to HTML through one of these


@dataclass(frozen=True)
class Fjernet:
    """One thing the sanitiser removed or changed, described in Norwegian, with a hint to find it."""

    hva: str
    spor: tuple[str, ...]  # texts to look for in the source to find its line


def check_safety(doc: Document, oppsett: MarkdownOppsett, body_html: str | None = None) -> Iterator[Finding]:
    """Every text of one document that reaches the site: the body (`body_html`: already rendered by the
    caller, who needs it too), and every text field."""
    if doc.body.strip():
        yield from _check_body(doc, oppsett, render(doc.body, oppsett) if body_html is None else body_html)
    for path, text in text_values(doc.data):
        if _FIELD_MARKUP.search(text):
            removed = fjernet(render(text, oppsett))
            if removed:
                yield _finding(doc, doc.line(*path), field_name(path), *removed)


def render(text: str, oppsett: MarkdownOppsett) -> str:
    """The HTML the engine makes of `text` (a text field becomes one paragraph: allowed, so it never counts)."""
    return oppsett.markdown().convert(text)


def sanitise(html: str) -> str:
    """`html` as the allow-list lets it through."""
    return _cleaner().clean(html)


def fjernet(html: str) -> list[Fjernet]:
    """What the sanitiser would remove or change in `html`, in document order."""
    kept = Counter(_elements(sanitise(html)))
    removed: list[Fjernet] = []
    for element in _elements(html):
        if kept[element] > 0:
            kept[element] -= 1
        else:
            removed.extend(_describe(*element))
    return removed


@cache
def _cleaner() -> nh3.Cleaner:
    return nh3.Cleaner(tags=set(TAGS), attributes={k: set(v) for k, v in ATTRIBUTES.items()},
                       tag_attribute_values={t: {a: set(v) for a, v in av.items()}
                                             for t, av in TAG_ATTRIBUTE_VALUES.items()},
                       url_schemes=set(URL_SCHEMES), filter_style_properties=set(STYLE_PROPERTIES),
                       attribute_filter=_local_loads_only, link_rel=None, strip_comments=False)


def _local_loads_only(tag: str, attribute: str, value: str) -> str | None:
    """An image the browser fetches on its own must be a file of the handbook, never another host."""
    if (tag, attribute) in _LOADED and _is_remote(value):
        return None
    return value


def is_remote(url: str) -> bool:
    """True for an address on another host (a scheme, a host name, or a path starting with //)."""
    return _is_remote(url)


def _is_remote(url: str) -> bool:
    cleaned = re.sub(r"[\x00-\x20]", "", url)  # browsers ignore these inside URLs
    parts = urlsplit(cleaned)
    return bool(parts.scheme or parts.netloc or cleaned.startswith(("//", "\\\\", "/\\", "\\/")))


Element = tuple[str, tuple[tuple[str, str], ...]]


class _Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[Element] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.found.append((tag, tuple(sorted((name, _canonical(name, value or "")) for name, value in attrs))))


def _canonical(name: str, value: str) -> str:
    """The sanitiser rewrites a kept style as "text-align:left": the same declaration, not a change."""
    return re.sub(r"\s+", "", value).rstrip(";").lower() if name == "style" else value


def _elements(html: str) -> list[Element]:
    collector = _Collector()
    collector.feed(html)
    collector.close()
    return collector.found


def _describe(tag: str, attributes: Sequence[tuple[str, str]]) -> list[Fjernet]:
    """Why nh3 dropped or changed this element, in words (the verdict itself was nh3's)."""
    if tag not in TAGS:
        return [Fjernet(_ELEMENTS.get(tag, f"elementet «{tag}»"), (f"<{tag}",))]
    reasons = [_describe_attribute(tag, name, value) for name, value in attributes if _refused(tag, name, value)]
    return reasons or [Fjernet(f"elementet «{tag}» med disse attributtene", (f"<{tag}", tag))]


def _refused(tag: str, name: str, value: str) -> bool:
    """The allow-list's rules for one attribute, as `_cleaner` configures nh3."""
    allowed = ATTRIBUTES["*"] | ATTRIBUTES.get(tag, set()) | set(TAG_ATTRIBUTE_VALUES.get(tag, {}))
    if name not in allowed:
        return True
    if name in TAG_ATTRIBUTE_VALUES.get(tag, {}):
        return value not in TAG_ATTRIBUTE_VALUES[tag][name]
    if name in _URLS:
        return _scheme(value) not in ("", *URL_SCHEMES) or ((tag, name) in _LOADED and _is_remote(value))
    if name == "style":
        return any(part.split(":", 1)[0] not in STYLE_PROPERTIES for part in value.split(";") if part)
    return False


def _describe_attribute(tag: str, name: str, value: str) -> Fjernet:
    hints = (name, value[:30]) if value else (name,)
    if name.startswith("on"):
        return Fjernet(f"hendelsesattributtet {name} på «{tag}», som kjører kode i nettleseren", hints)
    if name in _URLS and kjorer_kode(value):
        return Fjernet(f"en {_scheme(value)}:-lenke i «{tag}», som kjører kode i nettleseren",
                       (name, "javascript", "script"))
    if (tag, name) in _LOADED:
        host = urlsplit(value.strip()).hostname or "et annet nettsted"
        return Fjernet(f"et bilde fra {host} (nettstedet henter ingenting fra andre nettsteder; legg bildet i "
                       "håndboka og lenk til filen)", hints)
    if name == "style":
        return Fjernet(f"stil-attributtet på «{tag}» (bare tekstjustering i tabeller er tillatt)", hints)
    return Fjernet(f"attributtet {name} på «{tag}»", hints)


def kjorer_kode(url: str) -> bool:
    """True for an address that runs code when it is followed or loaded (javascript:, vbscript:, data:)."""
    return _scheme(url) in ("javascript", "vbscript", "data")


def _scheme(url: str) -> str:
    return urlsplit(re.sub(r"[\x00-\x20]", "", url)).scheme.lower()


def _check_body(doc: Document, oppsett: MarkdownOppsett, body_html: str) -> Iterator[Finding]:
    removed = fjernet(body_html)
    if not removed:
        return
    blocks = _blocks(doc.body)
    by_line: dict[int, list[Fjernet]] = {}
    for item in removed:
        by_line.setdefault(doc.body_line + _locate(item, blocks, doc.body, oppsett), []).append(item)
    for line, items in by_line.items():
        yield _finding(doc, line, "tekst", *items)


def _blocks(body: str) -> list[tuple[int, str]]:
    """(first line offset, text) of each paragraph-like block: split at blank lines outside code fences."""
    blocks: list[tuple[int, str]] = []
    start, fence, lines = 0, "", body.split("\n")
    for index, line in enumerate(lines + [""]):
        stripped = line.strip()
        if stripped.startswith(("```", "~~~")):
            fence = "" if fence and stripped.startswith(fence) else (fence or stripped[:3])
        if not stripped and not fence:
            if index > start:
                blocks.append((start, "\n".join(lines[start:index])))
            start = index + 1
    return blocks


def _locate(item: Fjernet, blocks: list[tuple[int, str]], body: str, oppsett: MarkdownOppsett) -> int:
    """The line offset where `item` is written: the block that renders to it alone, then the line in it
    that mentions it; a hint search over the whole body when no block does it alone."""
    for offset, text in blocks:
        if item in fjernet(render(text, oppsett)):
            return offset + _hint_line(text, item.spor)
    return _hint_line(body, item.spor)


def _hint_line(text: str, hints: tuple[str, ...]) -> int:
    lowered = text.lower()
    for hint in hints:
        at = lowered.find(hint.lower())
        if hint and at >= 0:
            return lowered.count("\n", 0, at)
    return 0


def _finding(doc: Document, line: int | None, felt: str, *items: Fjernet) -> Finding:
    """One finding per line: an element and what is inside it are one mistake."""
    what = items[0].hva + (f" (og {len(items) - 1} ting til inni)" if len(items) > 1 else "")
    return feil("usikkert-innhold", doc.fil, line, felt,
                f"Teksten blir til {what} på nettsiden. Det er ikke tillatt: fjern det, og bruk vanlig Markdown "
                "for tekst, lenker og bilder.")
