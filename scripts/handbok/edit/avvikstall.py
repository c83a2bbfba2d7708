"""Deviation counts: `handbok avvik importer FIL.csv` — a deviation system's CSV export -> counts per
category × tjenestested × month in statistikk/avvik.yaml. Counts only: a file with free text or persons
is refused. Importing a month again replaces that month's counts, so a re-import changes nothing."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from ruamel.yaml.comments import CommentedMap
from ruamel.yaml.scalarstring import DoubleQuotedScalarString

from ..checks.run import CheckResult
from ..core.formatting import antall
from ..core.model import Handbok
from ..core.statistikk import AVVIK_FIL, AvvikOppsett
from ..source.cache import Cache
from .csvfile import CsvRefused, Tabell, parse_count, parse_month, read_table, refuse_personal, require_columns
from .statwrite import StatisticsRefused, rewrite

HEADER = ("Avvikstall per kategori, tjenestested og måned (ÅÅÅÅ-MM), importert med «handbok avvik importer».\n"
          "Bare antall: ingen fritekst og ingen personopplysninger. En måned under perioder uten tall\n"
          "for et tjenestested betyr null avvik der. Ikke rediger for hånd; importer på nytt.")

Key = tuple[str, str, str]  # category, site, month


@dataclass(frozen=True)
class Opptelling:
    """What one CSV file holds: counts per category × site × month, and the rows left out."""

    tall: Counter[Key]
    perioder: frozenset[str]
    ukjente_kategorier: Counter[str]
    ubrukte_kolonner: tuple[str, ...]


def importer_avvik(root: Path, today: date, csv_path: Path, syntetisk: bool, cache: Cache | None = None) -> str:
    def change(before: CheckResult, data: CommentedMap) -> str:
        oppsett = _settings(before.handbok)
        tabell = read_table(csv_path, oppsett.kolonner)
        opptelling = count(tabell, oppsett, before.handbok)
        merge(data, opptelling, syntetisk)
        return summary(opptelling, csv_path.name)

    return rewrite(root, AVVIK_FIL, "avvik", HEADER, today, cache, change)


def _settings(handbok: Handbok) -> AvvikOppsett:
    oppsett = handbok.innstillinger.avvik
    if oppsett is None:
        raise StatisticsRefused("handbok.yaml sier ikke hvordan avvikseksporten skal leses. Legg til f.eks. «avvik: "
                             "{kolonner: {kategori: Hovedkategori, tjenestested: Enhet, periode: Måned, antall: "
                             "Antall}}» (se README), og kjør «handbok sjekk».")
    return oppsett


def count(tabell: Tabell, oppsett: AvvikOppsett, handbok: Handbok) -> Opptelling:
    """Sum the file's rows per category × site × month; refuse it on a person, free text or a bad value."""
    require_columns(tabell, oppsett.kolonner, "avvik.kolonner")
    unused = refuse_personal(tabell, oppsett.kolonner)
    columns = [tabell.kolonne(name) for name in oppsett.kolonner]
    tall: Counter[Key] = Counter()
    unknown: Counter[str] = Counter()
    perioder: set[str] = set()
    for line, row in enumerate(tabell.rader, start=2):
        cells = [row[i] if i < len(row) else "" for i in columns]
        kategori, sted, periode = cells[0], _site(handbok, oppsett, cells[1], tabell.fil, line), _month(cells[2], tabell.fil, line)
        number = _count(cells[3], tabell.fil, line) if oppsett.antall else 1
        perioder.add(periode)
        slug = _category(handbok, oppsett, kategori)
        if slug is None:
            unknown[kategori] += number
        else:
            tall[slug, sted, periode] += number
    if not perioder:
        raise CsvRefused(f"{tabell.fil} har ingen rader under overskriftene. Eksporter på nytt med tall.")
    return Opptelling(tall, frozenset(perioder), unknown, tuple(unused))


