"""Checks: one pass over a repository -> all findings and the model built from what is valid."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from ..core.findings import Finding, sort_findings
from ..core.model import Handbok, Innstillinger
from ..source.assemble import build_handbok, build_innstillinger
from ..source.cache import Cache, text_key
from ..source.loading import DOCS, Corpus, Document, load_corpus
from ..source.siteconfig import MarkdownOppsett, markdown_oppsett
from ..source.yamlread import Path_
from .drafts import check_draft_gaps
from .ledger import check_ledger
from .links import check_links
from .lists import check_lists
from .placeholders import check_placeholders
from .privacy import check_privacy
from .references import Known, check_references
from .safety import check_safety, render
from .schema import check_schema
from .statchecks import check_statistics
from .vedlegg import Fil, check_vedlegg, vedlegg_filer


def _per_file(doc: Document, oppsett: MarkdownOppsett, innstillinger: Innstillinger,
              cache: Cache) -> tuple[list[tuple[Path_, Finding]], list[Finding]]:
    """The checks that depend on one file alone (plus the site's Markdown extensions and the privacy
    allow-list), memoised by content."""
    def compute() -> tuple[list[tuple[Path_, Finding]], list[Finding]]:
        body_html = render(doc.body, oppsett) if doc.body.strip() else ""  # once, for the safety and list checks
        return check_schema(doc), [*check_privacy(doc, innstillinger), *check_safety(doc, oppsett, body_html),
                                    *check_lists(doc, oppsett, body_html), *check_placeholders(doc),
                                    *check_draft_gaps(doc)]

    key = text_key(doc.digest, oppsett.nokkel, innstillinger.personvern_nokkel)
    return cache.get("sjekk", doc.fil, key, compute) if doc.digest else compute()


def _published(corpus: Corpus, attachments: list[Fil]) -> set[str]:
    """The handbook's files a body may link to: documents, everything in docs/ and the attachments."""
    docs = corpus.root / DOCS
    return {*(d.fil for d in corpus.rutiner + corpus.funksjoner), *(f.fil for f in attachments),
            *(p.relative_to(corpus.root).as_posix() for p in (docs.rglob("*") if docs.is_dir() else ())
              if p.is_file())}


def _settings(corpus: Corpus) -> Innstillinger:
    """handbok.yaml as settings when it is valid; the defaults otherwise (its findings come with the rest)."""
    doc = corpus.innstillinger
    if doc is None or doc.data is None or doc.findings or check_schema(doc):
        return Innstillinger()
    return build_innstillinger(doc.data)


@dataclass(frozen=True)
class CheckResult:
    corpus: Corpus
    handbok: Handbok
    findings: list[Finding]
    today: date

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
    oppsett, config_findings = markdown_oppsett(corpus.root)
    innstillinger = _settings(corpus)
    findings: list[Finding] = [*corpus.findings, *config_findings]
    bad: dict[str, list[Path_]] = defaultdict(list)
    for doc in corpus.documents:
        findings.extend(doc.findings)
        schema_pairs, private = _per_file(doc, oppsett, innstillinger, cache) if tekster else (check_schema(doc), [])
        for path, finding in schema_pairs:
            bad[doc.fil].append(path)
            findings.append(finding)
        findings.extend(private)
    handbok = build_handbok(corpus, bad, innstillinger)
    known = Known(corpus, handbok)
    findings.extend(check_references(corpus, handbok, today, known))
    findings.extend(check_ledger(corpus, handbok, known, today))
    attachments = vedlegg_filer(corpus.root)
    findings.extend(check_vedlegg(corpus, handbok, attachments))
    findings.extend(check_links(corpus, _published(corpus, attachments), cache))
    findings.extend(check_statistics(corpus, handbok))
    return CheckResult(corpus, handbok, sort_findings(findings), today)
