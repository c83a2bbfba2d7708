"""Checks: one pass over a repository -> all findings, over the model built from what is valid (`modell`)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from ..core.findings import Finding, sort_findings
from ..core.model import Handbok, Innstillinger
from ..core.status import Status
from ..source.cache import FINDINGS, Cache, text_key
from ..source.loading import DOCS, Corpus, Document, files_below, load_corpus
from ..source.siteconfig import MarkdownOppsett, markdown_oppsett
from .bekreftelser import check_receipts
from .drafts import check_draft_gaps
from .filer import check_filer
from .ledger import check_ledger
from .links import check_links
from .lists import check_lists
from .modell import Modell, model_of
from .nettsted import check_site_texts
from .placeholders import check_placeholders
from .privacy import check_privacy, godkjente_testnumre
from .references import Known, check_references
from .rendering_cost import check_rendering_cost
from .safety import check_safety, render
from .statchecks import check_statistics
from .vedlegg import check_vedlegg, vedlegg_filer


def _texts(doc: Document, oppsett: MarkdownOppsett, innstillinger: Innstillinger, cache: Cache) -> list[Finding]:
    """The checks of what one file's text becomes (plus the site's Markdown extensions and the privacy
    allow-list), memoised by content."""
    def compute() -> list[Finding]:
        rest = [*check_privacy(doc, innstillinger), *check_placeholders(doc), *check_draft_gaps(doc)]
        costly = check_rendering_cost(doc)
        if costly:  # refused before rendering: it would take minutes, or crash, here and in the build
            return [*costly, *rest]
        body_html = render(doc.body, oppsett) if doc.body.strip() else ""  # once, for the safety and list checks
        return [*check_safety(doc, oppsett, body_html), *check_lists(doc, oppsett, body_html), *rest]

    key = text_key(doc.digest, oppsett.nokkel, innstillinger.personvern_nokkel)
    return cache.get("sjekk", doc.fil, key, compute, FINDINGS) if doc.digest else compute()


def _published(corpus: Corpus, attachments: set[str]) -> set[str]:
    """The handbook's files a body may link to: documents, everything in docs/ and the attachments."""
    return {*(d.fil for d in corpus.rutiner + corpus.funksjoner), *attachments,
            *(p.relative_to(corpus.root).as_posix() for p in files_below(corpus.root, DOCS))}


@dataclass(frozen=True)
class CheckResult:
    """Every finding, and the model they were found in (its status derived once, when first asked for)."""

    modell: Modell
    findings: list[Finding]

    @property
    def corpus(self) -> Corpus:
        return self.modell.corpus

    @property
    def handbok(self) -> Handbok:
        return self.modell.handbok

    @property
    def today(self) -> date:
        return self.modell.today

    @property
    def status(self) -> Status:
        return self.modell.status

    @property
    def antall_feil(self) -> int:
        return sum(f.alvor == "feil" for f in self.findings)

    @property
    def antall_advarsler(self) -> int:
        return sum(f.alvor == "advarsel" for f in self.findings)


def check_repository(root: Path, today: date, cache: Cache | None = None, tekster: bool = True) -> CheckResult:
    return check_corpus(load_corpus(root, cache), today, cache, tekster)


def check_corpus(corpus: Corpus, today: date, cache: Cache | None = None, tekster: bool = True) -> CheckResult:
    """Every finding; without `tekster` only the data (schema, references, plan), not the published texts
    (rendering, safety, privacy, lists), which is what a report over many handbooks needs and 20× faster."""
    cache = cache or Cache(None)
    return check_model(model_of(corpus, today, cache), cache, tekster)


def check_model(modell: Modell, cache: Cache | None = None, tekster: bool = True) -> CheckResult:
    """The model's own findings (reading, schemas) and every other check over its documents and model."""
    cache = cache or Cache(None)
    corpus, handbok, today = modell.corpus, modell.handbok, modell.today
    oppsett, config_findings = markdown_oppsett(corpus.root)
    findings: list[Finding] = [*modell.findings, *config_findings]
    if tekster:
        for doc in corpus.documents:
            findings.extend(_texts(doc, oppsett, handbok.innstillinger, cache))
    known = Known(corpus, handbok)
    findings.extend(check_references(corpus, handbok, today, known))
    findings.extend(check_ledger(corpus, handbok, known, today))
    attachments = vedlegg_filer(corpus.root)
    findings.extend(check_vedlegg(corpus, handbok, attachments))
    if tekster:
        findings.extend(check_filer(corpus.root, godkjente_testnumre(handbok.innstillinger), cache))
        findings.extend(check_site_texts(corpus.root, handbok.innstillinger))
    findings.extend(check_links(corpus, _published(corpus, attachments), cache))
    findings.extend(check_statistics(corpus, handbok))
    findings.extend(check_receipts(corpus, handbok))
    return CheckResult(modell, sort_findings(findings))
