"""`handbok tilsyn`: self-contained audit evidence for one site, from a real git repository."""

from __future__ import annotations

import io
import re
from pathlib import Path
from typing import Callable

from conftest import git
from handbok.cli import main
from test_status import PLAN, rutine

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
    assert f"<code>{sha}</code>" in html and 'Laget <time datetime="2026-03-10">10.03.2026</time>' in html
    assert "lokale endringer" not in html
    assert "1 av 3 gjeldende rutiner er implementert (33\u00a0%)" in html
    assert re.search(r"Forsinket \(fristen er passert\):</span> Rutine A<", html)
    assert "Må implementeres på nytt etter endring:</span> Rutine A<" in html
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
    assert "lokale endringer" in html  # the plan differs from the commit


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
