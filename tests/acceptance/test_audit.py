"""`handbok tilsyn`: self-contained audit evidence for one site, from a real git repository."""

from __future__ import annotations

import io
import re
from pathlib import Path
from typing import Callable

from datetime import date

from playwright.sync_api import sync_playwright
from pypdf import PdfReader

from conftest import git
from handbok.source.cache import Cache
from handbok.checks.run import check_repository
from handbok.cli.main import main
from handbok.reports.pdf import CHROMIUM, CHROMIUM_ARGS
from handbok.core.status import beregn_status
from conftest import make_site_repo
from handbok.core.historikk import per_dato
from conftest import STATUS_PLAN as PLAN
from conftest import status_rutine as rutine

# An A4 page's printable width in CSS pixels (96 per inch) inside the 15 mm margins of the template's @page.
A4_CSS_WIDTH = round((210 - 2 * 15) / 25.4 * 96)

MakeRepo = Callable[..., Path]


def make(make_repo: MakeRepo) -> Path:
    return make_repo({
        "rutiner/a.md": rutine("a", "2.0"),
        "rutiner/b.md": rutine("b", "1.1"),
        "rutiner/c.md": rutine("c", "1.0"),
        "rutiner/d.md": rutine("d", "1.0", gjelder="[sor]"),
        "rutiner/e.md": rutine("e", "1.0"),
        "funksjonsbeskrivelser/sykepleier.md": "---\nid: sykepleier\ntittel: Sykepleier\nformaal: F.\nansvar: [A]\n---\n",
        "implementeringsplan.yaml": PLAN,
    })


def tilsyn(root: Path, *extra: str) -> tuple[int, str]:
    out = io.StringIO()
    code = main(["--rot", str(root), "tilsyn", "nord", "--dato", "2026-03-10", *extra], out, io.StringIO())
    return code, out.getvalue()


def test_audit_content(make_repo: MakeRepo) -> None:
    root = make(make_repo)
    code, html = tilsyn(root)
    assert code == 0
    sha = git(root, "rev-parse", "HEAD").strip()
    assert sha not in html and "git" not in html.lower() and not re.search(r"\b[0-9a-f]{40}\b", html)
    assert 'Status per <time datetime="2026-03-10">10.03.2026</time>' in html
    assert "Grunnlag: håndboka slik den var lagret <time" in html
    assert "ikke lagret ennå" not in html
    assert "1 av 3 gjeldende rutiner er implementert (33\u00a0%)" in html
    assert re.search(r"Forsinket \(fristen er passert\):</span> Rutine A<", html)
    assert ('Må oppdateres (ny versjon må implementeres):</span> Rutine A (innen <time datetime="2025-04-01">'
            "01.04.2025</time>)<") in html
    assert '<li>2.0 (<time datetime="2025-01-03">03.01.2025</time>): Endring 2.0</li>' in html
    assert "Rutine E: ikke aktuelt – Har ikke nattjeneste." in html
    assert "Rutine D: gjelder ikke for dette tjenestestedet" in html
    # averages over nord's evaluations: kjent (4+5)/2, virker (3+2)/2
    assert "<th scope=\"row\">Kjent</th><td>4,5</td>" in html
    assert "<th scope=\"row\">Virker</th><td>2,5</td>" in html


def test_audit_is_self_contained_and_escaped(make_repo: MakeRepo) -> None:
    root = make(make_repo)
    plan = (root / "implementeringsplan.yaml").read_text(encoding="utf-8")
    (root / "implementeringsplan.yaml").write_text(
        plan.replace("Har ikke nattjeneste.", '"<script>alert(1)</script>"'), encoding="utf-8")
    code, html = tilsyn(root)
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert not re.search(r"(src|href)=\"?https?:", html)
    assert "ikke lagret ennå" in html  # the plan differs from the commit


def test_audit_to_file(make_repo: MakeRepo, tmp_path: Path) -> None:
    root = make(make_repo)
    target = tmp_path / "tilsyn.html"
    code, out = tilsyn(root, "--ut", str(target))
    assert code == 0 and target.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


