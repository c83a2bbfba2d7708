"""Receipt counts: `handbok bekreftelser importer FIL` — the form tool's export (CSV or Excel, one row per
«Jeg har lest og forstått») -> counts per tjenestested × document × version (and role, when the form asks)
in statistikk/bekreftelser.yaml. No name is stored: a file with a person (name, e-mail address, identity
number) or free text is refused and nothing is written. A form tool's export holds every answer so far, so
importing again replaces the counts of each site × document × version in the file and keeps the others:
a re-import changes nothing."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from ruamel.yaml.comments import CommentedMap
from ruamel.yaml.scalarstring import DoubleQuotedScalarString

from ..checks.privacy import finn_identifikatorer
from ..checks.run import CheckResult
from ..core.bekreftelser import BEKREFTELSER_FIL, BekreftelsesOppsett
from ..core.formatting import antall
from ..core.model import Dokument, Handbok, Versjon
from ..source.cache import Cache
from .csvfile import CsvRefused, Tabell, read_table, refuse_personal, require_columns
from .statwrite import rewrite

HEADER = ("«Lest og forstått» per tjenestested, dokument og versjon, importert med «handbok bekreftelser importer».\n"
          "Bare antall: ingen navn, e-postadresser eller andre personopplysninger. Antall per rolle vises aldri\n"
          "for færre enn 5. Ikke rediger for hånd; importer eksporten fra skjemaverktøyet på nytt.")
_VERSION = re.compile(r"(?:versjon\s*)?(\d+)[.,](\d+)", re.IGNORECASE)

Key = tuple[str, str, str]  # tjenestested, document, version


@dataclass(frozen=True)
class Opptelling:
    """What one export holds: receipts per site × document × version (and per role), and the rows left out."""

    tall: Counter[Key]
    roller: Counter[tuple[str, str, str, str]]  # site, document, version, role
    utelatt: Counter[str]  # why -> rows
    ubrukte_kolonner: tuple[str, ...]
    ukjent_rolle: int = 0  # rows counted without a role: the role they named is not known


def importer_bekreftelser(root: Path, today: date, path: Path, dato: date | None, syntetisk: bool,
                          cache: Cache | None = None) -> str:
    def change(before: CheckResult, data: CommentedMap) -> str:
        oppsett = before.handbok.innstillinger.bekreftelser or BekreftelsesOppsett()
        k = oppsett.kolonner
        tabell = read_table(path, (k.dokument, k.versjon, k.tjenestested, k.rolle))
        opptelling = count(tabell, oppsett, before.handbok)
        merge(data, opptelling, dato or today, syntetisk)
        return summary(opptelling, tabell.fil)

    return rewrite(root, BEKREFTELSER_FIL, "bekreftelser", HEADER, today, cache, change)


def count(tabell: Tabell, oppsett: BekreftelsesOppsett, handbok: Handbok) -> Opptelling:
    """One receipt per row; refuse the file on a person, free text or a site that is not known."""
    k = oppsett.kolonner
    required = (k.dokument, k.versjon, k.tjenestested)
    require_columns(tabell, required, "bekreftelser.kolonner")
    used = (*required, k.rolle) if k.rolle in tabell.kolonner else required
    unused = refuse_personal(tabell, used)
    columns = [tabell.kolonne(name) for name in used]
    tall: Counter[Key] = Counter()
    roller: Counter[tuple[str, str, str, str]] = Counter()
    utelatt: Counter[str] = Counter()
    unknown_role = 0
    documents, roles = _lookup(handbok, oppsett)
    for line, row in enumerate(tabell.rader, start=2):
        cells = [row[i] if i < len(row) else "" for i in columns] + [""]
        sted = _site(handbok, oppsett, cells[2], tabell.fil, line)
        dokument = documents.get(cells[0].casefold())
        versjon = _version(dokument, cells[1]) if dokument else None
        if sted is None or dokument is None or versjon is None:
            utelatt["uten tjenestested" if sted is None else "ukjent dokument" if dokument is None
                    else "ukjent versjon"] += 1
            continue
        tall[sted, dokument.id, str(versjon)] += 1
        rolle = roles.get(cells[3]) or roles.get(cells[3].casefold())
        if rolle:
            roller[sted, dokument.id, str(versjon), rolle] += 1
        elif cells[3]:
            unknown_role += 1
    if not tabell.rader:
        raise CsvRefused(f"{tabell.fil} har ingen rader under overskriftene. Eksporter på nytt med svarene.")
    return Opptelling(tall, roller, utelatt, tuple(unused), unknown_role)


def _site(handbok: Handbok, oppsett: BekreftelsesOppsett, value: str, fil: str, line: int) -> str | None:
    """The site's id; None when the answer names none. An unknown site refuses the file: map it first."""
    if not value:
        return None
    if value in oppsett.tjenestesteder:
        return oppsett.tjenestesteder[value]
    for sted in handbok.plan.tjenestesteder:
        if value.casefold() in (sted.id, sted.navn.casefold()):
            return sted.id
    shown = f"«{value}»" if _showable(value) else "svaret"
    raise CsvRefused(f"{fil} linje {line}: {shown} er ikke et kjent tjenestested. Legg det til under "
                     f"bekreftelser.tjenestesteder i handbok.yaml (tekst: id) og importer på nytt. Ingenting er importert.")


