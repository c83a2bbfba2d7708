"""Post-build passes over site/: the Content-Security-Policy of every page, reproducible .gz files, the search
index and its preloads, the offline worker and the header's search form."""

from __future__ import annotations

import base64
import gzip
import hashlib
import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from conftest import add
from handbok.site.postbuild import offline
from handbok.site.postbuild import PASSES, csp, header_search, precompress, run_passes, search_index, with_policy

BIG = "<p>Fallforebygging i hjemmetjenesten.</p>\n" * 100


def test_precompress_writes_gz_beside_larger_text_files(tmp_path: Path) -> None:
    for rel in ("index.html", "assets/stil.css", "sok/indeks.json", "status/status.csv", "robots.txt"):
        add(tmp_path, rel, BIG)
    add(tmp_path, "liten.html", "<p>kort</p>")
    (tmp_path / "bilde.png").write_bytes(b"\x89PNG" + bytes(4000))
    precompress(tmp_path)
    made = sorted(p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*.gz"))
    assert made == ["assets/stil.css.gz", "index.html.gz", "robots.txt.gz", "sok/indeks.json.gz",
                    "status/status.csv.gz"]
    assert gzip.decompress((tmp_path / "index.html.gz").read_bytes()) == BIG.encode("utf-8")


def test_precompress_is_reproducible_and_skips_compressed_files(tmp_path: Path) -> None:
    add(tmp_path, "index.html", BIG)
    run_passes(tmp_path, (csp, precompress))
    first = (tmp_path / "index.html.gz").read_bytes()
    assert first[4:8] == b"\0\0\0\0"  # mtime 0
    (tmp_path / "index.html").touch()
    run_passes(tmp_path, (precompress,))
    assert (tmp_path / "index.html.gz").read_bytes() == first
    assert sorted(p.name for p in tmp_path.iterdir()) == ["index.html", "index.html.gz"]


def test_precompress_follows_the_text(tmp_path: Path) -> None:
    add(tmp_path, "index.html", BIG)
    precompress(tmp_path)
    add(tmp_path, "index.html", BIG + "<p>Ny versjon.</p>\n")
    precompress(tmp_path)
    assert gzip.decompress((tmp_path / "index.html.gz").read_bytes()).endswith(b"<p>Ny versjon.</p>\n")


# --- Content-Security-Policy ----------------------------------------------------------------------

FIRST = "\n  var __md_scope = new URL(\".\", location);\r\n  document.body.dataset.x = '<b>';\n"
SECOND = "localStorage.setItem(\"a\", 1)"
TWO_SCRIPTS = (f"<!doctype html>\n<html lang=\"nb\">\n  <head>\n    <meta charset=\"utf-8\">\n"
               f"    <script>{FIRST}</script>\n    <script src=\"assets/bundle.js\"></script>\n"
               f"  </head>\n  <body><script type=\"text/javascript\">{SECOND}</script></body>\n</html>\n")


class _Elements(HTMLParser):
    """The start tags of a page in order, and the policy its meta element carries."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.policy: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        values = dict(attrs)
        if tag == "meta" and values.get("http-equiv") == "Content-Security-Policy":
            self.policy.append(values.get("content") or "")


def elements(page: str) -> _Elements:
    parser = _Elements()
    parser.feed(page)
    return parser


def directives(policy: str) -> dict[str, list[str]]:
    return {name: sources for name, *sources in (d.split() for d in policy.split(";"))}


def sha256(text: str) -> str:
    """What a browser computes: CR LF already turned into LF by its parser, UTF-8 bytes, base64."""
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.replace("\r\n", "\n").encode()).digest()).decode() + "'"


def test_a_page_with_two_inline_scripts_gets_exactly_their_two_hashes() -> None:
    found = elements(with_policy(TWO_SCRIPTS))
    assert len(found.policy) == 1
    policy = directives(found.policy[0])
    assert policy["script-src"] == ["'self'", sha256(FIRST), sha256(SECOND), "'wasm-unsafe-eval'"]
    assert policy["default-src"] == ["'self'"] and policy["object-src"] == ["'none'"]
    assert policy["base-uri"] == ["'self'"] and policy["style-src"] == ["'self'", "'unsafe-inline'"]
    assert policy["img-src"] == ["'self'", "data:"] and "frame-ancestors" not in policy
    assert set(policy) == {"default-src", "script-src", "style-src", "img-src", "font-src", "connect-src",
                           "worker-src", "manifest-src", "object-src", "base-uri", "form-action", "frame-src"}


def test_the_policy_is_the_first_element_in_head() -> None:
    page = with_policy(TWO_SCRIPTS)
    assert elements(page).tags[:4] == ["html", "head", "meta", "meta"]
    assert page.index("<head>") + len("<head>") == page.index("<meta http-equiv=\"Content-Security-Policy\"")
    assert page.replace(page[page.index("<meta http-equiv"):page.index("\n    <meta charset")], "") == TWO_SCRIPTS


def test_a_page_without_head_gets_the_policy_before_its_content() -> None:
    page = with_policy("<!DOCTYPE html>\n<html lang=\"nb\"><title>Tilsyn</title><script>x()</script><p>Hei</p>")
    assert page.startswith("<!DOCTYPE html>\n<html lang=\"nb\"><meta http-equiv=\"Content-Security-Policy\"")
    assert sha256("x()") in elements(page).policy[0]
    bare = with_policy("<p>Bare tekst</p>")
    assert bare.startswith("<meta http-equiv=\"Content-Security-Policy\"") and bare.endswith("><p>Bare tekst</p>")


def test_a_page_without_scripts_allows_none_inline() -> None:
    policy = directives(elements(with_policy("<html><head><title>x</title></head></html>")).policy[0])
    assert policy["script-src"] == ["'self'", "'wasm-unsafe-eval'"]


def test_the_pass_is_idempotent(tmp_path: Path) -> None:
    add(tmp_path, "index.html", TWO_SCRIPTS)
    add(tmp_path, "tilsyn/nord.html", "<p>Uten head</p>")
    csp(tmp_path)
    once = {p: p.read_bytes() for p in tmp_path.rglob("*.html")}
    csp(tmp_path)
    assert {p: p.read_bytes() for p in tmp_path.rglob("*.html")} == once
    assert all(len(elements(text.decode()).policy) == 1 for text in once.values())


def test_a_changed_script_changes_its_hash_when_the_pass_runs_again(tmp_path: Path) -> None:
    add(tmp_path, "index.html", TWO_SCRIPTS)
    csp(tmp_path)
    add(tmp_path, "index.html", (tmp_path / "index.html").read_text(encoding="utf-8").replace(SECOND, "y()"))
    csp(tmp_path)
    found = elements((tmp_path / "index.html").read_text(encoding="utf-8"))
    assert len(found.policy) == 1
    assert directives(found.policy[0])["script-src"] == ["'self'", sha256(FIRST), sha256("y()"), "'wasm-unsafe-eval'"]


def test_the_policy_runs_before_precompression(tmp_path: Path) -> None:
    assert PASSES.index(csp) < PASSES.index(precompress)
    add(tmp_path, "index.html", BIG)
    run_passes(tmp_path)
    packed = gzip.decompress((tmp_path / "index.html.gz").read_bytes())
    assert packed == (tmp_path / "index.html").read_bytes() and b"Content-Security-Policy" in packed


def test_search_index_holds_only_the_marked_parts_in_norwegian(tmp_path: Path) -> None:
    add(tmp_path, "a/index.html", '<html lang="nb"><body><main><nav>Meny</nav><div data-handbok-sokbar hidden>'
        "</div><h1>Fallforebygging</h1><p>Tiltak etter fall.</p></main></body></html>")
    add(tmp_path, "b/index.html", '<html lang="nb"><body><main><p>Status per tjenestested</p></main></body></html>')
    search_index(tmp_path)
    entry = json.loads((tmp_path / "pagefind/pagefind-entry.json").read_text(encoding="utf-8"))
    assert entry["languages"]["nb"]["page_count"] == 1
    assert (tmp_path / "pagefind/pagefind.js").is_file() and not (tmp_path / "pagefind/pagefind-ui.js").exists()


# --- the offline worker ---------------------------------------------------------------------------------

def worker_lists(site: Path) -> tuple[str, list[str], list[str]]:
    """(version, core addresses, background addresses) as written into site/sw.js and its list."""
    import re

    text = (site / "sw.js").read_text(encoding="utf-8")
    found = {name: json.loads(value) for name, value in re.findall(r"^const (VERSJON|KJERNE|LISTE) = (.*?)(?: //.*)?$",
                                                                     text, re.MULTILINE)}
    listing = json.loads((site / found["LISTE"]).read_text(encoding="utf-8"))
    assert listing["versjon"] == found["VERSJON"]
    return found["VERSJON"], [p for p, _ in found["KJERNE"]], [p for p, _ in listing["filer"]]


def small_site(root: Path) -> Path:
    for rel in ("index.html", "sok/index.html", "rutiner/fall/index.html", "roller/sykepleier/index.html",
                "tilsyn/nord.html", "assets/handbok/handbok.css", "pagefind/pagefind.js",
                "pagefind/fragment/nb_1.pf_fragment", "utgave.json", "roller/sykepleier.xml"):
        add(root, rel, f"<p>{rel}</p>")
    return root


def test_the_worker_lists_pages_by_their_address_the_index_and_the_assets(tmp_path: Path) -> None:
    run_passes(small_site(tmp_path), (csp, offline))
    _, core, rest = worker_lists(tmp_path)
    assert core == ["./", "assets/handbok/handbok.css", "pagefind/pagefind.js", "sok/", "utgave.json"]
    assert rest == ["pagefind/fragment/nb_1.pf_fragment", "roller/sykepleier/", "rutiner/fall/"]  # no audit, no feed


def test_the_worker_stays_small_however_many_pages_it_stores(tmp_path: Path) -> None:
    small_site(tmp_path)
    offline(tmp_path)
    small = (tmp_path / "sw.js").stat().st_size
    for n in range(500):
        add(tmp_path, f"rutiner/r{n}/index.html", f"<p>{n}</p>")
    offline(tmp_path)
    assert (tmp_path / "sw.js").stat().st_size == small  # the version changed, not the length
    assert len(worker_lists(tmp_path)[2]) == 503 and "sw-filer.json" not in worker_lists(tmp_path)[2]


def test_the_worker_version_follows_the_files(tmp_path: Path) -> None:
    small_site(tmp_path)
    offline(tmp_path)
    first = (tmp_path / "sw.js").read_bytes()
    offline(tmp_path)
    assert (tmp_path / "sw.js").read_bytes() == first  # nothing changed: the same worker, no update
    add(tmp_path, "rutiner/fall/index.html", "<p>ny tekst</p>")
    offline(tmp_path)
    assert worker_lists(tmp_path)[0] != json.loads(first.decode().split("const VERSJON = ", 1)[1].split("\n", 1)[0])


def test_the_worker_lists_the_final_pages_and_is_precompressed_after(tmp_path: Path) -> None:
    assert PASSES.index(search_index) < PASSES.index(csp) < PASSES.index(offline) < PASSES.index(precompress)


# --- the header's search form and the search page's preloads ---------------------------------------------

PAGE = ('<!doctype html>\n<html lang="nb">\n<head>\n<meta charset="utf-8">\n<link rel="stylesheet" href="../a.css">\n'
        '</head>\n<body>\n<header class="md-header">\n<nav aria-label="Topptekst">\n<a href="../">Hjem</a>\n</nav>\n'
        '</header>\n<main><p>Tekst</p></main>\n</body>\n</html>\n')


def test_every_page_but_404_gets_one_header_search_leading_to_sok(tmp_path: Path) -> None:
    for rel in ("index.html", "rutiner/fall/index.html", "404.html"):
        add(tmp_path, rel, PAGE)
    add(tmp_path, "tilsyn/nord.html", "<!doctype html><html><body><p>Tilsyn</p></body></html>")
    header_search(tmp_path)
    header_search(tmp_path)  # a second run adds nothing
    deep = (tmp_path / "rutiner/fall/index.html").read_text(encoding="utf-8")
    assert deep.count('class="handbok-toppsok"') == 1 and 'action="../../sok/"' in deep
    assert deep.index('class="handbok-toppsok"') < deep.index("</nav>") < deep.index("</header>")
    assert 'action="sok/"' in (tmp_path / "index.html").read_text(encoding="utf-8")
    assert "handbok-toppsok" not in (tmp_path / "404.html").read_text(encoding="utf-8")  # any address: no relative link
    assert "handbok-toppsok" not in (tmp_path / "tilsyn/nord.html").read_text(encoding="utf-8")  # no header


def test_the_search_page_preloads_the_index_before_its_style_sheets(tmp_path: Path) -> None:
    add(tmp_path, "sok/index.html", PAGE)
    add(tmp_path, "sok/ord.json", "{}")
    add(tmp_path, "rutiner/fall/index.html", '<main><div data-handbok-sokbar></div><h1>Fall</h1><p>Fall.</p></main>')
    run_passes(tmp_path, (search_index, csp))
    entry = tmp_path / "pagefind/pagefind-entry.json"
    tag = hashlib.sha256(entry.read_bytes()).hexdigest()[:12]
    page = (tmp_path / "sok/index.html").read_text(encoding="utf-8")
    links = re.findall(r'<link rel="(?:modulepreload|preload)" href="([^"]+)"', page)
    language = json.loads(entry.read_text(encoding="utf-8"))["languages"]["nb"]
    assert links == ["../pagefind/pagefind.js", f"../pagefind/pagefind-entry.json?ts={tag}",
                     f"../pagefind/pagefind.{language['hash']}.pf_meta", "../pagefind/wasm.nb.pagefind", "ord.json"]
    assert all((tmp_path / "sok" / link.split("?")[0]).resolve().is_file() for link in links)
    assert page.index("wasm.nb.pagefind") < page.index('rel="stylesheet"')
    assert page.index("Content-Security-Policy") < page.index("pagefind.js")
    run_passes(tmp_path, (search_index, csp))  # again: the same links once, the same policy once
    again = (tmp_path / "sok/index.html").read_text(encoding="utf-8")
    assert again == page


def test_an_index_left_with_an_empty_file_is_made_again(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Pagefind's service can be stopped before its last write lands (on a busy machine): the pass sees the
    empty file and indexes again; it never publishes, nor preloads from, an empty entry. The race itself
    cannot be made to happen on demand, so a stand-in for the service writes what it leaves behind."""
    from handbok.core.errors import Stop
    from handbok.site.postbuild import searchindex

    left: list[str] = ["", "", '{"languages": {}}']

    async def service(pages: dict[str, str], bundle: Path) -> None:
        assert pages == {"index.html": "<main><div data-handbok-sokbar></div>Fall</main>"}
        add(bundle, "pagefind-entry.json", left.pop(0))

    add(tmp_path, "index.html", "<main><div data-handbok-sokbar></div>Fall</main>")
    monkeypatch.setattr(searchindex, "_index", service)
    search_index(tmp_path)
    assert left == [] and (tmp_path / "pagefind" / "pagefind-entry.json").read_text() == '{"languages": {}}'
    left[:] = [""] * searchindex.FORSOK
    with pytest.raises(Stop, match="pagefind-entry.json er tom"):
        search_index(tmp_path)
