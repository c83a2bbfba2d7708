"""Checks: one pass over a repository -> all findings and the model built from what is valid."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Iterator

from ..core.findings import Finding, advarsel, finding_from_json, sort_findings
from ..core.formatting import dato
from ..core.model import Handbok, Innstillinger
from ..core.status import uevaluerte
from ..source.assemble import build_handbok, build_innstillinger
from ..source.cache import Cache, Codec, Json, text_key
from ..source.loading import DOCS, Corpus, Document, files_below, load_corpus
from ..source.siteconfig import MarkdownOppsett, markdown_oppsett
from ..source.yamlread import Path_, field_name
from .bekreftelser import check_receipts
from .drafts import check_draft_gaps
from .filer import check_filer
from .links import check_links
from .nettsted import check_site_texts
from .lists import check_lists
from .placeholders import check_placeholders
from .privacy import check_privacy, godkjente_testnumre
from .rendering_cost import check_rendering_cost
from .references import check_references
from .safety import check_safety, render
from .schema import check_schema
from .statchecks import check_statistics
from .vedlegg import check_vedlegg, vedlegg_filer


def _missing_evaluations(corpus: Corpus, handbok: Handbok, today: date) -> Iterator[Finding]:
    """Warn where a site's next evaluation is overdue: the first (`mangler-evaluering`) or a later checkpoint
    (`evaluering-forfalt`), as the phase or the plan sets them."""
    if corpus.plan is None:
        return
    for cell in uevaluerte(handbok, today):
        if cell.registrering and cell.registrering.dato and cell.neste_evaluering:
            path = ("implementering", cell.sted, cell.rutine)
            how = f"Evaluer med det felles skjemaet: handbok evaluer {cell.sted} {cell.rutine} --svar …"
            if cell.antall_evalueringer:
                yield advarsel("evaluering-forfalt", corpus.plan.fil, corpus.plan.line(*path), field_name(path),
                               f"Evaluering nummer {cell.antall_evalueringer + 1} skulle vært gjort innen "
                               f"{dato(cell.neste_evaluering)} (implementert {dato(cell.registrering.dato)}, "
                               f"{cell.antall_evalueringer} evaluert). {how}")
            else:
                yield advarsel("mangler-evaluering", corpus.plan.fil, corpus.plan.line(*path), field_name(path),
                               f"Implementert {dato(cell.registrering.dato)}, men ikke evaluert innen "
                               f"{dato(cell.neste_evaluering)}. {how}")


def _per_file(doc: Document, oppsett: MarkdownOppsett, innstillinger: Innstillinger,
              cache: Cache) -> tuple[list[tuple[Path_, Finding]], list[Finding]]:
    """The checks that depend on one file alone (plus the site's Markdown extensions and the privacy
    allow-list), memoised by content."""
    def compute() -> tuple[list[tuple[Path_, Finding]], list[Finding]]:
        rest = [*check_privacy(doc, innstillinger), *check_placeholders(doc), *check_draft_gaps(doc)]
        costly = check_rendering_cost(doc)
        if costly:  # refused before rendering: it would take minutes, or crash, here and in the build
            return check_schema(doc), [*costly, *rest]
        body_html = render(doc.body, oppsett) if doc.body.strip() else ""  # once, for the safety and list checks
        return check_schema(doc), [*check_safety(doc, oppsett, body_html), *check_lists(doc, oppsett, body_html),
                                    *rest]

    key = text_key(doc.digest, oppsett.nokkel, innstillinger.personvern_nokkel)
    return cache.get("sjekk", doc.fil, key, compute, PER_FILE) if doc.digest else compute()


def _per_file_from_json(data: Json) -> tuple[list[tuple[Path_, Finding]], list[Finding]]:
    pairs, findings = data
    return [(tuple(path), finding_from_json(f)) for path, f in pairs], [finding_from_json(f) for f in findings]


PER_FILE = Codec(lambda value: [[[list(path), f.as_json()] for path, f in value[0]], [f.as_json() for f in value[1]]],
                 _per_file_from_json)


def _published(corpus: Corpus, attachments: set[str]) -> set[str]:
    """The handbook's files a body may link to: documents, everything in docs/ and the attachments."""
    return {*(d.fil for d in corpus.rutiner + corpus.funksjoner), *attachments,
            *(p.relative_to(corpus.root).as_posix() for p in files_below(corpus.root, DOCS))}


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
    findings.extend(check_references(corpus, handbok, today))
    attachments = vedlegg_filer(corpus.root)
    findings.extend(check_vedlegg(corpus, handbok, attachments))
    if tekster:
        findings.extend(check_filer(corpus.root, godkjente_testnumre(innstillinger), cache))
        findings.extend(check_site_texts(corpus.root, innstillinger))
    findings.extend(check_links(corpus, _published(corpus, attachments), cache))
    findings.extend(_missing_evaluations(corpus, handbok, today))
    findings.extend(check_statistics(corpus, handbok))
    findings.extend(check_receipts(corpus, handbok))
    return CheckResult(corpus, handbok, sort_findings(findings), today)
