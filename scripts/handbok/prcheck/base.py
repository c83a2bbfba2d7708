"""PR check: the files as they were at the merge base, read in one `git cat-file`, and the shared helpers."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterator

from ..checks.vedlegg import MAPPE as VEDLEGG
from ..core.findings import Finding, feil
from ..core.model import Handbok, Tjenestested, Versjon
from ..core.status import ma_oppdateres
from ..source import git
from ..source.loading import FOLDERS, IMPLEMENTERING, PLAN, Document, parse_markdown, parse_plan, parse_settings


@dataclass(frozen=True)
class Base:
    """The merge base's routines and role descriptions (keyed by NFC path), its plan (None: no plan), its
    sites' history files, and the attachments changed since (NFC paths)."""

    documents: dict[str, Document]
    plan: Document | None
    historikk: tuple[Document, ...] = ()
    endrede_vedlegg: frozenset[str] = frozenset()


def read_base(root: Path, base_ref: str) -> Base:
    """Every routine, role file and the plan at the merge base of `base_ref` and HEAD, keyed by NFC path
    like the loader's, so a name committed in NFD is not taken for a deleted file."""
    merge_base = git.merge_base(root, base_ref)
    listing = git.ls_tree(root, merge_base, [*(f"{f}/" for f in FOLDERS), PLAN, f"{IMPLEMENTERING}/"])
    paths = [path for kind, path in listing if kind == "blob" and (path == PLAN or path.endswith(".md") or (
        path.startswith(f"{IMPLEMENTERING}/") and path.endswith(".yaml") and path.count("/") == 1))]
    documents: dict[str, Document] = {}
    plan: Document | None = None
    historikk: list[Document] = []
    for path, text in zip(paths, git.read_blobs(root, [(merge_base, path) for path in paths])):
        fil = unicodedata.normalize("NFC", path)
        if fil == PLAN:
            plan = parse_plan(text or "", fil)
        elif fil.startswith(f"{IMPLEMENTERING}/"):
            historikk.append(parse_settings(text or "", fil, "historikk"))
        else:
            documents[fil] = parse_markdown(text or "", fil, FOLDERS[fil.split("/", 1)[0]])
    vedlegg = frozenset(unicodedata.normalize("NFC", path) for path in git.changed_since(root, merge_base, [VEDLEGG]))
    return Base(documents, plan, tuple(historikk), vedlegg)


def unreadable(old: Document | None, new: Document) -> Iterator[Finding]:
    """An error when the file cannot be read now or could not be read at the merge base: pr-sjekk cannot
    compare it, so its rules cannot be shown to hold and the check must not say «Alt i orden»."""
    if new.data is None:
        linje = next((f.linje for f in new.findings if f.linje), None)
        yield feil("pr-uleselig-fil", new.fil, linje, "",
                   "Filen kan ikke leses (se «handbok sjekk» for hva som er galt), så pr-sjekk kan ikke kontrollere "
                   "at endringen følger reglene. Rett filen og kjør pr-sjekk på nytt.")
    elif old is not None and old.data is None:
        yield feil("pr-uleselig-fil", new.fil, 1, "",
                   "Filen kunne ikke leses i grenen det flettes inn i, så pr-sjekk kan ikke sammenligne med det som "
                   "var godkjent. Rett bare formatet i en egen pull request (samme innhold, versjon og "
                   "endringslogg), og la implementeringsteamet kontrollere den for hånd før den flettes.")


@dataclass(frozen=True)
class Lost:
    """An entry of an append-only list that is no longer there as it was."""

    index: int  # its place in the old list
    entry: Any
    changed: bool  # True: another entry took its place (edited); False: removed


def lost_entries(old: list[Any], new: list[Any]) -> Iterator[Lost]:
    """The old entries the new list no longer holds unchanged. An entry whose place is now held by one that
    was not in the old list counts as changed; otherwise it was removed. New entries may be appended."""
    for i, entry in enumerate(old):
        if entry not in new:
            yield Lost(i, entry, i < len(new) and new[i] not in old)


def version_of(data: dict[str, Any]) -> Versjon | None:
    """A document's version as written in its front matter; None when it cannot be read."""
    try:
        return Versjon.parse(str(data.get("versjon")))
    except ValueError:
        return None


def sites_to_redo(handbok: Handbok, dokument_id: str, ny: Versjon) -> tuple[Tjenestested, ...]:
    """The active sites that must implement the document again once it is at version `ny` (status's rule)."""
    return tuple(sted for sted in handbok.plan.aktive_steder
                 if ma_oppdateres(handbok.plan.registrering(sted.id, dokument_id), ny))


def as_list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def as_dict(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}
