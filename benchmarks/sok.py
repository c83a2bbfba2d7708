"""Search benchmark: time to the first result on sok/?q=fall in Chromium over a slow link, cold cache.

    python benchmarks/sok.py SITE_DIR [SITE_DIR …]    # a built site/ folder each

Also how long a page takes to open on a desktop (`mal_apning`: the status overview, no throttling).

The link is emulated through the DevTools protocol (Network.emulateNetworkConditions): 400 ms latency,
50 KB/s down and up, the slow mobile link measured in the field. The site is served on 127.0.0.1 the
way a production server with precompressed files serves it (FILE.gz when the browser accepts gzip),
and every run starts from a fresh browser context, so nothing is cached. Bytes are what crossed the
emulated link (encodedDataLength) from the navigation until the first result was on screen.
"""

from __future__ import annotations

import functools
import http.server
import sys
import threading
import time
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterator

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]
LATENCY_MS = 400
BYTES_PER_S = 50 * 1024
QUERY = "fall"
TIMEOUT_MS = 180_000


@dataclass(frozen=True)
class Sokemaling:
    forste_treff_s: float
    kb: float
    foresporsler: int
    forste: str


class _Precompressed(http.server.SimpleHTTPRequestHandler):
    """Serves FILE.gz for FILE when the browser accepts gzip, as nginx's gzip_static does."""

    def send_head(self) -> Any:
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            path = path / "index.html"
        packed = path.with_name(path.name + ".gz")
        if "gzip" not in self.headers.get("Accept-Encoding", "") or not packed.is_file():
            return super().send_head()
        stream = packed.open("rb")
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(packed.stat().st_size))
        self.end_headers()
        return stream

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - the base class's name
        pass


@contextmanager
def served(site: Path) -> Iterator[str]:
    handler = functools.partial(_Precompressed, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


def mal_sok(site: Path, query: str = QUERY) -> Sokemaling:
    """First result for `query` on the built `site`, over the emulated slow link, cold cache."""
    from playwright.sync_api import sync_playwright

    with served(site) as url, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        try:
            context = browser.new_context(service_workers="block")
            page = context.new_page()
            cdp = context.new_cdp_session(page)
            cdp.send("Network.enable")
            cdp.send("Network.setCacheDisabled", {"cacheDisabled": True})
            cdp.send("Network.emulateNetworkConditions", {"offline": False, "latency": LATENCY_MS,
                                                          "downloadThroughput": BYTES_PER_S,
                                                          "uploadThroughput": BYTES_PER_S})
            sizes: dict[str, float] = {}
            cdp.on("Network.loadingFinished", lambda e: sizes.__setitem__(e["requestId"], e["encodedDataLength"]))
            start = time.perf_counter()
            page.goto(f"{url}sok/?q={query}", wait_until="commit", timeout=TIMEOUT_MS)
            page.wait_for_selector("#sokeresultater li a", timeout=TIMEOUT_MS)
            seconds = time.perf_counter() - start
            first = page.get_attribute("#sokeresultater li a", "href") or ""
            return Sokemaling(seconds, sum(sizes.values()) / 1000, len(sizes), first)
        finally:
            browser.close()


def mal_apning(site: Path, path: str) -> float:
    """Seconds until `path` has loaded (the load event) in desktop Chromium on the local server, cold cache."""
    from playwright.sync_api import sync_playwright

    with served(site) as url, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        try:
            page = browser.new_context(viewport={"width": 1280, "height": 900}, service_workers="block").new_page()
            start = time.perf_counter()
            page.goto(url + path, wait_until="load", timeout=TIMEOUT_MS)
            return time.perf_counter() - start
        finally:
            browser.close()


def main(argv: list[str]) -> int:
    for folder in argv:
        m = mal_sok(Path(folder))
        print(f"{folder}: første treff for «{QUERY}» etter {m.forste_treff_s:.1f} s, {m.kb:.0f} KB i "
              f"{m.foresporsler} forespørsler ({m.forste})")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
