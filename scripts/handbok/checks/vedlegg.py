"""Attachments: the handbook's vedlegg/ folder -> the files the site publishes there, and each routine's
`vedlegg` against them. What a published file may be, and what it must not hold, is `filer`'s job."""

from __future__ import annotations

from pathlib import Path
from typing import Iterator

from ..core.findings import Finding, feil
from ..core.model import Handbok
from ..source.loading import Corpus, files_below, published_below
from ..source.yamlread import field_name
from .filer import MAX_BYTES, TYPER, VEDLEGG as MAPPE, publiseres

__all__ = ["MAPPE", "MAX_BYTES", "TYPER", "check_vedlegg", "publiserte_vedlegg", "vedlegg_filer"]


def vedlegg_filer(root: Path) -> set[str]:
    """The repository-relative paths of everything below vedlegg/ (what a routine's `vedlegg` may name)."""
    return {path.relative_to(root).as_posix() for path in files_below(root, MAPPE)}


def publiserte_vedlegg(root: Path) -> list[Path]:
    """The attachments the site publishes, at the same path as in the handbook (vedlegg/…): only what
    `publiseres` lets through (the build's second wall; the check has refused the rest)."""
    return [path for path in published_below(root, MAPPE) if publiseres(root, path)]


def check_vedlegg(corpus: Corpus, handbok: Handbok, present: set[str]) -> Iterator[Finding]:
    """Each routine's `vedlegg` against the files in vedlegg/ (`present`, from `vedlegg_filer`)."""
    docs = {d.fil: d for d in corpus.rutiner}
    for rutine in handbok.rutiner.values():
        for i, vedlegg in enumerate(rutine.vedlegg):
            if vedlegg.fil not in present:
                path = ("vedlegg", i, "fil")
                yield feil("vedlegg-mangler", rutine.fil, docs[rutine.fil].line(*path), field_name(path),
                           f"Vedlegget {vedlegg.fil} finnes ikke. Legg filen i mappen {MAPPE}/, eller rett "
                           "stien (store og små bokstaver teller).")

