"""Checks: one pass over a repository -> all findings and the model built from what is valid."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from .findings import Finding, sort_findings
from .loading import Corpus, load_corpus
from .model import Handbok, build_handbok
from .privacy import check_privacy
from .references import check_references
from .schema import check_schema
from .yamlread import Path_


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
    return CheckResult(corpus, handbok, sort_findings(findings))