def _site(handbok: Handbok, oppsett: AvvikOppsett, value: str, fil: str, line: int) -> str:
    if value in oppsett.tjenestesteder:
        return oppsett.tjenestesteder[value]
    for sted in handbok.plan.tjenestesteder:
        if value.casefold() in (sted.id, sted.navn.casefold()):
            return sted.id
    raise CsvRefused(f"{fil} linje {line}: enheten «{value}» er ikke et kjent tjenestested. Legg den til under "
                  f"avvik.tjenestesteder i handbok.yaml, f.eks. «{value}: {handbok.plan.tjenestesteder[0].id if handbok.plan.tjenestesteder else 'nord'}», "
                  "og importer på nytt. Ingenting er importert.")


def _category(handbok: Handbok, oppsett: AvvikOppsett, value: str) -> str | None:
    if value in oppsett.kategorier:
        return oppsett.kategorier[value]
    folded = value.casefold()
    known = {k for r in handbok.rutiner.values() for k in r.kategorier} | set(oppsett.kategorier.values())
    return folded if folded in known else None


def _month(value: str, fil: str, line: int) -> str:
    month = parse_month(value)
    if month is None:
        raise CsvRefused(f"{fil} linje {line}: «{value}» er ikke en måned eller dato jeg kan lese. Bruk f.eks. "
                      "2025-03, 03.2025, mars 2025 eller 15.03.2025. Ingenting er importert.")
    return month


def _count(value: str, fil: str, line: int) -> int:
    number = parse_count(value)
    if number is None:
        raise CsvRefused(f"{fil} linje {line}: antallet «{value}» er ikke et helt tall. Ingenting er importert.")
    return number


def merge(data: CommentedMap, opptelling: Opptelling, syntetisk: bool) -> None:
    """Replace the imported months' counts (every category and site), keep every other month."""
    if syntetisk:
        data["syntetisk"] = True
    perioder = sorted(set(data.get("perioder") or ()) | opptelling.perioder)
    data["perioder"] = [DoubleQuotedScalarString(p) for p in perioder]
    tall = data.setdefault("tall", CommentedMap())
    for sites in tall.values():
        for months in sites.values():
            for month in [m for m in months if m in opptelling.perioder]:
                del months[month]
    for (kategori, sted, periode), number in sorted(opptelling.tall.items()):
        months = tall.setdefault(kategori, CommentedMap()).setdefault(sted, CommentedMap())
        months[DoubleQuotedScalarString(periode)] = number
    for kategori in list(tall):
        for sted in list(tall[kategori]):
            _sort(tall[kategori][sted])
            if not tall[kategori][sted]:
                del tall[kategori][sted]
        if not tall[kategori]:
            del tall[kategori]


def _sort(months: CommentedMap) -> None:
    items = sorted(months.items())
    for key in list(months):
        del months[key]
    for key, value in items:
        months[key] = value


def summary(opptelling: Opptelling, fil: str) -> str:
    perioder = sorted(opptelling.perioder)
    total = sum(opptelling.tall.values())
    kategorier = {k for k, _, _ in opptelling.tall}
    steder = {s for _, s, _ in opptelling.tall}
    lines = [f"Importerte {antall(total, 'avvik', 'avvik')} fra {fil} til {AVVIK_FIL}: "
             f"{antall(len(kategorier), 'kategori', 'kategorier')}, {antall(len(steder), 'tjenestested', 'tjenestesteder')}, "
             f"{antall(len(perioder), 'måned', 'måneder')} ({perioder[0]}–{perioder[-1]}). Månedene i filen er erstattet; "
             "andre måneder står som før."]
    if opptelling.ukjente_kategorier:
        skipped = ", ".join(f"«{k}» ({n})" for k, n in sorted(opptelling.ukjente_kategorier.items()))
        lines.append(f"Ikke tatt med (kategorien er ikke knyttet til noen rutine): {skipped}. Legg dem under "
                     "avvik.kategorier i handbok.yaml og importer på nytt for å ta dem med.")
    if opptelling.ubrukte_kolonner:
        lines.append("Ikke brukt: kolonnene " + ", ".join(f"«{c}»" for c in opptelling.ubrukte_kolonner) + ".")
    return "\n".join(lines)
