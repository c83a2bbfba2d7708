"""Competence counts: `handbok kompetanse importer FIL.csv --tjenestested X` — anonymous survey answers
(CSV from any forms tool, one row per answer, one column per area) -> counts per area × level for the
site in statistikk/kompetanse.yaml. No names are stored; a file with a person or free text is refused.
Importing a site again replaces its mapping."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

from ruamel.yaml.comments import CommentedMap, CommentedSeq

from ..checks.run import CheckResult
from ..core.formatting import antall
from ..core.statistikk import KOMPETANSE_FIL, MINSTE_GRUPPE, KompetanseOppsett
from ..source.cache import Cache
from .csvfile import CsvRefused, Tabell, read_table, refuse_personal
from .statwrite import StatisticsRefused, rewrite

HEADER = ("Kompetansekartlegging per tjenestested, importert med «handbok kompetanse importer».\n"
          "Bare antall svar per område og nivå (laveste nivå først): ingen navn. Områder med færre enn\n"
          f"{MINSTE_GRUPPE} svar vises aldri. Ikke rediger for hånd; importer på nytt.")
_LEADING_NUMBER = re.compile(r"(\d+)(?:[.,]0+)?(?:\s*[-–:.)]\s*.*|\s.*)?")


def importer_kompetanse(root: Path, today: date, csv_path: Path, sted: str, dato: date | None, syntetisk: bool,
                        cache: Cache | None = None) -> str:
    def change(before: CheckResult, data: CommentedMap) -> str:
        oppsett = _settings(before, sted)
        tabell = read_table(csv_path, [o.kolonne for o in oppsett.omrader])
        counts, missing, unused = count(tabell, oppsett)
        if syntetisk:
            data["syntetisk"] = True
        kartlegginger = data.setdefault("kartlegginger", CommentedMap())
        kartlegginger[sted] = CommentedMap([("dato", dato or today), ("antall_svar", len(tabell.rader)),
                                            ("omrader", CommentedMap((k, _flow(v)) for k, v in counts.items()))])
        return _summary(tabell, sted, counts, missing, unused)

    return rewrite(root, KOMPETANSE_FIL, "kompetanse", HEADER, today, cache, change)


def _settings(before: CheckResult, sted: str) -> KompetanseOppsett:
    oppsett = before.handbok.innstillinger.kompetanse
    if oppsett is None:
        raise StatisticsRefused("handbok.yaml har ikke noe kompetanse-skjema. Legg til nivåer og områder under "
                             "kompetanse i handbok.yaml (se README), og kjør «handbok sjekk».")
    if before.handbok.plan.sted(sted) is None:
        known = ", ".join(s.id for s in before.handbok.plan.tjenestesteder)
        raise StatisticsRefused(f"Tjenestestedet «{sted}» finnes ikke. Kjente tjenestesteder: {known}.")
    return oppsett


def count(tabell: Tabell, oppsett: KompetanseOppsett) -> tuple[dict[str, list[int]], list[str], list[str]]:
    """Answers per area and level; the areas missing from the file, and the columns not used."""
    present = [o for o in oppsett.omrader if o.kolonne in tabell.kolonner]
    if not present:
        wanted = ", ".join(f"«{o.kolonne}»" for o in oppsett.omrader)
        raise CsvRefused(f"{tabell.fil} har ingen kolonne for et kompetanseområde (leter etter {wanted}). Sjekk "
                      "kompetanse.omrader (navn eller kolonne) i handbok.yaml.")
    unused = refuse_personal(tabell, [o.kolonne for o in present])
    counts: dict[str, list[int]] = {}
    for omrade in present:
        levels = [0] * len(oppsett.nivaer)
        for line, value in tabell.verdier(omrade.kolonne):
            if value:
                levels[_level(value, oppsett, tabell.fil, line, omrade.kolonne) - 1] += 1
        counts[omrade.id] = levels
    return counts, [o.navn for o in oppsett.omrader if o not in present], unused


def _level(value: str, oppsett: KompetanseOppsett, fil: str, line: int, kolonne: str) -> int:
    """«3», «3 - Kan utføre med veiledning» or the level's own name -> 3."""
    if match := _LEADING_NUMBER.fullmatch(value):
        level = int(match.group(1))
    else:
        names = [n.casefold() for n in oppsett.nivaer]
        level = names.index(value.casefold()) + 1 if value.casefold() in names else 0
    if not 1 <= level <= len(oppsett.nivaer):
        raise CsvRefused(f"{fil} linje {line}, kolonnen «{kolonne}»: svaret er ikke et nivå fra 1 til "
                      f"{len(oppsett.nivaer)} eller navnet på et nivå. Ingenting er importert.")
    return level


def _flow(values: list[int]) -> CommentedSeq:
    seq = CommentedSeq(values)
    seq.fa.set_flow_style()
    return seq


def _summary(tabell: Tabell, sted: str, counts: dict[str, list[int]], missing: list[str], unused: list[str]) -> str:
    small = [k for k, v in counts.items() if sum(v) < MINSTE_GRUPPE]
    lines = [f"Importerte {antall(len(tabell.rader), 'svar', 'svar')} for {sted} fra {tabell.fil} til {KOMPETANSE_FIL} "
             f"({antall(len(counts), 'område', 'områder')}). Bare antall per nivå er lagret; ingen navn."]
    if small:
        lines.append(f"Færre enn {MINSTE_GRUPPE} svar (vises ikke på sidene): {', '.join(small)}.")
    if missing:
        lines.append(f"Ikke med i filen: {', '.join(missing)}.")
    if unused:
        lines.append("Ikke brukt: kolonnene " + ", ".join(f"«{c}»" for c in unused) + ".")
    return "\n".join(lines)
