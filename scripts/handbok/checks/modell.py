"""Model: a repository -> the typed Handbok built from every part without a schema error, and its status.

What a command needs that reports on the handbook (status, pages, tilsyn, region, the recording rules):
load (each file parsed once, cached) -> schema validity per file (cached) -> assemble. None of the other
checks run here; `run.check_corpus` builds on this and adds them. The status is derived once, when it is
first asked for, and handed on from there.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import cached_property
from pathlib import Path
from typing import Mapping

from ..core.findings import Finding, finding_from_json
from ..core.model import Handbok, Innstillinger
from ..core.status import Status, beregn_status
from ..source.assemble import build_handbok, build_innstillinger
from ..source.cache import Cache, Codec
from ..source.loading import Corpus, Document, load_corpus
from ..source.yamlread import Path_
from .schema import check_schema

SchemaFindings = tuple[tuple[Path_, Finding], ...]  # each schema error with the path of the part it leaves out
SCHEMA_FINDINGS: Codec[SchemaFindings] = Codec(
    lambda pairs: [[list(path), f.as_json()] for path, f in pairs],
    lambda data: tuple((tuple(path), finding_from_json(f)) for path, f in data))


@dataclass(frozen=True)
class Modell:
    """One handbook as read on `today`: its documents, the schema errors per file, and the model of the rest."""

    corpus: Corpus
    skjemafeil: Mapping[str, SchemaFindings]  # file -> its schema errors (only files that have some)
    handbok: Handbok
    today: date

    @cached_property
    def status(self) -> Status:
        """The derived status (core.status), computed the first time it is asked for, then the same object."""
        return beregn_status(self.handbok, self.today)

    @property
    def findings(self) -> list[Finding]:
        """What reading and the schemas found: the problems that leave a file or a part out of the model."""
        return [*self.corpus.findings, *(f for doc in self.corpus.documents for f in doc.findings),
                *(f for pairs in self.skjemafeil.values() for _, f in pairs)]

    @property
    def antall_feil(self) -> int:
        return sum(f.alvor == "feil" for f in self.findings)


def load_model(root: Path, today: date, cache: Cache | None = None) -> Modell:
    return model_of(load_corpus(root, cache), today, cache)


def model_of(corpus: Corpus, today: date, cache: Cache | None = None) -> Modell:
    """The model of everything that is schema-valid, with the schema errors that left the rest out."""
    cache = cache or Cache(None)
    skjemafeil = {doc.fil: pairs for doc in corpus.documents if (pairs := _schema(doc, cache))}
    innstillinger = _settings(corpus.innstillinger, skjemafeil)
    bad = {fil: [path for path, _ in pairs] for fil, pairs in skjemafeil.items()}
    return Modell(corpus, skjemafeil, build_handbok(corpus, bad, innstillinger), today)


def _schema(doc: Document, cache: Cache) -> SchemaFindings:
    """The file's schema errors, memoised by its content (a file that could not be read has no digest)."""
    def compute() -> SchemaFindings:
        return tuple(check_schema(doc))

    return cache.get("skjema", doc.fil, doc.digest, compute, SCHEMA_FINDINGS) if doc.digest else compute()


def _settings(doc: Document | None, skjemafeil: Mapping[str, SchemaFindings]) -> Innstillinger:
    """handbok.yaml as settings when it is valid; the defaults otherwise (its findings come with the rest)."""
    if doc is None or doc.data is None or doc.findings or doc.fil in skjemafeil:
        return Innstillinger()
    return build_innstillinger(doc.data)
