"""PR check: the working tree against the merge base -> findings for the rules every change must follow.

Two kinds of rules, one module each: `documents` (versions, change logs, approval dates, ids) and `plan`
(the implementeringsplan's history). `base` reads the merge base once for both.
"""

from __future__ import annotations

from ..findings import Finding
from ..loading import Corpus
from ..model import Handbok
from .base import read_base
from .documents import check_documents
from .plan import check_plan

__all__ = ["pr_findings"]


def pr_findings(corpus: Corpus, base_ref: str, handbok: Handbok) -> list[Finding]:
    base = read_base(corpus.root, base_ref)
    return [*check_documents(base, corpus, handbok), *check_plan(base, corpus.plan)]
