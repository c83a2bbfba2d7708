"""Safety: what a text renders to is sanitised with the allow-list and compared; anything removed is an error."""

from __future__ import annotations

from pathlib import Path

import pytest

from handbok.source.loading import parse_markdown
from handbok.checks.safety import check_safety, fjernet, render
from handbok.source.siteconfig import MarkdownOppsett, markdown_oppsett

SITE = MarkdownOppsett()

HOSTILE = [
    "<script>alert(1)</script>",
    "<SCRIPT SRC=//angriper.example/x.js></SCRIPT>",
    "Avsnitt\n{: onmouseover=\"alert(1)\" }",
    "![bilde](a.png){: onerror=\"alert(1)\" }",
    "[x](javascript:alert(1))",
    "[x](&#106;&#97;vascript:alert(1))",
    "[x](JaVaScRiPt:alert(1))",
    "<a href=\"java\nscript:alert(1)\">x</a>",
    "<a href=\"&#x6A;avascript&#x3A;alert(1)\">x</a>",
    "<a href=\"data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==\">x</a>",
    "<svg><a href=\"javascript:alert(1)\"><text>x</text></a></svg>",
    "<svg onload=alert(1)>",
    "<p/onclick=\"alert(1)\">x</p>",
    "<div\nonclick=\"alert(1)\">x</div>",
    "<base href=\"https://angriper.example/\">",
    "<meta http-equiv=\"refresh\" content=\"0;url=https://angriper.example\">",
    "<link rel=\"stylesheet\" href=\"https://angriper.example/x.css\">",
    "<style>@import url(https://angriper.example/x.css);</style>",
    "<style>body{display:none}</style>",
    "<form action=\"https://angriper.example\"><button>OK</button></form>",
    "<iframe src=\"https://angriper.example\"></iframe>",
    "<object data=\"x.swf\"></object>",
    "<embed src=\"x.swf\">",
    "![x](https://angriper.example/sporing.png)",
    "<img src=\"//angriper.example/x.png\">",
    "<img src=\" https://angriper.example/x.png\">",
    "<div style=\"background:url(https://angriper.example/x)\">x</div>",
    "<div style=\"position:fixed;top:0;left:0;width:100%;height:100%\">x</div>",
    "<math><a href=\"javascript:alert(1)\">x</a></math>",
    "<details open ontoggle=alert(1)>x</details>",
    "<video><source onerror=\"alert(1)\"></video>",
]

SAFE = [
    "## Formål\n\nTekst med **uthevet**, *kursiv*, `kode` og [Lovdata](https://lovdata.no/).",
    "![Skjema](../vedlegg/skjema.png)",
    "| Hva | Når |\n|:----|----:|\n| Melde | Samme vakt |",
    "!!! warning \"Viktig\"\n    Ring 113.",
    "## Tiltak {#tiltak .viktig}",
    "1. Første\n2. Andre\n\n- punkt\n- punkt",
    "<details><summary>Mer</summary><p>Tekst <abbr title=\"Helsedirektoratet\">Hdir</abbr></p></details>",
    "[Ring legevakt](tel:116117) eller [skriv](mailto:postmottak@kommune.no)",
    "Se <https://www.helsedirektoratet.no/>.",
    "<!-- en kommentar til redaktøren -->",
    "Kode:\n\n    <script>alert(1)</script>",
]


@pytest.mark.parametrize("text", HOSTILE)
def test_hostile_markdown_is_caught_however_it_is_encoded(text: str) -> None:
    assert fjernet(render(text, SITE)), text


@pytest.mark.parametrize("text", SAFE)
def test_ordinary_routines_pass(text: str) -> None:
    assert fjernet(render(text, SITE)) == [], text


def test_finding_names_the_element_in_norwegian_on_its_line() -> None:
    body = "## Formål\n\nTekst.\n\n<iframe src=\"https://angriper.example\"></iframe>\n"
    doc = parse_markdown(f"---\nid: a\ntittel: A\n---\n{body}", "rutiner/a.md", "rutine")
    [finding] = check_safety(doc, SITE)
    assert (finding.kode, finding.linje, finding.felt) == ("usikkert-innhold", 9, "tekst")
    assert "innebygd side («iframe»)" in finding.melding


def test_text_fields_are_rendered_too() -> None:
    doc = parse_markdown("---\nid: a\ntittel: \"Fall <embed src=x.swf>\"\nansvar:\n  sykepleier: \"[x](javascript:a)\"\n---\n",
                         "rutiner/a.md", "rutine")
    assert sorted((f.linje, f.felt) for f in check_safety(doc, SITE)) == [(3, "tittel"), (5, "ansvar.sykepleier")]


def test_the_site_extensions_come_from_mkdocs_yml(tmp_path: Path) -> None:
    (tmp_path / "mkdocs.yml").write_text(
        "site_name: x\nmarkdown_extensions:\n  - tables\n  - toc:\n      permalink: false\n"
        "  - finnes.ikke\n  - pymdownx.emoji:\n      emoji_index: !!python/name:material.extensions.emoji.twemoji\n",
        encoding="utf-8")
    oppsett, warnings = markdown_oppsett(tmp_path)
    assert oppsett.utvidelser == ("tables", "toc", "pymdownx.emoji")
    assert [w.kode for w in warnings] == ["ukjent-markdown-utvidelse"] and "finnes.ikke" in warnings[0].melding
    # Without attr_list, a "{: onclick }" line is plain text: what the site renders decides.
    assert fjernet(render("Avsnitt\n{: onclick=\"x\" }", oppsett)) == []


def test_a_code_fence_without_the_fence_extension_is_not_code() -> None:
    """The example site has no fenced_code: a fence is plain text there, and the HTML inside is real."""
    assert fjernet(render("```html\n<script>alert(1)</script>\n```", SITE))
