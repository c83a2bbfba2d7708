"""Post-build pass: a search form in every page's header that leads to sok/?q=…, whichever engine made the page.

The engines' own header search is switched off (it needs their search index); this plain GET form
works without JavaScript. It goes in last in the header's navigation bar, and only once.
"""

from __future__ import annotations

from pathlib import Path

from ...reports.templates import render
from ...source.writing import atomic_write
from .htmlscan import tags_until

MARKOR = "handbok-toppsok"
SOKESIDE = "sok/"
UTEN = ("404.html",)  # served at any address, so a relative link from it would lead astray


def header_search(site_dir: Path) -> None:
    for path in sorted(site_dir.rglob("*.html")):
        page = path.read_text(encoding="utf-8")
        updated = page_with_header_search(page, path.relative_to(site_dir).as_posix())
        if updated != page:
            atomic_write(path, updated.encode("utf-8"))


def page_with_header_search(page: str, rel: str) -> str:
    """The page at `rel` (its path below site/) with the form, leading to sok/ from where it lies; the
    preview (mkdocs_plugin) gives each page it builds the same."""
    if rel in UTEN:
        return page
    return with_header_search(page, "../" * rel.count("/") + SOKESIDE)


def with_header_search(page: str, sok: str) -> str:
    """The page with the form at the end of its header's navigation (or of the header); a page without
    a header, or that has the form already, as it is."""
    tags = tags_until(page, "header")
    start = next((t for t in tags if t.name == "header" and not t.closing), None)
    end = next((t for t in tags if t.name == "header" and t.closing), None)
    if start is None or end is None or MARKOR in page[start.end:end.start]:
        return page
    navs = [t.start for t in tags if t.name == "nav" and t.closing and start.end <= t.start < end.start]
    at = navs[-1] if navs else end.start
    return page[:at] + render("postbuild/toppsok.html", sok=sok) + page[at:]
