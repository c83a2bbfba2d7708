"""Checks: one pass over a repository -> all findings and the model built from what is valid."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Iterator

from .findings import Finding, advarsel, sort_findings
from .loading import Corpus, load_corpus
from .model import Handbok, build_handbok
from .privacy import check_privacy
from .references import check_references
from .schema import check_schema
from .status import beregn_status
from .yamlread import Path_, field_name


def _missing_evaluations(corpus: Corpus, handbok: Handbok, today: date) -> Iterator[Finding]:
    """Warn where a site implemented a routine long ago and never evaluated it (days set in the plan)."""
    if corpus.plan is None:
        return
    days = handbok.plan.evaluering_innen_dager
    for sted in beregn_status(handbok, today).steder:
        for cell in sted.celler:
            if cell.mangler_evaluering and cell.registrering and cell.registrering.dato:
                path = ("implementering", sted.sted.id, cell.rutine)
                yield advarsel("mangler-evaluering", corpus.plan.fil, corpus.plan.line(*path), field_name(path),
                               f"Implementert {cell.registrering.dato.isoformat()}, men ikke evaluert etter {days} "
                               f"dager. Evaluer med det felles skjemaet: handbok evaluer {sted.sted.id} "
                               f"{cell.rutine} --svar …")


@dataclass(frozen=True)
class CheckResult:
    corpus: Corpus
    handbok: Handbok
    findings: list[Finding]

    @property
    def antall_feil(self) -> int:
        return sum(f.alvor == "feil" for f in self.findings)

    @property
    def antall_advarsler(self) -> int:
        return sum(f.alvor == "advarsel" for f in self.findings)


def check_repository(root: Path, today: date) -> CheckResult:
    return check_corpus(load_corpus(root), today)


def check_corpus(corpus: Corpus, today: date) -> CheckResult:
    findings: list[Finding] = list(corpus.findings)
    bad: dict[str, list[Path_]] = defaultdict(list)
    for doc in corpus.documents:
        findings.extend(doc.findings)
        for path, finding in check_schema(doc):
            bad[doc.fil].append(path)
            findings.append(finding)
    handbok = build_handbok(corpus, bad)
    findings.extend(check_references(corpus, handbok, today))
    findings.extend(check_privacy(corpus))
    findings.extend(_missing_evaluations(corpus, handbok, today))
    return CheckResult(corpus, handbok, sort_findings(findings))
