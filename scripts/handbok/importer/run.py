"""Importer: source files and folders -> new draft routines, written only when they check without errors."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path
from typing import Any, Callable

from ..checks.run import check_corpus
from ..source.cache import Cache
from ..source.loading import RUTINER, Corpus, load_corpus, parse_markdown
from ..source.writing import WriteRefused, create_exclusive
from .ansvar import slug
from .frontmatter import yaml_text
from .limits import OverGrensen, bounded
from .metadata import Kjente, Utkast, draft
from .reading import SUFFIXES, Unreadable, read_source

IMPORTERT, SAMME_TEKST, FINNES, IKKE_IMPORTERT = "importert", "samme-tekst", "finnes-allerede", "ikke-importert"
Fremdrift = Callable[[int, int, str], None]  # (number, of how many, the source) before each source is read


@dataclass
class Resultat:
    """What happened to one source file, for the report."""

    kilde: str
    status: str
    fil: str = ""
    grunn: str = ""
    arsak: str = ""  # why it was not imported, in a few words the summary counts by
    utkast: Utkast | None = None
    mangler: list[str] = field(default_factory=list)
    advarsler: list[str] = field(default_factory=list)


@dataclass
class _Kjoring:
    """What one run knows while it goes: the handbook's roles and sites, what is imported (by file and by
    text), the ids taken, and the drafts to check and write at the end."""

    kjente: Kjente
    filer: dict[str, tuple[str, str]]  # sha256 of a source file -> (the routine, the source in this run or "")
    tekster: dict[str, tuple[str, str]]  # text fingerprint -> (the routine, the source in this run or "")
    tatt: set[str]
    numre: dict[str, str]  # dokumentnummer -> the routine that has it
    til: str
    today: date
    utkast: list[tuple[Resultat, Utkast]] = field(default_factory=list)


def import_sources(root: Path, sources: list[Path], til: str, today: date, cache: Cache | None = None,
                   fremdrift: Fremdrift | None = None) -> list[Resultat]:
    corpus = load_corpus(root, cache)
    files, texts = _imported(corpus)
    taken = {d.stem for d in corpus.rutiner} | {p.stem for p in (root / til).glob("*.md")}
    numbers = {str(d.data["dokumentnummer"]): d.fil for d in corpus.rutiner if d.data and d.data.get("dokumentnummer")}
    run = _Kjoring(known(corpus), files, texts, taken, numbers, til, today)
    found = expand(sources)
    results: list[Resultat] = []
    for number, (path, shown) in enumerate(found, start=1):
        if fremdrift is not None:
            fremdrift(number, len(found), shown)
        results.append(_one(path, shown, run))
    _validate_and_write(root, corpus, run.utkast, today, cache)
    return _copies_follow(results)


def _one(path: Path, shown: str, run: _Kjoring) -> Resultat:
    try:
        kilde = bounded(read_source, path)
    except OverGrensen as error:
        return Resultat(shown, IKKE_IMPORTERT, grunn=str(error), arsak="over grensene")
    except (Unreadable, OSError) as error:
        return Resultat(shown, IKKE_IMPORTERT, grunn=_reason(error),
                        arsak=error.arsak if isinstance(error, Unreadable) else "kan ikke leses")
    if kilde.sha256 in run.filer:
        return _same(shown, *run.filer[kilde.sha256], "fil")
    utkast = draft(kilde, shown, run.kjente, run.today, run.tatt)
    if utkast.data["kilde"]["tekst_sha256"] in run.tekster:
        return _same(shown, *run.tekster[utkast.data["kilde"]["tekst_sha256"]], "tekst")
    target = f"{run.til}/{utkast.id}.md"
    _own_number(utkast, target, run.numre)
    run.tatt.add(utkast.id)
    run.filer[kilde.sha256] = (target, shown)
    run.tekster[utkast.data["kilde"]["tekst_sha256"]] = (target, shown)
    result = Resultat(shown, IMPORTERT, target, utkast=utkast)
    run.utkast.append((result, utkast))
    return result


def _same(shown: str, routine: str, source: str, what: str) -> Resultat:
    """The same file or text as a routine in the handbook, or as another source in this run."""
    if source:
        return Resultat(shown, SAMME_TEKST, routine, f"samme {what} som {source}, som blir {routine}")
    return Resultat(shown, FINNES, routine, f"samme {what} er importert før")


def _copies_follow(results: list[Resultat]) -> list[Resultat]:
    """A copy of a source that was not imported after all (its draft had errors) is not imported either."""
    refused = {r.fil: r for r in results if r.status == IKKE_IMPORTERT and r.fil}
    for r in results:
        original = refused.get(r.fil) if r.status == SAMME_TEKST else None
        if original is not None:
            r.status, r.arsak = IKKE_IMPORTERT, original.arsak
            r.grunn = f"samme tekst som {original.kilde}, som ikke ble importert"
            r.fil = ""
    return results


def _own_number(utkast: Utkast, target: str, numbers: dict[str, str]) -> None:
    """Two versions of one old document share its number: the second keeps it under `kilde`, not as its own."""
    number = utkast.data.get("dokumentnummer")
    if number is None:
        return
    if number in numbers:
        utkast.data["kilde"]["dokumentnummer"] = utkast.data.pop("dokumentnummer")
        utkast.merknader.append(f"Dokumentnummeret «{number}» har også {numbers[number]}; det står under kilde. "
                                "Er det samme rutine, slå dem sammen.")
    else:
        numbers[number] = target


def expand(sources: list[Path]) -> list[tuple[Path, str]]:
    """(file, its name in the report) for files as given, and for every importable file below a folder, sorted,
    leaving out hidden and Word lock files; a file in a folder is named by its path inside that folder."""
    files: dict[Path, str] = {}
    for source in sources:
        if source.is_dir():
            for p in sorted(source.rglob("*")):
                rel = p.relative_to(source)
                if p.is_file() and p.suffix.lower() in SUFFIXES and not any(part.startswith((".", "~$")) for part in rel.parts):
                    files.setdefault(p, rel.as_posix())
        else:
            files.setdefault(source, source.name)
    return list(files.items())


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


def _imported(corpus: Corpus) -> tuple[dict[str, tuple[str, str]], dict[str, tuple[str, str]]]:
    """The routines imported before, by their source file's fingerprint and by their text's."""
    files: dict[str, tuple[str, str]] = {}
    texts: dict[str, tuple[str, str]] = {}
    for doc in corpus.rutiner:
        kilde = (doc.data or {}).get("kilde")
        if isinstance(kilde, dict) and isinstance(kilde.get("sha256"), str):
            files[kilde["sha256"]] = (doc.fil, "")
        if isinstance(kilde, dict) and isinstance(kilde.get("tekst_sha256"), str):
            texts[kilde["tekst_sha256"]] = (doc.fil, "")
    return files, texts


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
            result.arsak = "ville hatt feil: " + ", ".join(sorted({f.kode for f in mine if f.alvor == "feil"}))
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