def test_no_personal_identifier_reaches_the_audit_even_from_a_handbook_with_errors(make_repo: MakeRepo) -> None:
    """`tilsyn` runs on a handbook with errors (it warns); a fødselsnummer the check refuses is still hidden."""
    root = make(make_repo)
    plan = root / "implementeringsplan.yaml"
    text = plan.read_text(encoding="utf-8")
    before = 'c: {status: i-gang, versjon: "1.0", dato: 2026-01-01}'
    assert before in text, "forutsetning: nord har c i gang"
    plan.write_text(text.replace(before, before[:-1] + ", hvordan: Gjennomgått med bruker 010190 12480.}"),
                    encoding="utf-8")
    code, html = tilsyn(root)
    assert code == 0 and "(personnummer skjult)" in html and "12480" not in html


def test_audit_reads_question_texts_not_ids_one_row_each(make_repo: MakeRepo) -> None:
    root = make(make_repo)
    code, html = tilsyn(root)
    evaluation = html.split("<caption>Evaluering <time datetime=\"2025-08-01\">", 1)[1].split("</table>", 1)[0]
    assert '<tr><th scope="row">Kjent</th><td>4</td></tr><tr><th scope="row">Virker</th><td>3</td></tr>' in evaluation
    assert "kjent" not in evaluation and "Kjent: 4" not in html


# --- the PDF and the printed page (headless Chromium) ------------------------------------------------------

def pdf_text(path: Path) -> tuple[int, str]:
    reader = PdfReader(path)
    return len(reader.pages), "\n".join(page.extract_text() for page in reader.pages)


def plain(text: str) -> str:
    """Words only: line breaks and spacing differ between the PDF's text and the source."""
    return " ".join(re.sub(r"-\s*\n\s*", "-", text).split())


def example(tmp_path: Path) -> Path:
    """The example handbook without its git history: its entries count by their own dates (in this repository
    they were all committed in November 2026, so an audit as of an earlier day would rightly show none)."""
    return make_site_repo(tmp_path / "eksempel")


def test_pdf_carries_every_remark_question_and_title(tmp_path: Path) -> None:
    target = tmp_path / "sor.pdf"
    out = io.StringIO()
    root = example(tmp_path)
    assert main(["--rot", str(root), "tilsyn", "sor", "--dato", "2026-06-20", "--pdf", str(target)],
                out, io.StringIO()) == 0
    pages, text = pdf_text(target)
    words = plain(text)
    handbok = per_dato(check_repository(root, date(2026, 6, 20), Cache(None)).handbok, date(2026, 6, 20))
    sted = beregn_status(handbok, date(2026, 6, 20)).sted("sor")
    for cell in sted.celler:
        if cell.gjelder:
            assert plain(handbok.rutiner[cell.dokument].tittel) in words
    remarks = [e.merknad for _, e in sted.evalueringer if e.merknad]
    assert remarks, "forutsetning: sør har evalueringer med merknad"
    for remark in remarks:
        assert plain(remark) in words
    for question in handbok.plan.skjema.sporsmal:
        assert plain(question.tekst) in words
    assert f"Side 1 av {pages}" in words and "per 20.06.2026" in words and handbok.innstillinger.navn in words
    assert not re.search(r"\b[0-9a-f]{40}\b", text) and "git-commit" not in text


def test_pdf_replaces_only_its_own(make_repo: MakeRepo, tmp_path: Path) -> None:
    root = make(make_repo)
    target = tmp_path / "tilsyn.pdf"
    assert tilsyn(root, "--pdf", str(target))[0] == 0
    assert tilsyn(root, "--pdf", str(target))[0] == 0  # our own PDF: replaced
    other = tmp_path / "annet.pdf"
    other.write_bytes(b"%PDF-1.4 noe annet")
    err = io.StringIO()
    code = main(["--rot", str(root), "tilsyn", "nord", "--pdf", str(other)], io.StringIO(), err)
    assert code == 1 and "ikke et tilsynsdokument" in err.getvalue()
    assert other.read_bytes() == b"%PDF-1.4 noe annet"
    for wrong in (root / "implementeringsplan.yaml", root / "rutiner" / "a.pdf", tmp_path / "tilsyn.html"):
        err = io.StringIO()
        assert main(["--rot", str(root), "tilsyn", "nord", "--pdf", str(wrong)], io.StringIO(), err) == 1
        assert err.getvalue().startswith("handbok: ") and err.getvalue().count("\n") == 1


