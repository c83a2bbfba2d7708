"""Templates: HTML lives in templates, never in the page code, and user text is escaped wherever it lands."""

from __future__ import annotations

import ast
import json
import re
import shutil
from pathlib import Path

from datetime import date

import markdown
import pytest
from markupsafe import Markup

from handbok.reports.audit import Kilde
from handbok.checks.run import check_repository
from handbok.source.history import Historikk
from handbok.site.pages import GitData, generate_pages
from handbok.core.status import beregn_status
from handbok.reports.templates import environment, escaped, md_text, render

PACKAGE = Path(__file__).resolve().parents[2] / "scripts" / "handbok"
BASE = Path(__file__).parents[1] / "tilfeller" / "_grunnlag"
TAG = re.compile(r"<\s*/?\s*[a-zA-Z][a-zA-Z0-9-]*[\s>/]")
MODULES = sorted(PACKAGE.rglob("*.py"))
# Not HTML: PyYAML's own error text, which yamlread recognises to explain it in Norwegian.
NOT_HTML = {"expected <block end>"}
TODAY = date(2026, 1, 1)
HOSTILE_TITLE = "<script>alert(1)</script> | *fet* {: onclick=x}"
HOSTILE_ANSVAR = "Gjør | dette *nå* <script>x</script> {: onclick=x}"


def _docstrings(tree: ast.AST) -> set[int]:
    nodes = [tree, *(n for n in ast.walk(tree) if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)))]
    return {id(body[0].value) for n in nodes if (body := getattr(n, "body", None)) and isinstance(body[0], ast.Expr)}


@pytest.mark.parametrize("module", MODULES, ids=lambda p: p.relative_to(PACKAGE).as_posix())
def test_no_html_tag_literals_in_python(module: Path) -> None:
    tree = ast.parse(module.read_text(encoding="utf-8"))
    docs = _docstrings(tree)
    found = [(node.lineno, node.value) for node in ast.walk(tree)
             if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docs
             and node.value not in NOT_HTML and TAG.search(node.value)]
    assert not found, f"HTML hører hjemme i en mal under handbok/templates/, ikke i {module.name}: {found}"


def test_every_page_template_compiles() -> None:
    for template in sorted((PACKAGE / "templates" / "sider").rglob("*.*")):
        environment().get_template(template.relative_to(PACKAGE / "templates").as_posix())


def _hostile_pages(tmp_path: Path) -> dict[str, str | bytes]:
    root = tmp_path / "h"
    shutil.copytree(BASE, root)
    text = (root / "rutiner/fallforebygging.md").read_text(encoding="utf-8")
    text = _set_line(text, "tittel: ", HOSTILE_TITLE)
    text = _set_line(text, "  sykepleier: ", HOSTILE_ANSVAR)
    (root / "rutiner/fallforebygging.md").write_text(text, encoding="utf-8")
    # The check refuses <script> in a title; the pages must be safe even when a build goes ahead anyway.
    result = check_repository(root, TODAY)
    assert {f.kode for f in result.findings if f.alvor == "feil"} == {"usikkert-innhold"}
    status = beregn_status(result.handbok, TODAY)
    git = GitData(Historikk({}, grunn=False, tilgjengelig=False), {}, Kilde(None))
    return generate_pages(result.handbok, status, git, TODAY, root / "ingen-docs")


def _set_line(text: str, key: str, value: str) -> str:
    """Replace the front-matter line starting with `key` by `key` + value as a YAML (JSON) string."""
    line = next(line for line in text.splitlines() if line.startswith(key))
    return text.replace(line, key + json.dumps(value, ensure_ascii=False), 1)


def _html(page: str | bytes) -> str:
    body = str(page).split("\n---\n", 1)[1] if str(page).startswith("---\n") else str(page)
    return markdown.markdown(body, extensions=["tables", "attr_list", "admonition"])


def test_hostile_title_and_responsibility_render_escaped(tmp_path: Path) -> None:
    pages = _hostile_pages(tmp_path)
    source = str(pages["rutiner/fallforebygging.md"])
    assert 'title: "&lt;script&gt;alert(1)&lt;/script&gt; | *fet* {: onclick=x}"' in source
    for rel in ("rutiner/fallforebygging.md", "rutiner/index.md", "roller/sykepleier.md", "status/index.md",
                "tjenestesteder/nord.md", "index.md", "endringer/index.md"):
        html = _html(pages[rel])
        assert "<script>" not in html, rel
        assert "onclick" not in re.sub(r">[^<]*<", "><", html), rel  # only ever text, never an attribute
    page = _html(pages["rutiner/fallforebygging.md"])
    assert "<h1>&lt;script&gt;alert(1)&lt;/script&gt; | *fet* {: onclick=x}</h1>" in page
    assert "<td>Gjør | dette *nå* &lt;script&gt;x&lt;/script&gt; {: onclick=x}</td>" in page
    index = _html(pages["rutiner/index.md"])
    row = next(line for line in index.splitlines() if "fallforebygging/" in line)
    assert row.count("<td>") + row.count("<th ") == 5  # the | did not split the row


def test_values_are_escaped_once_and_markup_passes() -> None:
    assert escaped('<a href="x">') == "&lt;a href=&quot;x&quot;&gt;"
    assert escaped(Markup("<b>fet</b>")) == "<b>fet</b>"
    assert md_text("<b>*x* | {: onclick=x}") == r"&lt;b&gt;\*x\* \| \{: onclick=x\}"
    assert render("sider/forside/roller.md", side="index.md", roller=[]).startswith("## Hva er mitt ansvar?")
