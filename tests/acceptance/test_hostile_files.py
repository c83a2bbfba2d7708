"""Hostile files: what the site publishes as it is (docs/, vedlegg/) never follows a symbolic link and never
holds a type off the allow-list, in the check and again in the build (the second wall). Content defects
that can live as files are case folders in tests/tilfeller/; symbolic links cannot, so they are here."""

from __future__ import annotations

import io
import json
import os
import shutil
from pathlib import Path

import pytest

from conftest import copy_base, pages_for
from handbok.checks.vedlegg import publiserte_vedlegg
from handbok.cli.main import main

PNG = (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x00\x00\x00\x00:~\x9bU\x00\x00\x00\nIDATx"
       b"\x9cc`\x00\x00\x00\x02\x00\x01H\xaf\xa4q\x00\x00\x00\x00IEND\xaeB`\x82")


@pytest.fixture
def root(tmp_path: Path) -> Path:
    return copy_base(tmp_path)


@pytest.fixture
def secret(tmp_path: Path) -> Path:
    """A file outside the handbook that the build machine can read (a CI secret, /etc/passwd …)."""
    folder = tmp_path / "utenfor"
    folder.mkdir()
    (folder / "hemmelig.txt").write_text("passord=hunter2\n", encoding="utf-8")
    (folder / "hemmelig.md").write_text("# Hemmelig\n\npassord=hunter2\n", encoding="utf-8")
    (folder / "hemmelig.pdf").write_bytes(b"%PDF-1.4\npassord=hunter2\n")
    return folder


def findings(root: Path) -> list[str]:
    out = io.StringIO()
    main(["--rot", str(root), "sjekk", "--format", "json", "--dato", "2026-01-01"], out, io.StringIO())
    return sorted(f"{f['alvor']} {f['kode']} {f['fil']}" for f in json.loads(out.getvalue())["funn"])


def test_a_symlink_in_docs_is_refused_wherever_it_points(root: Path, secret: Path) -> None:
    (root / "docs").mkdir()
    (root / "docs" / "om.md").symlink_to(secret / "hemmelig.md")
    (root / "docs" / "passord.pdf").symlink_to(secret / "hemmelig.pdf")
    (root / "docs" / "kopi.png").write_bytes(PNG)
    (root / "docs" / "bilde.png").symlink_to(root / "docs" / "kopi.png")  # inside the handbook: still refused
    assert findings(root) == ["feil symlenke docs/bilde.png", "feil symlenke-utenfor docs/om.md",
                              "feil symlenke-utenfor docs/passord.pdf"]


def test_a_symlinked_folder_in_docs_is_refused(root: Path, secret: Path) -> None:
    (root / "docs").mkdir()
    (root / "docs" / "mappe").symlink_to(secret, target_is_directory=True)
    assert findings(root) == ["feil symlenke-utenfor docs/mappe"]


@pytest.mark.parametrize("mappe", ["docs", "vedlegg"])
def test_docs_or_vedlegg_itself_as_a_symlink_publishes_nothing(root: Path, secret: Path, mappe: str) -> None:
    (root / mappe).symlink_to(secret, target_is_directory=True)
    assert findings(root) == [f"feil symlenke {mappe}"]
    assert publiserte_vedlegg(root) == []


def test_a_symlinked_routine_folder_reads_nothing_outside(root: Path, tmp_path: Path) -> None:
    outside = tmp_path / "andre-rutiner"
    shutil.move(root / "rutiner", outside)
    (root / "rutiner").symlink_to(outside, target_is_directory=True)
    assert set(findings(root)) >= {"feil symlenke-utenfor rutiner/avviksmelding.md",
                                   "feil symlenke-utenfor rutiner/fallforebygging.md"}


def test_the_build_publishes_only_what_passes_even_unchecked(root: Path, tmp_path: Path, secret: Path) -> None:
    """The second wall: the page stage copies only allowed, regular files, whatever the check said."""
    docs = tmp_path / "docs"
    (docs / "bilder").mkdir(parents=True)
    (docs / "om.md").write_text("# Om\n", encoding="utf-8")
    (docs / "bilder" / "kart.png").write_bytes(PNG)
    (docs / "side.html").write_text("<script>alert(1)</script>", encoding="utf-8")
    (docs / "logo.svg").write_text("<svg onload=alert(1)></svg>", encoding="utf-8")
    (docs / "falsk.png").write_text("<script>alert(1)</script>", encoding="utf-8")
    (docs / "lenke.md").symlink_to(secret / "hemmelig.md")
    (docs / "mappe").symlink_to(secret, target_is_directory=True)
    pages = pages_for(root, docs)
    published = {rel for rel in pages if not rel.startswith(("rutiner/", "roller/", "tjenestesteder/", "status/",
                                                               "tilsyn/", "endringer/", "arkiv/", "sok/"))}
    assert "bilder/kart.png" in published and "side.html" not in published and "logo.svg" not in published
    assert not {"falsk.png", "lenke.md", "mappe/hemmelig.md", "mappe/hemmelig.pdf"} & published
    assert not any("hunter2" in str(text) for text in pages.values())


def test_attachments_are_copied_only_when_they_pass(root: Path, secret: Path) -> None:
    (root / "vedlegg").mkdir()
    (root / "vedlegg" / "kart.png").write_bytes(PNG)
    (root / "vedlegg" / "side.html").write_text("<script>alert(1)</script>", encoding="utf-8")
    (root / "vedlegg" / "passord.pdf").symlink_to(secret / "hemmelig.pdf")
    (root / "vedlegg" / "mappe").symlink_to(secret, target_is_directory=True)
    assert [p.relative_to(root).as_posix() for p in publiserte_vedlegg(root)] == ["vedlegg/kart.png"]


def test_an_attachment_that_cannot_be_read_is_not_published(root: Path) -> None:
    (root / "vedlegg").mkdir()
    (root / "vedlegg" / "skjema.docx").write_bytes(b"PK\x03\x04" + os.urandom(64))
    assert findings(root) == ["feil vedlegg-uleselig vedlegg/skjema.docx"]
