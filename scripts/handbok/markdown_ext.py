"""Markdown extension `handbok.markdown_ext`: lists as GitHub shows them, and phone numbers as `tel:` links.

Registered in mkdocs.yml, so the site and `handbok sjekk` (which renders with the same extensions)
agree. Lists: a sub-list indented by two spaces nests (Python-Markdown wants four), `1)` starts an
ordered list like `1.` does, a list keeps the number it starts with, and a bulleted list never joins
a numbered one. Elements are built with `xml.etree`, never as HTML strings.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree
from typing import Any, Iterator

from markdown import Markdown
from markdown.blockparser import BlockParser
from markdown.blockprocessors import ListIndentProcessor, OListProcessor, UListProcessor
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor

NESTED_INDENT = 2
# Emergency numbers, 116 117 (legevakt) and eight-digit Norwegian numbers written in pairs or whole.
# Not inside longer digit runs, decimals or the engine's placeholders ("\x02wzxhzdk:113\x03").
PHONE = re.compile(r"(?<![\w:.,/+-])(11[023]|116 ?117|\d{2} \d{2} \d{2} \d{2}|\d{3} \d{2} \d{3}|\d{8})(?![\w/-]|[.,]\d)")
_SKIP = frozenset({"a", "code", "pre", "h1", "h2", "h3", "h4", "h5", "h6", "kbd", "samp", "script", "style"})


def _list_patterns(processor: OListProcessor, child: str) -> None:
    indent = processor.tab_length
    processor.RE = re.compile(r"^[ ]{0,%d}%s[ ]+(.*)" % (indent - 1, child))
    processor.CHILD_RE = re.compile(r"^[ ]{0,%d}((%s))[ ]+(.*)" % (indent - 1, child))
    processor.INDENT_RE = re.compile(r"^[ ]{%d,%d}((\d+[.)])|[*+-])[ ]+.*" % (indent, indent * 2 - 1))


class GithubOListProcessor(OListProcessor):
    """`1.` and `1)` items, the author's start number, nested by two spaces."""

    SIBLING_TAGS = ["ol"]
    LAZY_OL = False

    def __init__(self, parser: BlockParser, indent: int) -> None:
        super().__init__(parser)
        self.tab_length = indent
        _list_patterns(self, r"\d+[.)]")


class GithubUListProcessor(UListProcessor):
    """`-`, `*` and `+` items, nested by two spaces."""

    SIBLING_TAGS = ["ul"]

    def __init__(self, parser: BlockParser, indent: int) -> None:
        super().__init__(parser)
        self.tab_length = indent
        _list_patterns(self, r"[*+-]")


class GithubListIndentProcessor(ListIndentProcessor):
    """A block indented by two spaces after a list item belongs to that item."""

    def __init__(self, parser: BlockParser, indent: int) -> None:
        super().__init__(parser)
        self.tab_length = indent


class PhoneLinks(Treeprocessor):
    """Phone numbers in running text become `tel:` links (the author's file stays as written)."""

    def run(self, root: etree.Element) -> None:
        for element in list(_text_elements(root)):
            _link_text(element)
            for child in list(element):
                if child.tag not in _SKIP:
                    _link_tail(element, child)


def _text_elements(root: etree.Element) -> Iterator[etree.Element]:
    """Every element whose own text may hold a number: not links, code or headings."""
    if root.tag in _SKIP:
        return
    yield root
    for child in root:
        yield from _text_elements(child)


def _tel(number: str) -> etree.Element:
    link = etree.Element("a", {"href": "tel:" + number.replace(" ", ""), "class": "handbok-tel"})
    link.text = number
    return link


def _split(text: str) -> tuple[str, list[tuple[etree.Element, str]]]:
    """`text` as the text before the first number, then each number's link with the text after it."""
    parts = PHONE.split(text)
    return parts[0], [(_tel(parts[i]), parts[i + 1]) for i in range(1, len(parts), 2)]


def _link_text(element: etree.Element) -> None:
    if not element.text or not PHONE.search(element.text):
        return
    element.text, links = _split(element.text)
    for index, (link, tail) in enumerate(links):
        link.tail = tail
        element.insert(index, link)


def _link_tail(parent: etree.Element, child: etree.Element) -> None:
    if not child.tail or not PHONE.search(child.tail):
        return
    child.tail, links = _split(child.tail)
    at = list(parent).index(child) + 1
    for offset, (link, tail) in enumerate(links):
        link.tail = tail
        parent.insert(at + offset, link)


class HandbokExtension(Extension):
    def __init__(self, **kwargs: Any) -> None:
        self.config = {"nested_indent": [NESTED_INDENT, "Spaces that nest a list in a list item (GitHub: 2)"]}
        super().__init__(**kwargs)

    def extendMarkdown(self, md: Markdown) -> None:  # noqa: N802 (Python-Markdown's name)
        indent = int(self.getConfig("nested_indent"))
        md.parser.blockprocessors.register(GithubOListProcessor(md.parser, indent), "olist", 50)
        md.parser.blockprocessors.register(GithubUListProcessor(md.parser, indent), "ulist", 40)
        md.parser.blockprocessors.register(GithubListIndentProcessor(md.parser, indent), "indent", 95)
        # After the inline pass (20) and toc (5), before MkDocs' link rewriting (0).
        md.treeprocessors.register(PhoneLinks(md), "handbok_tel", 4)


def makeExtension(**kwargs: Any) -> HandbokExtension:  # noqa: N802 (Python-Markdown's entry point)
    return HandbokExtension(**kwargs)
