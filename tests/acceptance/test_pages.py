"""Page generation: golden files for the mini handbook, escaping, derived lists, history, writing."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from datetime import date
from pathlib import Path
from typing import Callable
from urllib.parse import urljoin

import markdown
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from handbok.site.build import page_input
from handbok.site.pages import generate_pages, write_pages
from handbok.site.pages.paths import href, url_of
from handbok.core.status import status_csv
from handbok.reports.templates import md_text

from conftest import BASE, add, copy_base, git, pages_for, render, routine
GOLDEN = Path(__file__).parents[1] / "golden" / "grunnlag"
TODAY = date(2026, 1, 1)
# Golden files are rewritten only on request, never by a failing test: HANDBOK_OPPDATER_GOLDEN=1 pytest …
UPDATE = os.environ.get("HANDBOK_OPPDATER_GOLDEN") == "1"


# --- golden files ---------------------------------------------------------------------------------

def test_golden_pages_for_the_mini_handbook(tmp_path: Path) -> None:
    pages = pages_for(copy_base(tmp_path))
    if UPDATE:
        shutil.rmtree(GOLDEN, ignore_errors=True)
        write_pages(pages, GOLDEN)
    expected = {p.relative_to(GOLDEN).as_posix() for p in GOLDEN.rglob("*") if p.is_file()}
    assert set(pages) == expected, "sider lagt til eller fjernet: kjør med HANDBOK_OPPDATER_GOLDEN=1 og se over diffen"
    for rel, content in pages.items():
        data = content.encode("utf-8") if isinstance(content, str) else content
        assert data == (GOLDEN / rel).read_bytes(), f"{rel} er endret: kjør med HANDBOK_OPPDATER_GOLDEN=1 og se over diffen"


def test_generation_is_deterministic(tmp_path: Path) -> None:
    root = copy_base(tmp_path)
    assert pages_for(root) == pages_for(root)


# --- content --------------------------------------------------------------------------------------

def test_routine_page_has_metadata_ansvar_implementation_and_change_log(tmp_path: Path) -> None:
    page = str(pages_for(copy_base(tmp_path))["rutiner/fallforebygging.md"])
    # The phone's order: status line, the way to one's own responsibility, the folded facts, the text, Ansvar.
    order = [page.index(s) for s in ('class="handbok-statuslinje"', 'href="#ansvar-sykepleier"', '<details class="handbok-fakta"',
                                     'class="handbok-metadata"', "## Formål", "## Ansvar", '<tr id="ansvar-sykepleier">',
                                     "## Implementering", "## Endringslogg")]
    assert order == sorted(order)
    assert "Versjon 1.1 · gjeldende fra <time datetime=\"2025-02-01\">01.02.2025</time>" in page
    assert '<a href="../../roller/sykepleier/">Sykepleier</a></th><td>Kartlegger fallrisiko' in page
    assert "Hjemmetjenesten Sør</a></th><td><span class=\"handbok-status handbok-status--i-gang\">I gang</span> " \
           '<strong class="handbok-flagg">Forsinket</strong>' in page
    assert "---\nid:" not in page and "endringslogg:" not in page  # never the raw front matter


def test_passed_review_date_is_flagged(tmp_path: Path) -> None:
    root = copy_base(tmp_path)
    text = (root / "rutiner/fallforebygging.md").read_text(encoding="utf-8")
    (root / "rutiner/fallforebygging.md").write_text(text.replace("revideres_innen: 2027-02-01",
                                                                  "revideres_innen: 2025-12-01"), encoding="utf-8")
    page = str(pages_for(root)["rutiner/fallforebygging.md"])
    assert '01.12.2025</time> <strong class="handbok-flagg">Fristen er passert</strong>' in page


def test_user_text_cannot_break_tables_or_inject_markup(tmp_path: Path) -> None:
    root = copy_base(tmp_path)
    add(root, "rutiner/spesiell.md", routine("spesiell", tittel='"A <b>fet</b> | *x* [lenke](y)"',
                                            ansvar="Ansvar med | og <i>"))
    pages = pages_for(root)
    html = render(pages["rutiner/spesiell.md"])
    assert "<h1>A &lt;b&gt;fet&lt;/b&gt; | *x* [lenke](y)</h1>" in html
    assert "<b>" not in html and "<i>" not in html
    assert "<td>Ansvar med | og &lt;i&gt;</td>" in html
    assert 'title: "A &lt;b&gt;fet&lt;/b&gt; | *x* [lenke](y)"' in str(pages["rutiner/spesiell.md"])
    index = render(pages["rutiner/index.md"])
    row = next(line for line in index.splitlines() if "spesiell" in line)
    assert row.count("<td>") + row.count("<th ") == 5


def test_markdown_escaping_of_headings() -> None:
    assert md_text("Fall | *risiko* # 1. <x>") == r"Fall \| \*risiko\* \# 1\. &lt;x&gt;"
    assert markdown.markdown("# " + md_text("2. [a](b) _c_")) == "<h1>2. [a](b) _c_</h1>"


def test_relative_links() -> None:
    assert href("index.md", "rutiner/a.md") == "rutiner/a/"
    assert href("rutiner/a.md", "roller/b.md") == "../../roller/b/"
    assert href("rutiner/index.md", "rutiner/a.md") == "a/"
    assert href("status/index.md", "status/status.csv") == "status.csv"
    assert href("rutiner/a.md", "index.md") == "../../"
    assert href("rutiner/a.md", "rutiner/a.md") == "./"
    assert href("tjenestesteder/nord.md", "tilsyn/nord.html") == "../../tilsyn/nord.html"


PAGE_PATHS = st.lists(st.sampled_from(["rutiner", "roller", "a", "index"]), min_size=1, max_size=3).map(
    lambda parts: "/".join(parts) + ".md")
FILE_PATHS = st.lists(st.sampled_from(["status", "a", "tilsyn"]), min_size=0, max_size=2).map(
    lambda parts: "/".join([*parts, "fil.csv"]))


@settings(max_examples=300, derandomize=True)
@given(PAGE_PATHS, st.one_of(PAGE_PATHS, FILE_PATHS))
def test_relative_links_resolve_to_the_target_as_a_browser_does(from_page: str, to: str) -> None:
    page_url = "/" + url_of(from_page)
    wanted = "/" + (url_of(to) if to.endswith(".md") else to)
    assert urljoin("http://h" + page_url, href(from_page, to)) == "http://h" + wanted


def test_role_page_lists_derived_responsibilities(tmp_path: Path) -> None:
    root = copy_base(tmp_path)
    add(root, "rutiner/ny-rutine.md", routine("ny-rutine", tittel="Ny rutine", dokumentstatus="hoering",
                                              ansvar="Leser høringen."))
    page = str(pages_for(root)["roller/sykepleier.md"])
    section = page[page.index("## Rutiner der du har ansvar"):]
    assert '<a href="../../rutiner/avviksmelding/">Avviksmelding</a></th><td>Melder avvik samme vakt.</td>' in section
    assert "Kartlegger fallrisiko ved oppstart og etter hvert fall." in section
    assert "Ny rutine</a> (på høring — ikke godkjent): Leser høringen." in section
    for heading in ("## Formål", "## Ansvar", "## Kompetansekrav"):
        assert heading in page


def test_role_page_shows_its_document_facts_and_change_log_newest_first(tmp_path: Path) -> None:
    root = copy_base(tmp_path)
    (root / "handbok.yaml").write_text((root / "handbok.yaml").read_text(encoding="utf-8")
                                       + "revisjon:\n  intervall_maaneder: 6\n", encoding="utf-8")
    rel = root / "funksjonsbeskrivelser/sykepleier.md"
    rel.write_text(rel.read_text(encoding="utf-8").replace('versjon: "1.0"\n', 'versjon: "1.1"\n').replace(
        "endringslogg:\n", "endringslogg:\n  - {versjon: \"1.1\", dato: 2025-03-01, endring: \"Språkvask\"}\n"), encoding="utf-8")
    page = str(pages_for(root)["roller/sykepleier.md"])
    facts = page.split('aria-label="Om funksjonsbeskrivelsen"', 1)[1].split("</dl>", 1)[0]
    assert "<dt>Versjon</dt><dd>1.1</dd>" in facts and "<dt>Dokumentstatus</dt><dd>Gjeldende</dd>" in facts
    assert '<dt>Godkjent av</dt><dd>Implementeringsteamet, <time datetime="2025-01-01">01.01.2025</time>' in facts
    # The routine's rule: approval + the handbook's interval, flagged once passed (today is 2026-01-01).
    assert ('<time datetime="2025-07-01">01.07.2025</time> (6 måneder etter godkjenning) '
            '<strong class="handbok-flagg">Fristen er passert</strong>') in facts
    log = page.split("## Endringslogg", 1)[1]
    assert log.index("Språkvask") < log.index("Første versjon")
    assert log.index("Første versjon") < log.index("Rediger denne siden")


def test_a_draft_role_description_says_it_is_not_in_force(tmp_path: Path) -> None:
    root = copy_base(tmp_path)
    rel = root / "funksjonsbeskrivelser/helsefagarbeider.md"
    rel.write_text(rel.read_text(encoding="utf-8").replace("dokumentstatus: gjeldende", "dokumentstatus: utkast")
                   .replace("godkjent_dato: 2025-01-01\n", ""), encoding="utf-8")
    page = str(pages_for(root)["roller/helsefagarbeider.md"])
    assert "Denne funksjonsbeskrivelsen er et utkast og gjelder ikke ennå." in page
    assert "<dt>Dokumentstatus</dt><dd>Utkast</dd>" in page and 'data-pagefind-meta="merke:Utkast — ikke godkjent"' in page
    assert 'data-pagefind-filter="gruppe:under-arbeid"' in page  # searched only when the reader asks


def test_drafts_are_marked_and_superseded_routines_live_in_the_archive(tmp_path: Path) -> None:
    root = copy_base(tmp_path)
    add(root, "rutiner/utkast.md", routine("utkast", tittel="Utkastet", dokumentstatus="utkast"))
    add(root, "rutiner/gammel.md", routine("gammel", tittel="Gammel rutine", dokumentstatus="utgaatt",
                                           erstattet_av="fallforebygging"))
    pages = pages_for(root)
    draft = str(pages["rutiner/utkast.md"])
    assert "Utkast — ikke godkjent" in draft and "Versjon 1.0 · <strong>Utkast — ikke godkjent</strong>" in draft
    # A draft never looks approved: no approver, no approval date, no review date.
    assert "<dt>Godkjent av</dt><dd>Ikke godkjent ennå</dd>" in draft
    facts = draft[draft.index('<details class="handbok-fakta"'):draft.index("</details>")]
    assert "Implementeringsteamet" not in draft and "Revideres innen" not in draft and "01.01.2025" not in facts
    assert "## Implementering" not in str(pages["rutiner/utkast.md"])
    assert "rutiner/gammel.md" not in pages
    archived = str(pages["arkiv/gammel.md"])
    assert 'Bruk <a href="../../rutiner/fallforebygging/">Fallforebygging</a> i stedet.' in archived
    assert '<a href="gammel/">Gammel rutine</a>' in str(pages["arkiv/index.md"])
    assert "gammel" not in str(pages["rutiner/index.md"])


def test_site_page_numbers_come_from_status(tmp_path: Path) -> None:
    root = copy_base(tmp_path)
    status = page_input(root, TODAY, history=False).status
    pages = pages_for(root)
    nord = str(pages["tjenestesteder/nord.md"])
    sted = status.sted("nord")
    assert f"<strong>{sted.antall_implementert} av {sted.antall_rutiner}</strong>" in nord
    assert "Versjon 2.0 (<time datetime=\"2025-06-01\">01.06.2025</time>): Nytt avvikssystem" in nord
    assert "<tr><th scope=\"row\">De ansatte kjenner rutinen.</th><td>4,0</td></tr>" in nord
    assert pages["status/status.csv"] == status_csv(status).encode("utf-8")


def test_status_overview_lists_routines_that_need_follow_up_first(tmp_path: Path) -> None:
    root = copy_base(tmp_path)
    add(root, "rutiner/a-ferdig.md", (root / "rutiner/fallforebygging.md").read_text(encoding="utf-8")
        .replace("id: fallforebygging", "id: a-ferdig").replace("tittel: Fallforebygging", "tittel: A ferdig"))
    pages = pages_for(root)
    overview, every = str(pages["status/index.md"]), str(pages["status/rutiner.md"])

    def titles(page: str) -> list[str]:
        rows = re.findall(r"<tr><th scope=\"row\">(.*?)</th>", page[page.index("antall tjenestesteder"):])
        return [re.sub(r"<[^>]+>", "", row) for row in rows]

    assert titles(every) == ["Avviksmelding", "Fallforebygging", "A ferdig"]  # late or to redo first, then by title
    assert titles(overview) == ["Avviksmelding", "Fallforebygging"]  # the overview: only those that need follow-up
    # done, late, to redo: numbers of sites; nord implemented 1.0 before 2.0 (approved 01.06.2025): 90 days to redo it
    assert '<td>0 av 1</td><td>1</td><td>1 (innen <time datetime="2025-08-30">30.08.2025</time>)</td>' in every
    assert "handbok-status" not in overview + every  # no routine × site matrix: that is on each routine's page
    assert '<a href="rutiner/">Alle rutinene i tall</a>' in overview


def test_site_page_lists_what_needs_attention_and_links_the_rest(tmp_path: Path) -> None:
    pages = pages_for(copy_base(tmp_path))
    sor, alle = str(pages["tjenestesteder/sor.md"]), str(pages["tjenestesteder/sor/rutiner.md"])
    assert '<tr><th scope="row"><a href="rutiner/#i-gang">I gang</a></th><td>1</td></tr>' in sor
    assert '<tr><th scope="row">Forsinket</th><td>1</td></tr>' in sor
    assert sor.index("## Oversikt") < sor.index("## Forsinket") < sor.index("## Under arbeid")
    assert "Avviksmelding" not in sor  # it does not apply at Sør: only on the page with all routines
    assert '<h2 id="gjelder-ikke">Gjelder ikke (1)</h2>' in alle and "Avviksmelding" in alle
    assert '<li><a href="#i-gang">I gang (1)</a></li>' in alle


def test_front_page_fills_the_hand_written_markers(tmp_path: Path) -> None:
    root = copy_base(tmp_path)
    add(root, "docs/index.md", "# Velkommen\n\n<!-- handbok:sok -->\n\nTekst.\n")
    add(root, "docs/om.md", "# Om\n")
    pages = pages_for(root, docs=root / "docs")
    front = str(pages["index.md"])
    assert front.index("# Velkommen") < front.index('role="search"') < front.index("Tekst.") \
        < front.index("## Nytt og endret")
    assert "<!-- handbok:" not in front
    assert pages["om.md"] == ('<div class="handbok-sokbar" hidden data-handbok-sokbar data-pagefind-filter="gruppe:side">'
                             '</div>\n\n# Om\n')  # marked for search, ranked after routines and roles


def test_no_author_email_on_any_page(make_repo: Callable[..., Path]) -> None:
    files = {str(p.relative_to(BASE)): p.read_text(encoding="utf-8") for p in BASE.rglob("*") if p.is_file()}
    root = make_repo(files)
    text = (root / "rutiner/fallforebygging.md").read_text(encoding="utf-8")
    (root / "rutiner/fallforebygging.md").write_text(text.replace("Forebygge fall", "Forebygge alle fall"),
                                                     encoding="utf-8")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "Presisering (#7)", date="2025-03-01T12:00:00+01:00")
    pages = pages_for(root, historikk=True)
    page = str(pages["rutiner/fallforebygging.md"])
    assert "## Endringshistorikk" in page
    assert "Presisering (#7) – Test Testesen" in page
    assert "Presisering (#7) – Test Testesen" in str(pages["endringer/index.md"])
    assert not any("@example.org" in str(content) for content in pages.values())


def test_no_personal_identifier_from_git_messages_or_names(make_repo: Callable[..., Path]) -> None:
    """git history is never checked by `sjekk`: a commit message or author name is hidden where it
    holds a valid identifier, on every page that shows history."""
    files = {str(p.relative_to(BASE)): p.read_text(encoding="utf-8") for p in BASE.rglob("*") if p.is_file()}
    root = make_repo(files)
    path = root / "rutiner/fallforebygging.md"
    path.write_text(path.read_text(encoding="utf-8").replace("Forebygge fall", "Forebygge alle fall"),
                    encoding="utf-8")
    git(root, "add", "-A")
    subprocess.run(["git", "-c", "user.name=Kari 010190-12480", "-c", "user.email=k@example.org", "commit", "-q",
                    "-m", "Gjelder bruker 01019012480 (#8)"], cwd=root, check=True,
                   env={**os.environ, "GIT_CONFIG_GLOBAL": os.devnull, "GIT_AUTHOR_NAME": "Kari 010190-12480"})
    pages = pages_for(root, historikk=True)
    for rel in ("rutiner/fallforebygging.md", "endringer/index.md"):
        page = str(pages[rel])
        assert "Gjelder bruker (personnummer skjult) (#8) – Kari (personnummer skjult)" in page, rel
    assert not any("12480" in str(content) for content in pages.values())


def test_shallow_history_shows_a_warning(make_repo: Callable[..., Path], tmp_path: Path) -> None:
    files = {str(p.relative_to(BASE)): p.read_text(encoding="utf-8") for p in BASE.rglob("*") if p.is_file()}
    source = make_repo(files)
    git(source, "commit", "-q", "--allow-empty", "-m", "Tom", date="2025-04-01T12:00:00+01:00")
    clone = tmp_path / "grunn"
    git(tmp_path, "clone", "-q", "--depth", "1", f"file://{source}", str(clone))
    page = str(pages_for(clone, historikk=True)["rutiner/fallforebygging.md"])
    assert "Historikken er ufullstendig" in page


# --- writing --------------------------------------------------------------------------------------

def test_write_pages_writes_only_changes_and_removes_stale_files(tmp_path: Path) -> None:
    out = tmp_path / "build"
    assert write_pages({"a.md": "A", "b/c.md": "C", "d.csv": b"1;2"}, out) == 3
    before = (out / "a.md").stat().st_mtime_ns
    assert write_pages({"a.md": "A", "b/c.md": "C", "d.csv": b"1;2"}, out) == 0
    assert (out / "a.md").stat().st_mtime_ns == before
    assert write_pages({"a.md": "A2"}, out) == 1
    assert sorted(p.relative_to(out).as_posix() for p in out.rglob("*")) == ["a.md"]


@pytest.mark.parametrize("body, expected", [
    ("## Formål\n\nTekst.", "## Formål\n\nTekst."),
    ("# Formål\n\n## Del", "## Formål\n\n### Del"),
    ("", ""),
])
def test_author_headings_stay_below_the_title(body: str, expected: str) -> None:
    from handbok.site.pages.text import author_text
    assert author_text(body) == expected


# --- what changed since a site implemented --------------------------------------------------------

def test_diff_page_shows_the_text_then_and_now(make_repo: Callable[..., Path]) -> None:
    files = {str(p.relative_to(BASE)): p.read_text(encoding="utf-8") for p in BASE.rglob("*") if p.is_file()}
    current = files["rutiner/fallforebygging.md"]
    # Nord recorded version 1.0; the routine is at 1.1 now. Version 1.0 said something else, and held
    # a valid fødselsnummer that today's check would refuse: it must not be published from history.
    files["rutiner/fallforebygging.md"] = current.replace('versjon: "1.1"', 'versjon: "1.0"').replace(
        "Forebygge fall hos brukere av hjemmetjenesten.",
        "Forebygge fall hjemme.\nEksempel: 01019912345 og 15076500565.")
    root = make_repo(files)
    (root / "rutiner/fallforebygging.md").write_text(current, encoding="utf-8")
    git(root, "commit", "-q", "-am", "Språkvask (#5)", date="2025-02-01T12:00:00+01:00")

    pages = pages_for(root, historikk=True)

    page = render(pages["endringer/fallforebygging/fra-1-0.md"])
    assert "Implementert versjon 1.0: <a" in page and "Hjemmetjenesten Nord" in page
    assert "Endringene er språklige (MINOR-versjon)" in page
    assert '<span class="handbok-diff__merke">Fjernet</span> <del>versjon: &quot;1.0&quot;</del>' in page
    assert '<span class="handbok-diff__merke">Lagt til</span> <ins>versjon: &quot;1.1&quot;</ins>' in page
    assert "<del>Forebygge fall hjemme.</del>" in page
    assert "<ins>Forebygge fall hos brukere av hjemmetjenesten.</ins>" in page
    assert "<del>Eksempel: 01019912345 og (personnummer skjult).</del>" in page  # only the valid one is hidden
    assert "15076500565" not in page
    assert "Testinnhold" in page  # the change that brought version 1.0, as git names it
    site = str(pages["tjenestesteder/nord.md"])
    assert 'href="../../../endringer/fallforebygging/fra-1-0/">Hva er endret?</a>' in str(
        pages["tjenestesteder/nord/rutiner.md"])  # done at 1.0: on the page with all routines
    assert 'href="../../endringer/avviksmelding/fra-1-0/">Hva er endret siden vi implementerte?</a>' in site
    # Nord recorded avviksmelding 1.0, a version git never saw: the page says so and keeps the change log.
    missing = render(pages["endringer/avviksmelding/fra-1-0.md"])
    assert "Versjon 1.0 finnes ikke i git-historikken" in missing
    assert "Praksis er endret (ny MAJOR-versjon)" in missing and "Nytt avvikssystem" in missing


def test_no_diff_page_for_the_current_version_or_a_site_it_does_not_apply_to(tmp_path: Path) -> None:
    pages = pages_for(copy_base(tmp_path))
    # Sør is at the current 1.1 of fallforebygging; avviksmelding does not apply to Sør.
    assert sorted(p for p in pages if p.startswith("endringer/") and p != "endringer/index.md") == [
        "endringer/avviksmelding/fra-1-0.md", "endringer/fallforebygging/fra-1-0.md"]
    assert "Hva er endret" not in str(pages["tjenestesteder/sor.md"])


# --- what changed for me: Atom feeds and «Nytt for min rolle» ------------------------------------------

ATOM = "{http://www.w3.org/2005/Atom}"


def atom_entries(text: str | bytes) -> list[tuple[str, str, str]]:
    """The feed parsed as XML: every entry's (title, updated, summary); the feed must be Atom with ids."""
    import xml.etree.ElementTree as ET

    feed = ET.fromstring(text.encode("utf-8") if isinstance(text, str) else text)
    assert feed.tag == f"{ATOM}feed"
    assert feed.findtext(f"{ATOM}id", "").startswith("urn:uuid:") and feed.findtext(f"{ATOM}updated")
    entries = feed.findall(f"{ATOM}entry")
    assert all((e.findtext(f"{ATOM}id") or "").startswith("urn:uuid:") for e in entries)
    return [(e.findtext(f"{ATOM}title", ""), e.findtext(f"{ATOM}updated", ""), e.findtext(f"{ATOM}summary", ""))
            for e in entries]


