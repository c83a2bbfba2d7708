"""Importer: source files and folders -> new draft routines, written only when they check without errors."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path
from typing import Any

from ..checks.run import check_corpus
from ..source.cache import Cache
from ..source.loading import RUTINER, Corpus, load_corpus, parse_markdown
from ..source.writing import WriteRefused, create_exclusive
from .ansvar import slug
from .frontmatter import yaml_text
from .metadata import Kjente, Utkast, draft
from .reading import SUFFIXES, Unreadable, read_source

IMPORTERT, FINNES, IKKE_IMPORTERT = "importert", "finnes-allerede", "ikke-importert"


@dataclass
class Resultat:
    """What happened to one source file, for the report."""

    kilde: str
    status: str
    fil: str = ""
    grunn: str = ""
    utkast: Utkast | None = None
    mangler: list[str] = field(default_factory=list)
    advarsler: list[str] = field(default_factory=list)


def import_sources(root: Path, sources: list[Path], til: str, today: date, cache: Cache | None = None) -> list[Resultat]:
    corpus = load_corpus(root, cache)
    kjente = known(corpus)
    imported = _imported(corpus)
    taken = {d.stem for d in corpus.rutiner} | {p.stem for p in (root / til).glob("*.md")}
    results: list[Resultat] = []
    drafts: list[tuple[Resultat, Utkast]] = []
    for path in expand(sources):
        shown = path.name
        try:
            kilde = read_source(path)
        except (Unreadable, OSError) as error:
            results.append(Resultat(shown, IKKE_IMPORTERT, grunn=_reason(error)))
            continue
        if kilde.sha256 in imported:
            results.append(Resultat(shown, FINNES, imported[kilde.sha256], "samme fil er importert før"))
            continue
        utkast = draft(kilde, shown, kjente, today)
        target = f"{til}/{utkast.id}.md"
        if utkast.id in taken:
            results.append(Resultat(shown, FINNES, target, "en rutine med samme id finnes; ingenting er overskrevet"))
            continue
        taken.add(utkast.id)
        imported[kilde.sha256] = target
        result = Resultat(shown, IMPORTERT, target, utkast=utkast)
        results.append(result)
        drafts.append((result, utkast))
    _validate_and_write(root, corpus, drafts, today, cache)
    return results


def expand(sources: list[Path]) -> list[Path]:
    """Files as given; folders as every importable file below them, sorted, leaving out hidden and Word lock files."""
    files: list[Path] = []
    for source in sources:
        if source.is_dir():
            files += sorted(p for p in source.rglob("*") if p.is_file() and p.suffix.lower() in SUFFIXES
                            and not any(part.startswith((".", "~$")) for part in p.relative_to(source).parts))
        else:
            files.append(source)
    return list(dict.fromkeys(files))


def known(corpus: Corpus) -> Kjente:
    roles: dict[str, str] = {}
    for doc in corpus.funksjoner:
        if doc.data:
            roles[doc.stem] = doc.stem
            roles.setdefault(slug(str(doc.data.get("tittel", ""))), doc.stem)
    settings = corpus.innstillinger.data if corpus.innstillinger and corpus.innstillinger.data else {}
    for role in _lighter_roles(settings.get("roller")):
        roles.setdefault(role, role)
    sites: dict[str, str] = {}
    plan = corpus.plan.data if corpus.plan and corpus.plan.data else {}
    for sted in plan.get("tjenestesteder") or ():
        if isinstance(sted, dict) and isinstance(sted.get("id"), str):
            sites[sted["id"]] = sted["id"]
            sites.setdefault(slug(str(sted.get("navn", ""))), sted["id"])
    roles.pop("", None)
    sites.pop("", None)
    return Kjente(roles, sites)


def _lighter_roles(declared: Any) -> list[str]:
    """Ids of the lighter roles handbok.yaml declares under `roller:` (a mapping by id, or a list of {id: …})."""
    if isinstance(declared, dict):
        return [str(k) for k in declared]
    if isinstance(declared, list):
        return [str(r["id"]) for r in declared if isinstance(r, dict) and "id" in r]
    return []


def _imported(corpus: Corpus) -> dict[str, str]:
    found: dict[str, str] = {}
    for doc in corpus.rutiner:
        kilde = (doc.data or {}).get("kilde")
        if isinstance(kilde, dict) and isinstance(kilde.get("sha256"), str):
            found[kilde["sha256"]] = doc.fil
    return found


def _reason(error: Exception) -> str:
    if isinstance(error, OSError):
        return f"filen kan ikke leses ({error.strerror or error})"
    return str(error)


def _validate_and_write(root: Path, corpus: Corpus, drafts: list[tuple[Resultat, Utkast]], today: date,
                        cache: Cache | None) -> None:
    """Check every new draft in one pass with the handbook; write those with no error, never over a file.
    A draft's pictures are written first (the check looks for its attachments) and removed again if the
    draft is not written."""
    drafts = [(result, utkast) for result, utkast in drafts if _write_pictures(root, result, utkast)]
    texts = {result.fil: yaml_text(utkast.data) + "\n" + utkast.tekst for result, utkast in drafts}
    docs = tuple(parse_markdown(text, f"{RUTINER}/{fil.rsplit('/', 1)[-1]}", "rutine") for fil, text in texts.items())
    findings = check_corpus(replace(corpus, rutiner=corpus.rutiner + docs), today, cache).findings if docs else []
    for result, utkast in drafts:
        rel = f"{RUTINER}/{result.fil.rsplit('/', 1)[-1]}"
        mine = [f for f in findings if f.fil == rel]
        errors = [f"{f.felt or 'teksten'}: {f.melding}" for f in mine if f.alvor == "feil"]
        result.mangler = [f.felt for f in mine if f.kode == "utkast-mangler-felt"]
        result.advarsler = [f"{f.felt or 'teksten'}: {f.melding}" for f in mine
                            if f.alvor == "advarsel" and f.kode != "utkast-mangler-felt"]
        if errors:
            result.status, result.grunn = IKKE_IMPORTERT, "utkastet ville hatt feil: " + " ".join(errors)
            _remove_pictures(root, utkast)
            continue
        target = root / result.fil
        target.parent.mkdir(parents=True, exist_ok=True)
        try:
            create_exclusive(target, texts[result.fil])
        except WriteRefused:
            result.status, result.grunn = FINNES, "filen ble laget av noen andre i mellomtiden; ingenting er overskrevet"
            _remove_pictures(root, utkast)


def _write_pictures(root: Path, result: Resultat, utkast: Utkast) -> bool:
    """Each picture as a new file in vedlegg/; False (and nothing left behind) when one is there already."""
    written: list[Path] = []
    for fil, data in utkast.bilder.items():
        target = root / fil
        target.parent.mkdir(parents=True, exist_ok=True)
        try:
            create_exclusive(target, data)
        except WriteRefused:
            for path in written:
                path.unlink()
            result.status, result.grunn = FINNES, f"{fil} finnes allerede; ingenting er overskrevet"
            return False
        written.append(target)
    return True


def _remove_pictures(root: Path, utkast: Utkast) -> None:
    for fil in utkast.bilder:
        (root / fil).unlink(missing_ok=True)
