"""The full build: `handbok bygg` (check, generate, `mkdocs build --strict`), the MkDocs plugin, and Zensical."""

from __future__ import annotations

import gzip
import io
import json
import os
import posixpath
import re
import shutil
import subprocess
import sys
from datetime import date
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
import yaml

from conftest import REPO, TODAY, git, make_site_repo, make_small_site_repo, run
from handbok.site.build import generate_site_docs
from handbok.source.cache import Cache
from handbok.checks.run import check_repository
from handbok.cli.main import main
from handbok.core.status import beregn_status, status_csv
from handbok.site.postbuild import with_policy


@pytest.fixture
def built(example_site: Path) -> Path:
    """The example handbook built once per run (conftest's example_site), which these tests only read."""
    return example_site


def html_pages(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if name in ("href", "src") and value:
                self.urls.append(value)


def links_of(page: Path) -> list[str]:
    parser = _Links()
    parser.feed(page.read_text(encoding="utf-8"))
    return parser.urls


def test_nav_pages_exist() -> None:
    """Every hand-written page the nav in mkdocs.yml names is in docs/ (the rest are generated)."""
    from mkdocs.utils.yaml import yaml_load

    config = yaml_load((REPO / "mkdocs.yml").read_text(encoding="utf-8"))
    named = [next(iter(item.values())) for item in config["nav"]]
    hand_written = [p for p in named if "/" not in p and p != "index.md"]
    assert [p for p in hand_written if not (REPO / "docs" / p).is_file()] == []


# --- the build ------------------------------------------------------------------------------------

def test_build_makes_every_page(built: Path) -> None:
    site = built / "site"
    for rel in ("index.html", "rutiner/index.html", "rutiner/fallforebygging/index.html", "roller/index.html",
                "roller/sykepleier/index.html", "tjenestesteder/index.html", "status/index.html",
                "status/status.csv", "status/status.svg", "endringer/index.html", "arkiv/index.html", "om/index.html",
                "endringer/legemiddelhandtering/fra-1-1/index.html"):
        assert (site / rel).is_file(), rel
    assert '<html lang="nb"' in (site / "index.html").read_text(encoding="utf-8")


def test_every_internal_link_resolves(built: Path) -> None:
    """MkDocs cannot check links inside the generated HTML tables, so this test does."""
    site = built / "site"
    broken = []
    for page in html_pages(site):
        for url in links_of(page):
            parts = urlsplit(url)
            if parts.scheme or parts.netloc or url.startswith(("#", "mailto:", "data:")):
                continue
            path = unquote(parts.path)
            base = site if path.startswith("/") else page.parent  # 404.html links from the site root
            target = (base / path.lstrip("/")).resolve() if path else page
            if target.is_dir():
                target = target / "index.html"
            if not target.exists():
                broken.append(f"{page.relative_to(site)} -> {url}")
    assert broken == []


def test_no_third_party_host_in_any_page(built: Path) -> None:
    """No fonts, CDNs or analytics: every src/href that loads something is local."""
    site = built / "site"
    for page in html_pages(site):
        text = page.read_text(encoding="utf-8")
        assert "fonts.googleapis" not in text and "fonts.gstatic" not in text, page
        for tag in re.findall(r"<(?:script|link|img|iframe|source)\b[^>]*>", text):
            assert not re.search(r"""(?:src|href)=["']?(?:https?:)?//""", tag), (page, tag)


def test_search_index_holds_the_marked_pages_in_norwegian(built: Path) -> None:
    """Pagefind (post-build) indexes routines, roles and the hand-written pages, with the nb stemmer;
    the engine builds no search of its own."""
    site = built / "site"
    entry = json.loads((site / "pagefind/pagefind-entry.json").read_text(encoding="utf-8"))
    assert list(entry["languages"]) == ["nb"]
    assert entry["languages"]["nb"]["page_count"] == len(list((built / "rutiner").glob("*.md"))) + len(
        list((built / "funksjonsbeskrivelser").glob("*.md"))) + len(list((built / "docs").glob("*.md"))) - 1 + len(
        yaml.safe_load((built / "handbok.yaml").read_text(encoding="utf-8")).get("roller") or ())  # lighter roles
    assert (site / "pagefind/wasm.nb.pagefind").stat().st_size > (site / "pagefind/wasm.unknown.pagefind").stat().st_size
    assert not (site / "search").exists() and not (site / "pagefind/pagefind-ui.js").exists()
    page = (site / "rutiner/fallforebygging/index.html").read_text(encoding="utf-8")
    # The metadata panel is left out of the index, but for the old system's document number staff search by.
    panel = page[page.index('class="handbok-metadata"'):page.index("</dl>")]
    assert panel.count("<div data-pagefind-ignore>") == panel.count("<div") - 1
    assert re.search(r'<div><dt data-pagefind-ignore>Dokumentnummer</dt><dd[^>]*>RL-HJT-014</dd>', panel)
    assert page.index("data-handbok-sokbar") < page.index("<h1") < page.index('id="implementering"')
    words = json.loads((site / "sok/ord.json").read_text(encoding="utf-8"))
    assert words["fallforebygging"] >= 1 and "legemiddel" in words  # a title word, a synonym
    assert "legemiddel" in json.loads((site / "sok/synonymer.json").read_text(encoding="utf-8"))["medisin"]


def test_index_pages_are_not_in_every_page(built: Path) -> None:
    """Scale: the nav has a handful of entries, so no page lists all routines."""
    page = (built / "site/rutiner/fallforebygging/index.html").read_text(encoding="utf-8")
    nav = page[page.index('class="md-nav md-nav--primary"'):page.index('class="md-nav md-nav--secondary"')]
    links = re.findall(r'<a href="([^"]*)" class="md-nav__link"', nav)
    assert 5 <= len(links) <= 12, links  # the entries of mkdocs.yml's nav, whatever the number of routines
    targets = [posixpath.normpath(posixpath.join("rutiner/fallforebygging", link)) for link in links]
    assert not [t for t in targets if re.fullmatch(r"(rutiner|roller|arkiv|tjenestesteder)/[a-z0-9-]+", t)], targets


def test_status_csv_download_is_the_status_command_output(built: Path) -> None:
    """On the day it is built, the site's CSV is what `handbok status --format csv` prints. The site is built as of
    TODAY here, in the past: it publishes today's documents, while `status --dato` counts only those in force that
    day, so the comparison is with the same computation for the documents as they are."""
    out = io.StringIO()
    handbok = check_repository(built, TODAY).handbok
    assert (built / "site/status/status.csv").read_bytes() == status_csv(beregn_status(handbok, TODAY)).encode("utf-8")
    code = main(["--rot", str(built), "status", "--format", "csv", "--dato", "2026-12-01"], out, io.StringIO())
    handbok_now = check_repository(built, date(2026, 12, 1)).handbok  # everything approved by then: the same numbers
    assert code == 0 and out.getvalue() == status_csv(beregn_status(handbok_now, date(2026, 12, 1)))


def test_published_audit_evidence_is_the_tilsyn_command_output(built: Path) -> None:
    for sted in ("nord", "fjell"):
        out = io.StringIO()
        assert main(["--rot", str(built), "tilsyn", sted, "--dato", TODAY.isoformat()], out, io.StringIO()) == 0
        # The same document, with the policy every published page gets (the command's own file has none).
        assert (built / f"site/tilsyn/{sted}.html").read_text(encoding="utf-8") == with_policy(out.getvalue())
    assert 'href="../../tilsyn/nord.html"' in (built / "site/tjenestesteder/nord/index.html").read_text(encoding="utf-8")


# --- errors and the plugin ------------------------------------------------------------------------

def test_bygg_refuses_a_handbook_with_errors(tmp_path: Path) -> None:
    root = make_site_repo(tmp_path / "h")
    path = next((root / "rutiner").glob("*.md"))
    path.write_text(path.read_text(encoding="utf-8").replace("dokumentstatus: gjeldende", "dokumentstatus: ferdig"),
                    encoding="utf-8")
    code, out, _ = run("--rot", str(root), "bygg", "--dato", TODAY.isoformat())
    assert code == 1
    assert "feil[" in out and "dokumentstatus" in out
    assert "Nettstedet ble ikke bygget" in out
    assert not (root / "site" / "index.html").exists()


def test_mkdocs_build_strict_runs_the_plugin_itself(tmp_path: Path) -> None:
    """`mkdocs build --strict` (and so `mkdocs serve`) generates the pages through the handbok plugin."""
    root = make_small_site_repo(tmp_path / "h")
    (root / "build" / "docs").mkdir(parents=True)  # what `handbok bygg` or `make serve` leaves behind
    done = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-q"], cwd=root,
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert (root / "site/status/index.html").is_file()


def test_plugin_generation_is_stable_so_serve_does_not_loop(tmp_path: Path) -> None:
    root = make_site_repo(tmp_path / "h")
    docs = root / "build" / "docs"
    first = generate_site_docs(root, TODAY, docs)
    assert first.skrevet > 0 and first.sider > 0
    assert generate_site_docs(root, TODAY, docs).skrevet == 0


# --- another engine -------------------------------------------------------------------------------

def zensical() -> Path:
    """Zensical is a test dependency (pyproject's test extras); HANDBOK_ZENSICAL may point elsewhere."""
    path = Path(os.environ.get("HANDBOK_ZENSICAL") or Path(sys.executable).parent / "zensical")
    if not path.is_file():
        pytest.fail(f"Fant ikke zensical ({path}). Installer test-avhengighetene: pip install -e '.[test]'")
    return path


def test_the_same_generated_pages_build_with_zensical(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """`handbok bygg --motor zensical`: the same stage 1, Zensical as stage 2, the same post-build passes."""
    program = zensical()
    monkeypatch.setattr(sys, "executable", str(program.parent / "python"))  # where the engine module looks
    root = make_small_site_repo(tmp_path / "h")
    code, out, err = run("--rot", str(root), "bygg", "--motor", "zensical", "--dato", TODAY.isoformat())
    assert code == 0, out + err
    site = root / "site"
    for rel in ("index.html", "rutiner/index.html", "status/index.html", "status/status.csv",
                "tjenestesteder/index.html", "roller/index.html", "404.html", "tilsyn/nord.html"):
        assert (site / rel).is_file(), rel
    assert not (site / "search" / "search_index.json").exists()  # MkDocs' search index: this was Zensical
    page = (site / "status" / "index.html").read_text(encoding="utf-8")
    assert "Trenger mest oppfølging" in page and '<html lang="nb"' in page
    assert 'class="handbok-toppsok"' in page  # the header's search, whichever engine wrote the header
    assert "fonts.googleapis" not in page
    assert_every_page_has_its_policy(site)
    assert (site / "sok/index.html").is_file() and not (site / "search").exists()  # no engine search


def test_bygg_refuses_an_unknown_engine(tmp_path: Path) -> None:
    code, _, err = run("--rot", str(make_site_repo(tmp_path / "h")), "bygg", "--motor", "hugo")
    assert code == 2 and "ugyldig valg: 'hugo'" in err


# --- stage 3 and the cache ------------------------------------------------------------------------

def assert_every_page_has_its_policy(site: Path) -> None:
    """Every HTML page: one policy meta, first in head, its hashes those of the page's inline scripts,
    and the charset declaration still within the first 1024 bytes, where browsers look for it."""
    pages = html_pages(site)
    assert len(pages) > 20
    for page in pages:
        raw = page.read_bytes()
        text = raw.decode("utf-8")
        head = re.search(r"<head>\s*", text)
        assert head and text[head.end():].startswith('<meta http-equiv="Content-Security-Policy" content="'), page
        assert text.count('http-equiv="Content-Security-Policy"') == 1, page  # one policy (a help page may name it)
        assert with_policy(text) == text, page  # the page's hashes are those of its scripts now
        assert raw.find(b'<meta charset="utf-8">') < 1024, page


def test_every_page_has_its_content_security_policy(built: Path) -> None:
    assert_every_page_has_its_policy(built / "site")


def test_bygg_precompresses_the_text_files(built: Path) -> None:
    site = built / "site"
    page = site / "rutiner" / "fallforebygging" / "index.html"
    assert gzip.decompress((site / "rutiner/fallforebygging/index.html.gz").read_bytes()) == page.read_bytes()
    assert (site / "pagefind/pagefind.js.gz").is_file() and (site / "sok/ord.json.gz").is_file()
    assert not list(site.rglob("*.gz.gz"))


def test_sjekk_is_warm_right_after_bygg(tmp_path: Path) -> None:
    root = make_small_site_repo(tmp_path / "h")
    git(root, "init", "-q")
    assert run("--rot", str(root), "bygg", "--dato", TODAY.isoformat())[0] == 0
    cache = Cache.for_repository(root)
    check_repository(root, TODAY, cache)
    assert cache.entries and cache.computed == 0
