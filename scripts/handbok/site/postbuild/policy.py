"""Post-build pass: a Content-Security-Policy meta first in every page's head, with hashes of its inline scripts."""

from __future__ import annotations

import base64
import hashlib
import html
import re
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

from markupsafe import Markup

from ...core.errors import Stop
from ...reports.templates import render
from ...source.writing import atomic_write

CSP_HEADER = "content-security-policy"
SELF = "'self'"
NONE = "'none'"
# Pagefind search runs WebAssembly; this allows compiling it, not eval() of JavaScript.
WASM = "'wasm-unsafe-eval'"


@dataclass(frozen=True)
class Directive:
    """One directive of a policy: its name and the sources it allows."""

    name: str
    sources: tuple[str, ...]

    def text(self) -> str:
        return " ".join((self.name, *self.sources))


@dataclass(frozen=True)
class Policy:
    """A page's Content-Security-Policy, directive by directive."""

    directives: tuple[Directive, ...]

    def text(self) -> str:
        return "; ".join(directive.text() for directive in self.directives)


def page_policy(script_hashes: tuple[str, ...]) -> Policy:
    """No inline or foreign script beyond the page's own inline scripts (by hash); nothing loaded from
    another host. Inline styles are allowed: the theme and the audit document use them, and a style
    cannot run code. frame-ancestors is left out: a policy in a meta element ignores it."""
    return Policy((
        Directive("default-src", (SELF,)),
        Directive("script-src", (SELF, *script_hashes, WASM)),
        Directive("style-src", (SELF, "'unsafe-inline'")),
        Directive("img-src", (SELF, "data:")),
        Directive("font-src", (SELF,)),
        Directive("connect-src", (SELF,)),
        Directive("worker-src", (SELF,)),
        Directive("manifest-src", (SELF,)),
        Directive("object-src", (NONE,)),
        Directive("base-uri", (SELF,)),  # an injected base element cannot move the theme's scripts elsewhere
        Directive("form-action", (SELF,)),
        Directive("frame-src", (NONE,)),
    ))


def script_hash(text: str) -> str:
    """The hash source of one inline script. The browser hashes the UTF-8 bytes of the text it
    parsed, and its parser has already turned CR LF and lone CR into LF."""
    normalised = text.replace("\r\n", "\n").replace("\r", "\n")
    digest = hashlib.sha256(normalised.encode("utf-8")).digest()
    return f"'sha256-{base64.b64encode(digest).decode('ascii')}'"


@dataclass(frozen=True)
class Head:
    """What the policy pass needs to know of one page: where the meta element goes, the policy meta
    already there (the span it covers, after an earlier run), and the text of each inline script."""

    insert_at: int
    existing_end: int | None
    scripts: tuple[str, ...]


class _HeadScan(HTMLParser):
    """Finds where the head's content starts and the exact text of every inline script, as offsets.

    A page whose first element is not a head element gets the meta element right after its doctype
    and html start tag: the browser's parser opens the head implicitly for a meta element met there.
    """

    def __init__(self, page: str) -> None:
        super().__init__(convert_charrefs=True)
        self._page = page
        self._line_starts = [0, *(match.end() for match in re.finditer("\n", page))]
        self.insert_at = 0  # after the doctype, the html start tag and a head start tag that come first
        self._preamble = True
        self._first: tuple[int, int] | None = None  # span of the first element after insert_at, if our meta
        self._script_from: int | None = None
        self.scripts: list[str] = []

    def _offset(self) -> int:
        line, column = self.getpos()
        return self._line_starts[line - 1] + column

    def handle_decl(self, decl: str) -> None:
        if self._preamble:
            self.insert_at = self._offset() + len(decl) + len("<!>")

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        start = self._offset()
        end = start + len(self.get_starttag_text() or "")
        if self._preamble and tag in ("html", "head"):
            self.insert_at = end
            self._preamble = tag == "html"
            return
        if self._preamble or (self._first is None and start == self.insert_at):
            self._preamble = False
            if start == self.insert_at and _is_policy(tag, attrs):
                self._first = (start, end)
        if tag == "script" and not any(name == "src" for name, _ in attrs):
            self._script_from = end

    def handle_endtag(self, tag: str) -> None:
        if tag == "script" and self._script_from is not None:
            self.scripts.append(self._page[self._script_from:self._offset()])
            self._script_from = None

    def handle_data(self, data: str) -> None:
        if data.strip():
            self._preamble = False

    def head(self) -> Head:
        return Head(self.insert_at, self._first[1] if self._first else None, tuple(self.scripts))


def _is_policy(tag: str, attrs: list[tuple[str, str | None]]) -> bool:
    return tag == "meta" and any(name == "http-equiv" and (value or "").strip().lower() == CSP_HEADER
                                 for name, value in attrs)


def scan_head(page: str) -> Head:
    scan = _HeadScan(page)
    scan.feed(page)
    scan.close()
    return scan.head()


def with_policy(page: str) -> str:
    """The page with its Content-Security-Policy as the first element of its head (before any script);
    a policy that an earlier run put there is replaced, so the pass can run again."""
    head = scan_head(page)
    hashes = tuple(dict.fromkeys(script_hash(text) for text in head.scripts))
    meta = render("csp.html", policy=_attribute(page_policy(hashes).text())).rstrip("\n")
    end = head.insert_at if head.existing_end is None else head.existing_end
    return page[:head.insert_at] + meta + page[end:]


def _attribute(text: str) -> Markup:
    """The policy escaped for a double-quoted attribute, its quotes ' left readable (and 200 bytes
    shorter: the meta element comes before the charset declaration, which must stay in the first 1024)."""
    return Markup(html.escape(text, quote=False).replace('"', "&quot;"))


def csp(site_dir: Path) -> None:
    """Give every HTML page under site/ its Content-Security-Policy (a page's hashes are of its own scripts)."""
    for path in sorted(site_dir.rglob("*.html")):
        raw = path.read_bytes()
        try:
            page = raw.decode("utf-8")
        except UnicodeDecodeError:
            raise Stop(f"{path} er ikke UTF-8; siden kan ikke få sin Content-Security-Policy.") from None
        protected = with_policy(page).encode("utf-8")
        if protected != raw:
            atomic_write(path, protected)