def test_printed_audit_cuts_no_column(tmp_path: Path) -> None:
    out = io.StringIO()
    assert main(["--rot", str(example(tmp_path)), "tilsyn", "sor", "--dato", "2026-11-23"], out, io.StringIO()) == 0
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=list(CHROMIUM_ARGS))
        page = browser.new_page(viewport={"width": A4_CSS_WIDTH, "height": 1123})
        page.set_content(out.getvalue())
        page.emulate_media(media="print")
        rights = page.eval_on_selector_all("td, th", "cells => cells.map(c => c.getBoundingClientRect().right)")
        widths = page.evaluate("[document.documentElement.scrollWidth, document.documentElement.clientWidth]")
        browser.close()
    assert rights and max(rights) <= A4_CSS_WIDTH
    assert widths[0] <= widths[1]


def _example_audit(root: Path, sted: str, dag: str) -> str:
    out = io.StringIO()
    assert main(["--rot", str(root), "tilsyn", sted, "--dato", dag], out, io.StringIO()) == 0
    return out.getvalue()


def test_the_example_tells_the_correction_story_as_of_the_date(tmp_path: Path) -> None:
    root = example(tmp_path)
    now = _example_audit(root, "fjell", "2026-11-23")
    row = re.search(r"<tr><th scope=\"row\">Avviksmelding[^<]*</th>.*?</tr>", now.split("<h2>Tiltak</h2>")[1], re.S)
    assert row and 'data-etikett="Ansvarlig">Avdelingsleder</td>' in row.group(0)
    assert 'data-etikett="Status">Forfalt</td>' in row.group(0)
    assert "Tiltak – åpne: 1, forfalte: 1, lukkede: 0." in now
    before = _example_audit(root, "fjell", "2026-03-01")  # the same tiltak before its deadline, and before the other one
    assert "Tiltak – åpne: 1, forfalte: 0, lukkede: 0." in before
    closed = _example_audit(root, "sor", "2026-11-23")
    assert 'data-etikett="Status">Lukket <time datetime="2025-11-24">24.11.2025</time></td>' in closed
    assert "18 av 20 tiltaksplaner" in closed
    assert "18 av 20 tiltaksplaner" not in _example_audit(root, "sor", "2025-10-01")  # not closed yet that day


def test_the_example_tells_the_whole_story_of_a_re_implementation(tmp_path: Path) -> None:
    """Sør implemented legemiddelhåndtering 1.1, evaluated it, then implemented 2.0 after the MAJOR change."""
    root = example(tmp_path)
    html = _example_audit(root, "sor", "2026-11-23")
    story = html.split("<h3>Legemiddelhåndtering</h3>", 1)[1].split("<h3>", 1)[0]
    v11, v20 = story.split("<h4>Versjon 2.0", 1)
    assert "<h4>Versjon 1.1" in v11 and "implementert" in v11 and "Evaluering" in v11
    assert "Lukket <time datetime=\"2026-09-14\">" in v11  # the tiltak about 1.1, closed after 2.0
    assert "i gang" in v20 and "implementert" in v20 and "Evaluering <time datetime=\"2026-10-26\">" in v20
    before = _example_audit(root, "sor", "2026-01-01")  # 2.0 not approved: what was true then, nothing later
    medicine = before.split("<h3>Legemiddelhåndtering</h3>", 1)[1].split("<h3>", 1)[0]
    assert "<h4>Versjon 2.0" not in medicine and "04.05.2026" not in before and "2026-10-26" not in before
    row = re.search(r'<th scope="row">Legemiddelhåndtering</th>.*?</tr>', before, re.S)
    assert row and ">1.1, godkjent" in row.group(0) and ">Implementert<" in row.group(0)
