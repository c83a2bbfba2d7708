"""Layer 4, prcheck: the working tree against the merge base -> findings for the rules every change must follow.

Three kinds of rules, one module each: `documents` (versions, change logs, approval dates, ids), `plan` (sites
and questions are never deleted) and `ledger` (every site's history only grows). `base` reads the merge base
once for all; `summary` says what the change means for whom.
"""

from __future__ import annotations

from ..core.findings import Finding
from ..core.model import Handbok
from ..source.loading import Corpus
from .base import Base, read_base
from .documents import check_documents
from .ledger import check_ledger
from .plan import check_plan
from .summary import Oppsummering, summarise

__all__ = ["pr_findings", "pr_summary"]


def pr_findings(corpus: Corpus, base_ref: str, handbok: Handbok) -> list[Finding]:
    return _findings(read_base(corpus.root, base_ref), corpus, handbok)


def pr_summary(corpus: Corpus, base_ref: str, handbok: Handbok) -> tuple[list[Finding], Oppsummering]:
    """The findings and what the pull request changes for whom, from one read of the merge base."""
    base = read_base(corpus.root, base_ref)
    return _findings(base, corpus, handbok), summarise(base, corpus, handbok)


def _findings(base: Base, corpus: Corpus, handbok: Handbok) -> list[Finding]:
    return [*check_documents(base, corpus, handbok), *check_plan(base, corpus.plan),
            *check_ledger(base, corpus, handbok)]
