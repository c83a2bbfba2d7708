"""Migration: `handbok flytt-historikk` — the plan's old `implementering:` section -> one history file per site.

Each record becomes the entries it implies (`source.ledger.old_entries`, the same the checks and reports
read), written to implementering/<sted>.yaml in front of anything the site's file holds already; the
section's comments go with their site or document; then the section is taken out of the plan, whose other
lines stay as written. The entries are the same data in a new place, so `handbok pr-sjekk` accepts the move.
Running it again changes nothing.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, Mapping

from ..checks.run import CheckResult
from ..source.cache import Cache
from ..source.ledger import old_entries, site_file
from ..source.loading import IMPLEMENTERING, PLAN, normalise, parse_plan
from . import ledgerfile
from .yamlfile import EditRefused, Fil, Linjer, block_end, edit, indent_of


@dataclass
class _Kommentarer:
    """The comments of the old section: above a site's key (and between its records) for the site's file,
    above or inside a record for that document."""

    sted: dict[str, list[str]] = field(default_factory=dict)
    dokument: dict[tuple[str, str], list[str]] = field(default_factory=dict)


def flytt_historikk(root: Path, today: date, cache: Cache | None = None) -> str:
    sites = _sites(root)
    files = [Fil(PLAN, "plan"), *(Fil(site_file(s), "historikk") for s in sites)]

    def rules(before: CheckResult, texts: Mapping[str, str]) -> tuple[dict[str, str], str]:
        return _move(before, texts, sites)

    return edit(root, files, today, cache, rules)


def _sites(root: Path) -> list[str]:
    """The sites in the plan's old section, read before the locks are taken (checked again under them)."""
    path = root / PLAN
    data = parse_plan(path.read_text(encoding="utf-8-sig"), PLAN).data if path.is_file() else None
    section = (data or {}).get("implementering")
    return [str(s) for s in section] if isinstance(section, dict) else []


def _move(before: CheckResult, texts: Mapping[str, str], sites: list[str]) -> tuple[dict[str, str], str]:
    plan_text = texts[PLAN]
    doc = parse_plan(normalise(plan_text), PLAN)
    if doc.data is None:
        raise EditRefused(f"{PLAN} kan ikke leses. Kjør «handbok sjekk» og rett feilene først; ingenting er flyttet.")
    section = doc.data.get("implementering")
    if not section:
        return dict(texts), f"Historikken står allerede i {IMPLEMENTERING}/: ingenting å flytte."
    if not isinstance(section, dict) or sorted(map(str, section)) != sorted(sites):
        raise EditRefused(f"{PLAN} ble endret mens kommandoen kjørte. Ingenting er flyttet; kjør den på nytt.")
    errors = [f for f in before.findings if f.alvor == "feil" and f.fil == PLAN and f.felt.startswith("implementering")]
    if errors:
        raise EditRefused(f"Registreringene i {PLAN} har {len(errors)} feil (f.eks. linje {errors[0].linje}: "
                          f"{errors[0].melding}). Rett dem først (handbok sjekk); ingenting er flyttet.")
    lines = Linjer.fra(plan_text)
    start = doc.lines[("implementering",)] - 1
    end = block_end(lines.linjer, start)
    comments = _comments(lines.linjer[start + 1:end])
    out = dict(texts)
    moved = 0
    for sted, records in section.items():
        rel = site_file(sted)
        known = before.handbok.plan.sted(sted)
        navn = known.navn if known else sted
        out[rel] = _site_text(out[rel], rel, sted, navn, records if isinstance(records, dict) else {}, comments)
        moved += sum(1 for r in (records or {}).values() if isinstance(r, dict))
    lines.erstatt(start, end, [])
    out[PLAN] = lines.tekst()
    return out, (f"Flyttet {moved} registreringer for {len(section)} tjenestesteder til {IMPLEMENTERING}/ "
                 f"(én fil per tjenestested) og tok dem ut av {PLAN}. Se over endringen og send den som en pull request.")


def _site_text(text: str, rel: str, sted: str, navn: str, records: Mapping[str, Any], comments: _Kommentarer) -> str:
    entries = {dokument: [data for data, _ in old_entries(record)] for dokument, record in records.items()
               if isinstance(record, dict)}
    if not text.strip():
        header = [f"# {c}" if c else "#" for c in comments.sted.get(sted, ())]
        body = ledgerfile.new_file(sted, navn, {}, header).rstrip("\n").split("\n")
        for dokument, written in entries.items():
            note = [f"# {c}" if c else "#" for c in comments.dokument.get((sted, dokument), ())]
            body += ledgerfile.document_lines(dokument, written, 2, note)
        return "\n".join(body) + "\n"
    for dokument, written in entries.items():
        text = ledgerfile.prepend(text, rel, sted, navn, dokument, written)
    return text


def _comments(section: list[str]) -> _Kommentarer:
    """Assign each comment of the section to the site or document key it stands above (or on the line of)."""
    found = _Kommentarer()
    keys = [line for line in section if line.strip() and not line.lstrip().startswith("#")]
    site_indent = indent_of(keys[0]) if keys else 2
    pending: list[str] = []
    sted = dokument = None
    for line in section:
        stripped = line.strip()
        if stripped.startswith("#"):
            pending.append(stripped.lstrip("#").strip())
            continue
        if not stripped:
            continue
        key, _, rest = stripped.partition(":")
        inline = _inline_comment(rest)
        if indent_of(line) == site_indent:
            sted, dokument = key, None
            found.sted.setdefault(sted, []).extend(pending)
        elif indent_of(line) == site_indent + 2 or dokument is None:
            dokument = key
            found.dokument.setdefault((str(sted), dokument), []).extend(pending)
        elif sted is not None and dokument is not None:
            found.dokument.setdefault((sted, dokument), []).extend(pending)
        if inline and sted is not None:
            target = found.dokument.setdefault((sted, dokument), []) if dokument else found.sted.setdefault(sted, [])
            target.append(inline)
        pending = []
    if pending and sted is not None:
        (found.dokument.setdefault((sted, dokument), []) if dokument else found.sted.setdefault(sted, [])).extend(pending)
    return found


def _inline_comment(rest: str) -> str | None:
    """The comment after a value on the same line, when the « #» is not inside a quoted text."""
    value, sep, comment = rest.partition(" #")
    while sep and (value.count('"') % 2 or value.count("'") % 2):
        more, sep, comment = comment.partition(" #")
        value += " #" + more
    return comment.strip() if sep else None
