"""Post-build pass: a Content-Security-Policy meta first in every page's head, allowing only the inline scripts the
theme and handbok ship.

The allowed hashes are of known content, never of whatever a page holds: the inline scripts in the
templates of the theme packages (Material for MkDocs, Zensical) and of handbok are patterns, and a
page's script is hashed only when its text is one of them exactly. Any other inline script that would
run — one that content, mkdocs.yml or a theme customisation put there — is blocked by the policy, and
the pass refuses the build. Scripts are found with one regular expression over the page: a script it
misread could only lose a hash (the browser then blocks it), never gain one.
"""

from __future__ import annotations

import base64
import hashlib
import html
import importlib.util
import re
from dataclasses import dataclass
from functools import cache
from html.parser import HTMLParser
from importlib import resources
from pathlib import Path

from markupsafe import Markup

from ...core.errors import Stop
from ...reports.templates import render
from ...source.writing import atomic_write
from .htmlscan import CHUNK

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
    """No inline or foreign script beyond the known inline scripts (by hash); nothing loaded from
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
    """Where the policy meta element goes in one page, and the span of the one an earlier run put there."""

    insert_at: int
    existing_end: int | None


class _HeadScan(HTMLParser):
    """Finds where the head's content starts, as an offset, reading only the page's beginning.

    A page whose first element is not a head element gets the meta element right after its doctype
    and html start tag: the browser's parser opens the head implicitly for a meta element met there.
    """

    def __init__(self, page: str) -> None:
        super().__init__(convert_charrefs=True)
        self._line_starts = [0, *(match.end() for match in re.finditer("\n", page))]
        self.insert_at = 0  # after the doctype, the html start tag and a head start tag that come first
        self.preamble = True
        self.existing_end: int | None = None  # the end of our meta element, when it is the first element

    def _offset(self) -> int:
        line, column = self.getpos()
        return self._line_starts[line - 1] + column

    def handle_decl(self, decl: str) -> None:
        if self.preamble:
            self.insert_at = self._offset() + len(decl) + len("<!>")

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if not self.preamble:
            return
        start = self._offset()
        end = start + len(self.get_starttag_text() or "")
        if tag in ("html", "head"):
            self.insert_at = end
            return
        self.preamble = False
        if start == self.insert_at and _is_policy(tag, attrs):
            self.existing_end = end

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)

    def handle_data(self, data: str) -> None:
        if data.strip():
            self.preamble = False


def _is_policy(tag: str, attrs: list[tuple[str, str | None]]) -> bool:
    return tag == "meta" and any(name == "http-equiv" and (value or "").strip().lower() == CSP_HEADER
                                 for name, value in attrs)


def scan_head(page: str) -> Head:
    """The head's insertion point, read a chunk at a time until the first element after it: a page's body
    is never parsed."""
    scan = _HeadScan(page)
    for at in range(0, len(page), CHUNK):
        scan.feed(page[at:at + CHUNK])
        if not scan.preamble:
            break
    return Head(scan.insert_at, scan.existing_end)


# --- the inline scripts a page may run ----------------------------------------------------------------------

# An inline script runs unless its type names something else (JSON data, a text the search page loads later).
_RUNS = frozenset({"", "module", "importmap", "speculationrules", "text/javascript", "application/javascript",
                   "text/ecmascript", "application/ecmascript", "text/jscript", "text/livescript",
                   "application/x-javascript", "application/x-ecmascript", "text/x-javascript", "text/x-ecmascript",
                   "text/javascript1.0", "text/javascript1.1", "text/javascript1.2", "text/javascript1.3",
                   "text/javascript1.4", "text/javascript1.5"})
# A template expression inside a shipped script stands for a value (a base address, a scope) that cannot
# leave its string: no quote, backslash, angle bracket or line break.
_VALUE = r"""[^"'`\\<>\n]*"""
_EXPRESSION = re.compile(r"{{.*?}}|{%.*?%}", re.S)
_SCRIPT = re.compile(r"<script(?=[\s/>])([^>]*)>(.*?)</script(?=[\s/>])", re.I | re.S)
THEMES = ("material", "zensical")  # the engines' theme packages: Material for MkDocs, and Zensical's own


@dataclass(frozen=True)
class Skript:
    """One inline script of a page: its text, and whether the policy lets it run (a script the theme or
    handbok ships)."""

    tekst: str
    kjent: bool


@cache
def known_scripts() -> tuple[re.Pattern[str], ...]:
    """Every inline script in the templates the themes and handbok ship, as a pattern of its exact text."""
    patterns = {_pattern(body) for folder in _template_folders() for path in sorted(folder.rglob("*.html"))
                for attributes, body in _SCRIPT.findall(path.read_text(encoding="utf-8", errors="replace"))
                if _runs(attributes) and body.strip()}
    return tuple(re.compile(p, re.S) for p in sorted(patterns))


def _template_folders() -> list[Path]:
    folders = [Path(str(resources.files("handbok") / "templates"))]
    for theme in THEMES:
        spec = importlib.util.find_spec(theme)
        if spec is not None and spec.origin is not None:
            folders.append(Path(spec.origin).parent / "templates")
    return [folder for folder in folders if folder.is_dir()]


def _pattern(body: str) -> str:
    """A template's script text as a pattern: the literal text, each expression standing for a plain value."""
    parts = _EXPRESSION.split(body)
    return _VALUE.join(re.escape(part) for part in parts)


def _runs(attributes: str) -> bool:
    """Whether a script with these start-tag attributes runs (and so needs the policy's permission)."""
    found = _Attributes()
    found.feed(f"<script{attributes}>")
    return "src" not in found.values and (found.values.get("type") or "").strip().lower() in _RUNS


class _Attributes(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.values: dict[str, str | None] = {}

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.values = dict(attrs)


def inline_scripts(page: str) -> list[Skript]:
    """The page's inline scripts that run, each known (shipped by the theme or handbok) or not."""
    known = known_scripts()
    return [Skript(body, any(p.fullmatch(body) for p in known)) for attributes, body in _SCRIPT.findall(page)
            if _runs(attributes)]


def with_policy(page: str) -> str:
    """The page with its Content-Security-Policy as the first element of its head (before any script);
    a policy that an earlier run put there is replaced, so the pass can run again. Only the scripts the
    theme and handbok ship are allowed (by hash): a script content injected is not, whatever the page holds."""
    return _protected(page)[0]


def _protected(page: str) -> tuple[str, list[Skript]]:
    """The page with its policy, and its inline scripts that run."""
    head = scan_head(page)
    scripts = inline_scripts(page)
    hashes = tuple(dict.fromkeys(script_hash(s.tekst) for s in scripts if s.kjent))
    meta = render("csp.html", policy=_attribute(page_policy(hashes).text())).rstrip("\n")
    end = head.insert_at if head.existing_end is None else head.existing_end
    return page[:head.insert_at] + meta + page[end:], scripts


def _attribute(text: str) -> Markup:
    """The policy escaped for a double-quoted attribute, its quotes ' left readable (and 200 bytes
    shorter: the meta element comes before the charset declaration, which must stay in the first 1024)."""
    return Markup(html.escape(text, quote=False).replace('"', "&quot;"))


def csp(site_dir: Path) -> None:
    """Give every HTML page under site/ its Content-Security-Policy; then refuse the build when a page holds an
    inline script that neither the theme nor handbok ships (every page has its policy first, which blocks it)."""
    foreign: list[str] = []
    for path in sorted(site_dir.rglob("*.html")):
        raw = path.read_bytes()
        try:
            page = raw.decode("utf-8")
        except UnicodeDecodeError:
            raise Stop(f"{path} er ikke UTF-8; siden kan ikke få sin Content-Security-Policy.") from None
        protected, scripts = _protected(page)
        if protected.encode("utf-8") != raw:
            atomic_write(path, protected.encode("utf-8"))
        if any(not s.kjent for s in scripts):
            foreign.append(path.relative_to(site_dir).as_posix())
    if foreign:
        more = f" og {len(foreign) - 1} sider til" if len(foreign) > 1 else ""
        raise Stop(f"Siden {foreign[0]}{more} har et skript som verken temaet eller handbok har laget (fra "
                   "mkdocs.yml, en tematilpasning eller innhold som har sluppet gjennom). Skriptet er stoppet, og "
                   "nettstedet skal ikke publiseres: fjern skriptet og bygg på nytt.")
