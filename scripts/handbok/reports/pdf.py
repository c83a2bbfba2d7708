"""PDF: a finished HTML document printed to A4 by headless Chromium, driven through Playwright.

Chromium is what the site's own browser tests already need (Debian's `chromium`), and its PDF
carries the text, so a reader can search and copy it. Playwright is imported only here and only
when a PDF is asked for: the rest of the tool runs without it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from ..core.errors import Stop

CHROMIUM = Path("/usr/bin/chromium")
# Headless and quiet: no sandbox (containers, CI), no GPU, no calls home.
CHROMIUM_ARGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run")
MISSING_CHROMIUM = (f"--pdf trenger nettleseren Chromium ({CHROMIUM}), som ikke er installert. Installer "
                    "Debian-pakken «chromium» (sudo apt-get install chromium) og prøv igjen.")
MISSING_PLAYWRIGHT = ("--pdf trenger Python-pakken playwright. Installer den med «pip install 'handbok[pdf]'» "
                      "og prøv igjen.")


def has_title(data: bytes, prefix: str) -> bool:
    """Whether a PDF's document title (Chromium writes the HTML <title>) starts with `prefix`:
    how a command recognises a PDF it printed before. Chromium writes a title with non-ASCII
    letters as UTF-16 in hex, an ASCII one as a literal string."""
    if not data.startswith(b"%PDF-"):
        return False
    utf16 = ("FEFF" + prefix.encode("utf-16-be").hex()).encode("ascii")
    literal = prefix.encode("latin-1", errors="replace")
    return bool(re.search(rb"/Title\s*<" + utf16, data, re.IGNORECASE) or b"/Title (" + literal in data)


@dataclass(frozen=True)
class Utskrift:
    """How a document is printed: its page head and foot (Chromium's own templates, from our templates)."""

    sidehode: str
    sidefot: str
    liggende: bool = False


def print_pdf(html: str, utskrift: Utskrift, chromium: Path = CHROMIUM) -> bytes:
    """`html` as an A4 PDF with a head and foot on every page («Side X av Y»); a known error when
    Chromium or Playwright is missing."""
    if not chromium.exists():
        raise Stop(MISSING_CHROMIUM)
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        raise Stop(MISSING_PLAYWRIGHT) from None
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(chromium), args=list(CHROMIUM_ARGS))
        try:
            page = browser.new_page()
            page.set_content(html, wait_until="load")
            return page.pdf(format="A4", landscape=utskrift.liggende, print_background=True,
                            display_header_footer=True, header_template=utskrift.sidehode,
                            footer_template=utskrift.sidefot,
                            margin={"top": "18mm", "bottom": "16mm", "left": "14mm", "right": "14mm"})
        finally:
            browser.close()
