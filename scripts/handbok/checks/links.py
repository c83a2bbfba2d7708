"""Links: the author's Markdown -> every link to a file of the handbook, checked, and moved to where the site has it.

An author links as GitHub's preview shows the files: from rutiner/fall.md, `[skjema](../vedlegg/fall.pdf)`,
`[rollen](../funksjonsbeskrivelser/sykepleier.md)` or `[rutinen](avviksmelding.md)`. Such a link is
checked against the handbook's files (a finding with file and line when it leads nowhere), and the
pages move it to where the site publishes the file (roller/, arkiv/, the root for docs/). markdown-it-py
reads the links the way GitHub does; its tokens carry the lines.
"""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass
from functools import cache
from typing import Callable, Collection, Iterator
from urllib.parse import unquote, urlsplit

from markdown_it import MarkdownIt
from markdown_it.token import Token

from ..core.findings import Finding, feil
from ..core.suggest import closest
from ..source.cache import Cache, Codec, Json
from ..source.loading import DOCS, Corpus, Document
from .rendering_cost import BUDGET, cost

# Folders the site generates: a hand-written page in docs/ may link into them the site's way
# (docs/index.md -> rutiner/index.md); the engine checks those links when it builds.
GENERERTE_MAPPER = ("rutiner", "roller", "arkiv", "tjenestesteder", "status", "endringer", "sok", "tilsyn",
                    "assets")
_DEFINITION = re.compile(r"^ {0,3}\[[^\]]+\]:")
_MAY_LINK = re.compile(r"\]\s*[(:]")  # no link without one of these: skip the parse


@dataclass(frozen=True)
class Lenke:
    """One link in a body: the file's line, the address as written, and the file it names (None: not ours)."""

    linje: int
    skrevet: str
    maal: str | None
    anker: str = ""


def _lenker_from_json(data: Json) -> list[Lenke]:
    return [Lenke(int(linje), str(skrevet), None if maal is None else str(maal), str(anker))
            for linje, skrevet, maal, anker in data]


LENKER = Codec(lambda found: [[l.linje, l.skrevet, l.maal, l.anker] for l in found], _lenker_from_json)


def lenker(doc: Document) -> list[Lenke]:
    """Every link and image in the document's body, in order."""
    return lenker_i(doc.body, doc.fil, doc.body_line)


def lenker_i(body: str, fil: str, first_line: int = 1) -> list[Lenke]:
    """Every link and image in `body`, the text of `fil` from line `first_line` on."""
    if not _MAY_LINK.search(body):
        return []
    lines = body.split("\n")
    found: list[Lenke] = []
    block: list[int] = [0, 1]
    for token in _parser().parse(body):
        block = token.map or block
        for child in token.children or ():
            address = _address(child)
            if address is not None:
                written, line = _written(address, lines, block)
                target, anchor = maal(fil, address)
                found.append(Lenke(first_line + line, written, target, anchor))
    return found


@cache
def _parser() -> MarkdownIt:
    """Built once: building the parser costs more than reading a routine with it."""
    return MarkdownIt("commonmark").enable("table")


def _address(token: Token) -> str | None:
    if token.type == "link_open":
        return str(token.attrs.get("href") or "")
    if token.type == "image":
        return str(token.attrs.get("src") or "")
    return None


def _written(address: str, lines: list[str], block: list[int]) -> tuple[str, int]:
    """The address as the author wrote it and its line in the body (0-based): markdown-it encodes æøå."""
    candidates = [address, unquote(address)]
    for index in range(block[0], min(block[1], len(lines))):
        for candidate in candidates:
            if candidate and candidate in lines[index]:
                return candidate, index
    for index, line in enumerate(lines):  # a reference link: the address is on its definition's line
        for candidate in candidates:
            if candidate and _DEFINITION.match(line) and candidate in line:
                return candidate, index
    return unquote(address), block[0]


def maal(fil: str, address: str) -> tuple[str | None, str]:
    """The repository-relative file an address in `fil` names, and its anchor; None for a link to
    another site (a scheme or //host), to the same page (#…) or to a path from the site's root."""
    parts = urlsplit(address)
    if parts.scheme or parts.netloc or address.startswith("/") or not parts.path:
        return None, parts.fragment
    return posixpath.normpath(posixpath.join(posixpath.dirname(fil), unquote(parts.path))), parts.fragment


def check_links(corpus: Corpus, filer: Collection[str], cache: Cache | None = None) -> Iterator[Finding]:
    """Every link of every body to a file of the handbook that is not there, with file and line.

    `filer`: the repository-relative files the site publishes (documents, docs/, vedlegg/). A file's
    links are read once per text (`cache`); whether they lead somewhere is checked every time."""
    present = set(filer)
    cache = cache or Cache(None)
    for doc in (*corpus.rutiner, *corpus.funksjoner, *corpus.sider):
        if cost(doc.body) > BUDGET:
            continue  # refused before it is read (rendering_cost): its links would take as long to find
        found = cache.get("lenker", doc.fil, doc.digest, lambda: lenker(doc), LENKER) if doc.digest else lenker(doc)
        for lenke in found:
            if lenke.maal is None or lenke.maal in present or _generated(doc, lenke.maal):
                continue
            yield feil("lenke-brutt", doc.fil, lenke.linje, "", _message(doc.fil, lenke, present))


def _generated(doc: Document, target: str) -> bool:
    """A page in docs/ linking the site's way to a generated page."""
    return doc.kind == "side" and target.startswith(DOCS + "/") and target.split("/")[1] in GENERERTE_MAPPER


def _message(fil: str, lenke: Lenke, present: set[str]) -> str:
    where = lenke.maal or ""
    if where.startswith("../") or where == "..":
        return (f"Lenken «{lenke.skrevet}» peker ut av håndboka. Lenk til en fil i håndboka, eller skriv hele "
                "adressen (https://…) til et annet nettsted.")
    guess = closest(where, present)
    hint = (f" Mente du «{posixpath.relpath(guess, posixpath.dirname(fil) or '.')}»?" if guess
            else " Sjekk stavingen og mappen (../ betyr mappen over).")
    return f"Lenken «{lenke.skrevet}» peker på {where}, som ikke finnes i håndboka.{hint}"


def omskriv(body: str, fil: str, side: str, sti_for: Callable[[str], str | None]) -> str:
    """`body` (the text of `fil`) with each link to a handbook file moved to where the site has it, relative
    to page `side` (`sti_for`: a repository file -> its path on the site; None leaves the link as written)."""
    lines = body.split("\n")
    for lenke in lenker_i(body, fil):
        target = sti_for(lenke.maal) if lenke.maal else None
        if target is None:
            continue
        new = posixpath.relpath(target, posixpath.dirname(side) or ".") + (f"#{lenke.anker}" if lenke.anker else "")
        index = lenke.linje - 1
        lines[index] = re.sub(r"(\]\(\s*<?|\]:\s*<?)" + re.escape(lenke.skrevet) + r"(?=[\s>)]|$)",
                              lambda m: m.group(1) + new, lines[index])
    return "\n".join(lines)