def _showable(value: str) -> bool:
    """A value that may be repeated in a message: short, no address, no identity number."""
    return len(value) <= 60 and "@" not in value and not finn_identifikatorer(value)


def _lookup(handbok: Handbok, oppsett: BekreftelsesOppsett) -> tuple[dict[str, Dokument], dict[str, str]]:
    """What an answer may write for a document (its id or title, any case) and for a role (the settings'
    text as written; a role's id or title, any case)."""
    documents = {key: d for d in reversed(handbok.dokumenter) for key in (d.tittel.casefold(), d.id)}
    roles = {key: r for r in sorted(handbok.rolle_ider, reverse=True) for key in (handbok.rolle_tittel(r).casefold(), r)}
    return documents, {**roles, **oppsett.roller}


def _version(dokument: Dokument, value: str) -> Versjon | None:
    """«2.0», «2,0» or «versjon 2.0», when the document has (had) that version."""
    match = _VERSION.fullmatch(value.strip())
    if match is None:
        return None
    versjon = Versjon(int(match.group(1)), int(match.group(2)))
    known = {e.versjon for e in dokument.endringslogg} | ({dokument.versjon} if dokument.versjon else set())
    return versjon if versjon in known else None


def merge(data: CommentedMap, opptelling: Opptelling, dato: date, syntetisk: bool) -> None:
    """Replace the counts of every site × document × version in the export; keep every other."""
    if syntetisk:
        data["syntetisk"] = True
    data["dato"] = dato
    tall = data.setdefault("tall", CommentedMap())
    for (sted, dokument, versjon), number in opptelling.tall.items():
        entry = CommentedMap([("antall", number)])
        roles = {r: n for (s, d, v, r), n in opptelling.roller.items() if (s, d, v) == (sted, dokument, versjon)}
        if roles:
            entry["roller"] = CommentedMap(sorted(roles.items()))
        entry.fa.set_flow_style()
        tall.setdefault(sted, CommentedMap()).setdefault(dokument, CommentedMap())[DoubleQuotedScalarString(versjon)] = entry
    _sort(tall)
    for documents in tall.values():
        _sort(documents)
        for versions in documents.values():
            _sort(versions)


def _sort(mapping: CommentedMap) -> None:
    items = sorted(mapping.items(), key=lambda item: _order(str(item[0])))
    for key in list(mapping):
        del mapping[key]
    for key, value in items:
        mapping[key] = value


def _order(key: str) -> tuple[int, int, str]:
    """Versions as numbers (2.10 after 2.9), every other key as text."""
    match = _VERSION.fullmatch(key)
    return (int(match.group(1)), int(match.group(2)), key) if match else (0, 0, key)


def summary(opptelling: Opptelling, fil: str) -> str:
    total = sum(opptelling.tall.values())
    steder = {s for s, _, _ in opptelling.tall}
    dokumenter = {d for _, d, _ in opptelling.tall}
    lines = [f"Importerte {antall(total, 'bekreftelse', 'bekreftelser')} fra {fil} til {BEKREFTELSER_FIL}: "
             f"{antall(len(steder), 'tjenestested', 'tjenestesteder')}, {antall(len(dokumenter), 'dokument', 'dokumenter')}. "
             "Bare antall per tjenestested, dokument, versjon og rolle er lagret; ingen navn."]
    if opptelling.utelatt:
        lines.append("Ikke talt med: " + ", ".join(f"{antall(n, 'svar', 'svar')} {why}"
                                                   for why, n in sorted(opptelling.utelatt.items())) + ".")
    if opptelling.ukjent_rolle:
        lines.append(f"Talt med uten rolle: {antall(opptelling.ukjent_rolle, 'svar', 'svar')} med en rolle som ikke "
                     "finnes her. Legg teksten under bekreftelser.roller i handbok.yaml (tekst: rolle-id) og importer "
                     "på nytt for å telle dem per rolle.")
    if opptelling.ubrukte_kolonner:
        lines.append("Ikke brukt: kolonnene " + ", ".join(f"«{c}»" for c in opptelling.ubrukte_kolonner) + ".")
    return "\n".join(lines)