def test_role_feed_holds_the_changes_of_its_routines_new_practice_first(tmp_path: Path) -> None:
    pages = pages_for(copy_base(tmp_path))
    entries = atom_entries(pages["roller/sykepleier.xml"])
    assert entries[0] == ("Ny praksis: Avviksmelding (versjon 2.0)", "2025-06-01T00:00:00Z",
                          "Ny praksis – tjenestestedene implementerer på nytt. Nytt avvikssystem")
    assert [t for t, _, _ in entries[1:]] == ["Fallforebygging (versjon 1.1)", "Fallforebygging (versjon 1.0)",
                                               "Avviksmelding (versjon 1.0)"]
    # helsefagarbeider has ansvar in fallforebygging only
    assert {t.split(" (")[0] for t, _, _ in atom_entries(pages["roller/helsefagarbeider.xml"])} == {"Fallforebygging"}


def test_tjenestested_feed_holds_the_routines_that_apply_there(tmp_path: Path) -> None:
    pages = pages_for(copy_base(tmp_path))
    assert atom_entries(pages["tjenestesteder/nord.xml"])[0][0] == "Ny praksis: Avviksmelding (versjon 2.0)"
    # avviksmelding applies to Nord only (gjelder_for): its changes stay out of Sør's feed
    assert [t for t, _, _ in atom_entries(pages["tjenestesteder/sor.xml"])] == [
        "Fallforebygging (versjon 1.1)", "Fallforebygging (versjon 1.0)"]
    for sted in ("nord", "sor"):
        assert f'<a href="../{sted}.xml" type="application/atom+xml">Følg endringene (Atom)</a>' in str(
            pages[f"tjenestesteder/{sted}.md"])


