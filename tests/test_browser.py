"""The built site in a real browser (headless Debian Chromium): search, pages, 360 px, WCAG 2.1 AA, privacy.

These tests never skip: without /usr/bin/chromium or node_modules/axe-core they fail and say what
to install (`make test` installs both).
"""

from __future__ import annotations

import functools
import http.server
import json
import re
import threading
from pathlib import Path
from typing import Iterator
from urllib.parse import urlsplit

import pytest

from handbok.checks import check_repository
from handbok.markup import prosent
from handbok.status import EFFEKTIVE_STATUSER, Status, beregn_status

from test_site_build import REPO, TODAY, build_site

CHROMIUM = Path("/usr/bin/chromium")
AXE = REPO / "node_modules" / "axe-core" / "axe.min.js"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]
WCAG = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - the base class's name
        pass


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path, Status]]:
    """The example handbook built once and served on 127.0.0.1 by a thread; yields (url, root, status)."""
    root = build_site(tmp_path_factory.mktemp("nettleser") / "h")
    handler = functools.partial(_Quiet, directory=str(root / "site"))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    status = beregn_status(check_repository(root, TODAY).handbok, TODAY)
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/", root, status
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    if not CHROMIUM.is_file():
        pytest.fail("Mangler /usr/bin/chromium. Installer Debian-pakken: apt-get install -y chromium (make test gjør det).")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        try:
            yield chromium
        finally:
            chromium.close()


@pytest.fixture
def page(browser: object) -> Iterator[object]:
    context = browser.new_context(viewport={"width": 1280, "height": 900}, service_workers="block")  # type: ignore[attr-defined]
    tab = context.new_page()
    try:
        yield tab
    finally:
        context.close()


def sample_pages(root: Path, status: Status) -> dict[str, str]:
    """One page of each kind, chosen from the content so the tests follow the example handbook."""
    handbok = check_repository(root, TODAY).handbok
    rutine = next(r.rutine for r in status.rutiner if r.rutine.ansvar)
    rolle = next(iter(rutine.ansvar))
    return {"forside": "", "rutine": f"rutiner/{rutine.id}/", "rolle": f"roller/{rolle}/",
            "tjenestested": f"tjenestesteder/{status.steder[0].sted.id}/", "status": "status/",
            "_rolle_finnes": str(rolle in handbok.funksjoner)}


def kinds(root: Path, status: Status) -> list[tuple[str, str]]:
    return [(k, v) for k, v in sample_pages(root, status).items() if not k.startswith("_")]


# --- search ---------------------------------------------------------------------------------------

def test_inflected_search_finds_the_routine(site: tuple[str, Path, Status], page: object) -> None:
    url, root, _ = site
    index = json.loads((root / "site/search/search_index.json").read_text(encoding="utf-8"))
    texts = {d["location"].split("#")[0]: (d["title"] + " " + d["text"]).lower() for d in index["docs"]}
    assert not any("legemidlene" in t for t in texts.values()), "forutsetning: ingen side har ordet «legemidlene»"
    expected = {loc for loc, t in texts.items() if re.search(r"\blegemidler\b", t)}
    assert expected, "forutsetning: en rutine har ordet «legemidler»"
    page.goto(url)  # type: ignore[attr-defined]
    page.fill("input.md-search__input", "legemidlene")  # type: ignore[attr-defined]
    page.wait_for_selector(".md-search-result__item", timeout=15000)  # type: ignore[attr-defined]
    hrefs = page.eval_on_selector_all(".md-search-result__link", "els => els.map(e => e.getAttribute('href'))")  # type: ignore[attr-defined]
    found = {urlsplit(h).path.removeprefix(urlsplit(url).path) for h in hrefs}
    assert expected & found, (expected, found)


def test_front_page_search_form_opens_the_search(site: tuple[str, Path, Status], page: object) -> None:
    url, _, _ = site
    page.goto(url)  # type: ignore[attr-defined]
    page.fill("#handbok-sok-felt", "legemidlene")  # type: ignore[attr-defined]
    page.click(".handbok-sok button")  # type: ignore[attr-defined]
    page.wait_for_selector(".md-search-result__item", timeout=15000)  # type: ignore[attr-defined]
    assert page.input_value("input.md-search__input") == "legemidlene"  # type: ignore[attr-defined]


# --- pages ----------------------------------------------------------------------------------------

def test_routine_page_shows_metadata_ansvar_and_sites(site: tuple[str, Path, Status], page: object) -> None:
    url, root, status = site
    rutine = next(r for r in status.rutiner if r.rutine.ansvar)
    page.goto(url + f"rutiner/{rutine.rutine.id}/")  # type: ignore[attr-defined]
    meta = page.inner_text(".handbok-metadata")  # type: ignore[attr-defined]
    for label in ("Versjon", rutine.rutine.versjon, "Dokumentstatus", "Eier", "Godkjent av", "Revideres innen"):
        assert label in meta
    assert page.is_visible("h2#ansvar")  # type: ignore[attr-defined]
    ansvar_rows = page.locator("table:has(caption:text('Hvem har ansvar for hva')) tbody tr")  # type: ignore[attr-defined]
    assert ansvar_rows.count() == len(rutine.rutine.ansvar)
    site_rows = page.locator("table:has(caption:text('Status per tjenestested')) tbody tr")  # type: ignore[attr-defined]
    assert site_rows.count() == len(status.steder)
    first = status.steder[0]
    row_text = site_rows.nth(0).inner_text()
    assert first.sted.navn in row_text
    from handbok.status import STATUS_TEKST
    assert STATUS_TEKST[next(c for c in rutine.celler if c.sted == first.sted.id).status] in row_text


