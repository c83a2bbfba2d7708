"""Metadata real routines carry: review date from the handbook's interval, attachments, related documents, links."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest

from handbok.checks.run import check_repository
from handbok.checks.links import omskriv
from handbok.core.model import Endringslinje, Versjon, legg_til_maaneder
from handbok.site.postbuild.offline import precache
from handbok.checks.vedlegg import MAX_BYTES

from conftest import BASE, copy_base, run
from conftest import CASES, TODAY, build_case, pages_for, render

REPO = Path(__file__).resolve().parents[2]
EXAMPLE_PDF = REPO / "vedlegg" / "fallrisiko-kartlegging.pdf"


def with_metadata(tmp_path: Path) -> Path:
    """The mini handbook with every new field in use (the accepted case folder)."""
    root = tmp_path / "h"
    build_case("godta-vedlegg-og-ny-metadata", root)
    return root


# --- review date ----------------------------------------------------------------------------------

@pytest.mark.parametrize(("start", "months", "expected"), [
    (date(2026, 2, 15), 24, date(2028, 2, 15)), (date(2025, 1, 31), 1, date(2025, 2, 28)),
    (date(2024, 1, 31), 1, date(2024, 2, 29)), (date(2025, 11, 30), 3, date(2026, 2, 28)),
    (date(2025, 12, 1), 12, date(2026, 12, 1)),
])
def test_months_are_added_as_calendar_months(start: date, months: int, expected: date) -> None:
    assert legg_til_maaneder(start, months) == expected


def test_the_review_date_is_written_or_derived_from_approval(tmp_path: Path) -> None:
    root = tmp_path / "h"
    build_case("godta-revisjon-fra-intervall", root)
    handbok = check_repository(root, TODAY).handbok
    derived = handbok.revisjonsfrist(handbok.rutiner["fallforebygging"])
    assert derived is not None and derived.utledet and derived.dato == date(2027, 2, 1)  # 2025-02-01 + 24
    written = handbok.revisjonsfrist(handbok.rutiner["avviksmelding"])
    assert written is not None and not written.utledet and written.dato == date(2027, 6, 1)
    # Without godkjent_dato the latest change-log date is the base.
    rutine = handbok.rutiner["fallforebygging"]
    from dataclasses import replace
    undated = replace(rutine, godkjent_dato=None, endringslogg=(
        Endringslinje(Versjon(1, 0), date(2024, 1, 10), "a"), Endringslinje(Versjon(1, 1), date(2025, 3, 5), "b")))
    assert undated.revisjonsfrist(6) is not None and undated.revisjonsfrist(6).dato == date(2025, 9, 5)  # type: ignore[union-attr]
    assert undated.revisjonsfrist(None) is None


def test_the_derived_review_date_is_shown_on_the_page_and_in_the_index(tmp_path: Path) -> None:
    root = tmp_path / "h"
    build_case("revisjon-utledet-forfalt", root)
    pages = pages_for(root)
    page = str(pages["rutiner/fallforebygging.md"])
    assert ('<dt>Revideres innen</dt><dd><time datetime="2025-08-01">01.08.2025</time> (6 måneder etter godkjenning) '
            '<strong class="handbok-flagg">Fristen er passert</strong>') in page
    assert '<time datetime="2025-08-01">01.08.2025</time>' in str(pages["rutiner/index.md"])


def test_sjekk_says_where_the_derived_date_comes_from(tmp_path: Path) -> None:
    root = tmp_path / "h"
    build_case("revisjon-utledet-forfalt", root)
    code, out, _ = run("--rot", str(root), "sjekk", "--dato", "2026-01-01")
    assert code == 0
    assert "01.08.2025 (6 måneder etter godkjenningen, etter revisjon.intervall_maaneder i handbok.yaml)" in out


def test_without_an_interval_a_routine_in_force_must_name_its_review_date(tmp_path: Path) -> None:
    root = copy_base(tmp_path)
    path = root / "rutiner" / "fallforebygging.md"
    path.write_text(path.read_text(encoding="utf-8").replace("revideres_innen: 2027-02-01\n", ""), encoding="utf-8")
    code, out, _ = run("--rot", str(root), "sjekk", "--dato", "2026-01-01")
    assert code == 1 and "revisjon: {intervall_maaneder: 24}" in out


# --- the routine page -----------------------------------------------------------------------------

def test_routine_page_shows_the_new_metadata_and_related_documents(tmp_path: Path) -> None:
    pages = pages_for(with_metadata(tmp_path))
    html = render(pages["rutiner/fallforebygging.md"])
    assert '<dd data-pagefind-weight="5">RL-HJT-014</dd>' in html  # the one searchable line of the panel
    assert "<dt>Målgruppe</dt><dd>Ansatte i hjemmetjenesten, Pårørende</dd>" in html
    assert '<dt>Utarbeidet av</dt><dd><a href="../../roller/sykepleier/">Sykepleier</a></dd>' in html
    assert "<dt>Kontrollert av</dt><dd>Fagsykepleier legemidler</dd>" in html
    assert ('<a href="https://lovdata.no/forskrift/2016-10-28-1250/§7" rel="noopener">Forskrift om ledelse og '
            "kvalitetsforbedring § 7</a><br>Helsepersonelloven § 39") in html
    assert '<a href="../../vedlegg/fallrisiko.pdf">Skjema for kartlegging av fallrisiko</a> (PDF)' in html
    assert ('Relatert: <a href="../avviksmelding/">Avviksmelding</a><br>Bygger på: '
            '<a href="../../roller/sykepleier/">Sykepleier</a>') in html


def test_body_links_are_moved_to_where_the_site_has_the_files(tmp_path: Path) -> None:
    page = str(pages_for(with_metadata(tmp_path))["rutiner/fallforebygging.md"])
    assert "[skjemaet](../vedlegg/fallrisiko.pdf#page=1)" in page
    assert "[avviksmelding](avviksmelding.md#formal)" in page
    assert "[sykepleieren](../roller/sykepleier.md)" in page  # funksjonsbeskrivelser/ is roller/ on the site


def test_brukes_av_lists_the_routines_that_name_a_document(tmp_path: Path) -> None:
    pages = pages_for(with_metadata(tmp_path))
    target = str(pages["rutiner/avviksmelding.md"])
    assert "## Brukes av" in target and '<a href="#brukes-av">Brukes av</a>' in target
    assert '<li><a href="../fallforebygging/">Fallforebygging</a> – viser hit</li>' in target
    role = str(pages["roller/sykepleier.md"])
    assert '<li><a href="../../rutiner/fallforebygging/">Fallforebygging</a> – bygger på denne</li>' in role
    assert "## Brukes av" not in str(pages["rutiner/fallforebygging.md"])


def test_omskriv_leaves_other_links_and_code_alone() -> None:
    body = ("Se [a](a.md) og [ekstern](https://lovdata.no/a.md).\n\n`[a](a.md)`\n\n"
            "[rolle][r]\n\n[r]: ../funksjonsbeskrivelser/x.md\n")
    moved = omskriv(body, "rutiner/b.md", "arkiv/b.md",
                    {"rutiner/a.md": "rutiner/a.md", "funksjonsbeskrivelser/x.md": "roller/x.md"}.get)
    assert moved == ("Se [a](../rutiner/a.md) og [ekstern](https://lovdata.no/a.md).\n\n`[a](a.md)`\n\n"
                     "[rolle][r]\n\n[r]: ../roller/x.md\n")


# --- attachments ----------------------------------------------------------------------------------

def test_an_attachment_over_the_limit_is_refused(tmp_path: Path) -> None:
    root = copy_base(tmp_path)
    (root / "vedlegg").mkdir()
    with (root / "vedlegg" / "stort.pdf").open("wb") as stream:
        stream.write(b"%PDF-1.4\n")
        stream.truncate(MAX_BYTES + 1)  # sparse: no 10 MB written to the disk
    findings = check_repository(root, TODAY).findings
    assert [(f.kode, f.fil) for f in findings] == [("vedlegg-for-stort", "vedlegg/stort.pdf")]


def test_an_attachment_is_published_and_stored_for_offline_use(tmp_path: Path) -> None:
    site = tmp_path / "site"
    (site / "vedlegg").mkdir(parents=True)
    shutil.copyfile(EXAMPLE_PDF, site / "vedlegg" / "skjema.pdf")
    (site / "rapport.pdf").write_bytes(EXAMPLE_PDF.read_bytes())  # not an attachment: left to the network
    assert [address for address, _ in precache(site)] == ["vedlegg/skjema.pdf"]


def test_the_example_handbook_uses_an_attachment_and_related_documents() -> None:
    handbok = check_repository(REPO, TODAY).handbok
    assert any(r.vedlegg for r in handbok.rutiner.values())
    assert handbok.brukes_av()
    assert any(r.revideres_innen is None and r.gjeldende for r in handbok.rutiner.values())
    assert EXAMPLE_PDF.read_bytes().startswith(b"%PDF-")


def test_case_folders_exist_for_the_new_codes() -> None:
    codes = {"vedlegg-mangler", "vedlegg-filtype", "vedlegg-innhold", "lenke-brutt", "relatert-ukjent",
             "dokumentnummer-duplikat", "hjemmel-url-ugyldig"}
    assert codes <= {p.name for p in CASES.iterdir()}
    assert BASE.is_dir()