def test_role_page_shows_what_is_new_for_the_role_and_links_its_feed(tmp_path: Path) -> None:
    page = str(pages_for(copy_base(tmp_path))["roller/sykepleier.md"])
    new = page.split("## Nytt for min rolle", 1)[1].split("## Formål", 1)[0]
    assert "Avviksmelding</a>, versjon 2.0 <strong class=\"handbok-flagg\">Ny praksis</strong> – Nytt avvikssystem" in new
    assert '<a href="../sykepleier.xml" type="application/atom+xml">Følg endringene (Atom)</a>' in new


@pytest.mark.parametrize("opprettet, besvart", [("2025-05-10", True), ("2025-04-01", False)])
def test_tjenestested_page_shows_tiltak_with_owner_title_and_the_low_evaluation(tmp_path: Path, opprettet: str,
                                                                                besvart: bool) -> None:
    root = copy_base(tmp_path)
    plan = root / "implementeringsplan.yaml"
    plan.write_text(plan.read_text(encoding="utf-8").replace(
        "  skala: {min: 1, maks: 5}\n", "  skala: {min: 1, maks: 5}\n  tiltak_under: 4\n"), encoding="utf-8")
    nord = root / "implementering" / "nord.yaml"
    nord.write_text(nord.read_text(encoding="utf-8").replace(
        '      merknad: "Bra start."\n',
        '      merknad: "Bra start."\n    - {dato: ' + opprettet + ', hendelse: tiltak, id: t1, beskrivelse: '
        '"Repetere rutinen & sjekklisten.", ansvarlig: avdelingsleder, frist: 2025-09-01}\n'), encoding="utf-8")
    html = render(pages_for(root)["tjenestesteder/nord.md"])
    section = html.split("<h2>Tiltak</h2>", 1)[1].split("<h2>", 1)[0]
    assert "Repetere rutinen &amp; sjekklisten." in section and ">Avdelingsleder</a>" in section
    assert 'handbok-tiltak--forfalt">Forfalt</span>' in section  # TODAY is after the deadline
    assert ("Lav evaluering uten tiltak" in section) is not besvart  # one opened on or after the evaluation answers it
    assert "<h2>Tiltak</h2>" not in render(pages_for(root)["tjenestesteder/sor.md"])


def test_a_guideline_is_labelled_on_its_page_and_listed_apart_in_the_index(tmp_path: Path) -> None:
    root = copy_base(tmp_path)
    add(root, "rutiner/fall-retningslinje.md", routine("fall-retningslinje", tittel="Nasjonal retningslinje for fall")
        .replace("id: fall-retningslinje\n", "id: fall-retningslinje\ntype: retningslinje\n"))
    pages = pages_for(root)
    page = str(pages["rutiner/fall-retningslinje.md"])
    assert page.index("# Nasjonal retningslinje for fall") < page.index(
        '<p class="handbok-dokumenttype"><strong>Retningslinje</strong>')
    assert "<dt>Type</dt><dd>Retningslinje</dd>" in page
    assert "<dt>Type</dt>" not in str(pages["rutiner/fallforebygging.md"])
    index = str(pages["rutiner/index.md"])
    routines, guidelines = index.split("## Retningslinjer", 1)
    assert "Nasjonal retningslinje for fall" not in routines and "Fallforebygging" in routines
    assert '<caption>Gjeldende retningslinjer</caption>' in guidelines
    assert "Nasjonal retningslinje for fall</a>" in guidelines.split("## Under arbeid")[0]
