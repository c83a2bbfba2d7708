"""Post-build helper: where the elements of a page's beginning are, as offsets into its text, for the passes that insert something."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

CHUNK = 8192  # the head and the header are in a page's first few kilobytes; the rest is not read


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


def tags_until(page: str, end_of: str) -> list[Tag]:
    """The page's tags from its beginning through the end tag of the first `end_of` element (all of them
    when there is none), read a chunk at a time so a long page's body is never parsed."""
    scan = _Scan(page)
    for at in range(0, len(page), CHUNK):
        scan.feed(page[at:at + CHUNK])
        if any(tag.closing and tag.name == end_of for tag in scan.tags[-64:]):
            break
    return scan.tags