def test_status_overview_shows_the_numbers_of_one_site(site: tuple[str, Path, Status], page: object) -> None:
    url, _, status = site
    sted = status.steder[0]
    page.goto(url + "status/")  # type: ignore[attr-defined]
    row = page.locator("table:has(caption:text('Status per tjenestested')) tbody tr").nth(0)  # type: ignore[attr-defined]
    cells = [c.strip() for c in row.locator("th, td").all_inner_texts()]
    expected = [sted.sted.navn, str(sted.antall_rutiner), prosent(sted.andel_implementert),
                *(str(sted.per_status[s]) for s in EFFEKTIVE_STATUSER), str(len(sted.forsinket))]
    assert cells == expected
    assert page.is_visible("img.handbok-diagram")  # type: ignore[attr-defined]
    csv = page.request.get(url + "status/status.csv")  # type: ignore[attr-defined]
    assert csv.ok and sted.sted.id in csv.text()


# --- people and devices ---------------------------------------------------------------------------

def test_no_horizontal_scrolling_at_360_px(site: tuple[str, Path, Status], browser: object) -> None:
    url, root, status = site
    context = browser.new_context(viewport={"width": 360, "height": 740}, device_scale_factor=2)  # type: ignore[attr-defined]
    try:
        tab = context.new_page()
        for kind, path in kinds(root, status):
            tab.goto(url + path)
            width = tab.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
            assert width[0] <= width[1], (kind, width)
    finally:
        context.close()


def test_no_wcag_21_aa_violations(site: tuple[str, Path, Status], page: object) -> None:
    if not AXE.is_file():
        pytest.fail(f"Mangler {AXE.relative_to(REPO)}. Kjør «npm ci» i {REPO} (make test gjør det).")
    url, root, status = site
    problems = []
    for kind, path in kinds(root, status):
        page.goto(url + path)  # type: ignore[attr-defined]
        page.add_script_tag(path=str(AXE))  # type: ignore[attr-defined]
        result = page.evaluate("tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", WCAG)  # type: ignore[attr-defined]
        for violation in result["violations"]:
            targets = [node["target"] for node in violation["nodes"]][:3]
            problems.append(f"{kind} ({path}): {violation['id']} – {violation['help']} {targets}")
    assert problems == [], "\n".join(problems)


def test_print_shows_metadata_and_text_without_navigation(site: tuple[str, Path, Status], page: object) -> None:
    url, _, status = site
    rutine = next(r for r in status.rutiner if r.rutine.ansvar)
    page.goto(url + f"rutiner/{rutine.rutine.id}/")  # type: ignore[attr-defined]
    page.emulate_media(media="print")  # type: ignore[attr-defined]
    assert page.is_visible(".handbok-metadata") and page.is_visible("h2#ansvar")  # type: ignore[attr-defined]
    for chrome in (".md-header", ".md-sidebar--primary", ".md-footer"):
        assert not page.is_visible(chrome), chrome  # type: ignore[attr-defined]


def test_no_request_leaves_127_0_0_1(site: tuple[str, Path, Status], page: object) -> None:
    url, root, status = site
    hosts: list[str] = []

    def record(route: object) -> None:
        request_url = route.request.url  # type: ignore[attr-defined]
        host = urlsplit(request_url).hostname or ""
        hosts.append(f"{host} {request_url}")
        if host == "127.0.0.1":
            route.continue_()  # type: ignore[attr-defined]
        else:
            route.abort()  # type: ignore[attr-defined]

    page.route("**/*", record)  # type: ignore[attr-defined]
    page.on("request", lambda request: hosts.append(f"{urlsplit(request.url).hostname} {request.url}"))  # type: ignore[attr-defined]
    for _, path in kinds(root, status):
        page.goto(url + path, wait_until="networkidle")  # type: ignore[attr-defined]
    page.fill("input.md-search__input", "fall")  # type: ignore[attr-defined]
    page.wait_for_timeout(500)  # type: ignore[attr-defined]
    outside = [h for h in hosts if not h.startswith(("127.0.0.1 ", "None data:", " data:"))]
    assert hosts and outside == []


def test_index_tables_sort_with_the_keyboard(site: tuple[str, Path, Status], page: object) -> None:
    url, _, status = site
    page.goto(url + "rutiner/")  # type: ignore[attr-defined]
    header = page.locator("table.sorterbar thead th").nth(0)  # type: ignore[attr-defined]
    first_rows = page.locator("table.sorterbar tbody tr th").all_inner_texts()  # type: ignore[attr-defined]
    header.locator("button").focus()
    page.keyboard.press("Enter")  # type: ignore[attr-defined]
    assert header.get_attribute("aria-sort") == "ascending"
    ascending = page.locator("table.sorterbar tbody tr th").all_inner_texts()  # type: ignore[attr-defined]
    page.keyboard.press("Enter")  # type: ignore[attr-defined]
    assert header.get_attribute("aria-sort") == "descending"
    descending = page.locator("table.sorterbar tbody tr th").all_inner_texts()  # type: ignore[attr-defined]
    assert sorted(descending) == sorted(first_rows) and len(status.rutiner) == len(descending)
    assert descending == ascending[::-1]  # titles are distinct, so the reverse order is exact
