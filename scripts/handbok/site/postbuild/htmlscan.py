"""Post-build helper: where the elements of a page's beginning are, as offsets into its text, for the passes that insert something."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

CHUNK = 8192
GRENSE = 65536  # a page's head and header are in its first few kilobytes; past this nothing is read


@dataclass(frozen=True)
class Tag:
    """One start or end tag: its name, attributes (start tags), and the span of its text."""

    name: str
    start: int
    end: int
    closing: bool = False
    attrs: dict[str, str] = field(default_factory=dict)


class _Scan(HTMLParser):
    def __init__(self, page: str) -> None:
        super().__init__(convert_charrefs=True)
        self._page = page
        self._line_starts = [0, *(match.end() for match in re.finditer("\n", page))]
        self.tags: list[Tag] = []
        self.closed: set[str] = set()  # names of the elements whose end tag has been read

    def _offset(self) -> int:
        line, column = self.getpos()
        return self._line_starts[line - 1] + column

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        start = self._offset()
        self.tags.append(Tag(tag, start, start + len(self.get_starttag_text() or ""),
                             attrs={name: value or "" for name, value in attrs}))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag: str) -> None:
        start = self._offset()
        self.tags.append(Tag(tag, start, self._page.index(">", start) + 1, closing=True))
        self.closed.add(tag)


def tags_until(page: str, end_of: str) -> list[Tag]:
    """The page's tags from its beginning through the end tag of the first `end_of` element (those of its
    first GRENSE characters when there is none), read a chunk at a time: a long page's body is not parsed."""
    start = page[:GRENSE]
    scan = _Scan(start)
    for at in range(0, len(start), CHUNK):
        scan.feed(start[at:at + CHUNK])
        if end_of in scan.closed:
            break
    return scan.tags
