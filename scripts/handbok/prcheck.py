"""PR check: the working tree against the merge base -> findings for the rules every change must follow."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterator

from . import git
from .findings import Finding, advarsel, feil
from .loading import FOLDERS, Corpus, Document, parse_markdown
from .model import Handbok, Versjon

_VERSION_BEARING = ("ansvar", "gjelder_for")


@dataclass(frozen=True)
class BaseFile:
    fil: str
    data: dict[str, Any] | None
    body: str


def pr_findings(corpus: Corpus, base_ref: str, handbok: Handbok) -> list[Finding]:
    base = read_base(corpus.root, base_ref)
    current = {d.fil: d for d in corpus.documents if d.kind != "plan"}
    findings: list[Finding] = []
    for fil, old in sorted(base.items()):
        new = current.get(fil)
        if new is None:
            findings.append(_deleted(fil, old))
        else:
            findings.extend(_compare(old, new, handbok))
    return findings


def read_base(root: Path, base_ref: str) -> dict[str, BaseFile]:
    """Every routine and role file at the merge base of `base_ref` and HEAD (one `git cat-file` for all),
    keyed by its NFC path like the loader's, so a name committed in NFD is not taken for a deleted file."""
    merge_base = git.merge_base(root, base_ref)
    listing = git.ls_tree(root, merge_base, [f"{f}/" for f in FOLDERS])
    paths = [path for kind, path in listing if kind == "blob" and path.endswith(".md")]
    files: dict[str, BaseFile] = {}
    for path, text in zip(paths, git.read_blobs(root, [(merge_base, path) for path in paths])):
        fil = unicodedata.normalize("NFC", path)
        doc = parse_markdown(text or "", fil, FOLDERS[fil.split("/", 1)[0]])
        files[fil] = BaseFile(fil, doc.data, doc.body)
    return files


def _deleted(fil: str, old: BaseFile) -> Finding:
    what = "rutinen" if fil.startswith("rutiner/") else "funksjonsbeskrivelsen"
    return feil("pr-slettet-fil", fil, None, "",
                f"Filen er slettet eller har fått nytt navn. Ingenting skal forsvinne fra håndboka: legg filen "
                f"tilbake og sett dokumentstatus: utgaatt (og erstattet_av: «ny id») hvis {what} ikke lenger "
                "gjelder.")


def _compare(old: BaseFile, new: Document, handbok: Handbok) -> Iterator[Finding]:
    if old.data is None or new.data is None:
        return  # a file that cannot be read is reported by `handbok sjekk`
    old_id, new_id = old.data.get("id"), new.data.get("id")
    if old_id != new_id:
        yield feil("pr-endret-id", new.fil, new.line("id"), "id",
                   f"id er endret fra «{old_id}» til «{new_id}». En id kan aldri endres, fordi lenker, planen og "
                   "historikken bruker den. Sett id tilbake; lag heller en ny rutine og sett denne som utgaatt.")
    if new.kind != "rutine":
        return
    old_v, new_v = _version(old.data), _version(new.data)
    if old_v is None or new_v is None:
        return
    if new_v < old_v:
        yield feil("pr-versjon-ned", new.fil, new.line("versjon"), "versjon",
                   f"versjon er satt ned fra {old.data['versjon']} til {new.data['versjon']}. En versjon går "
                   "aldri ned; øk den fra det den var.")
        return
    changed = _changed_parts(old, new)
    if changed and new_v == old_v:
        yield feil("pr-mangler-versjonsokning", new.fil, new.line("versjon"), "versjon",
                   f"{_join(changed)} er endret, men versjon er fortsatt {new.data['versjon']}. Øk versjon til "
                   f"\"{old_v.major}.{old_v.minor + 1}\" for språklige endringer eller \"{old_v.major + 1}.0\" når "
                   "praksis endres, og "
                   "legg til en linje i endringslogg for den nye versjonen.")
    if new_v > old_v:
        yield from _bumped(old, new, new_v, old_v, handbok)


def _bumped(old: BaseFile, new: Document, new_v: Versjon, old_v: Versjon,
            handbok: Handbok) -> Iterator[Finding]:
    assert old.data is not None and new.data is not None
    versjon = new.data["versjon"]
    log = new.data.get("endringslogg")
    if not isinstance(log, list):
        log = []
    if not any(isinstance(e, dict) and e.get("versjon") == versjon for e in log):
        yield feil("pr-mangler-endringslogg", new.fil, new.line("endringslogg"), "endringslogg",
                   f"Versjon {versjon} mangler i endringslogg. Legg til "
                   f'{{versjon: "{versjon}", dato: ÅÅÅÅ-MM-DD, endring: "Hva som er endret og hvorfor"}}.')
    if new_v.er_major_endring_fra(old_v):
        if new.data.get("godkjent_dato") == old.data.get("godkjent_dato"):
            yield feil("pr-major-uten-godkjent-dato", new.fil, new.line("godkjent_dato"), "godkjent_dato",
                       f"Ny MAJOR-versjon {versjon}, men godkjent_dato er uendret "
                       f"({new.data.get('godkjent_dato')}). Sett datoen implementeringsteamet godkjente endringen.")
        rutine_id = new.data.get("id")
        sites = sorted(sted for sted, records in handbok.plan.implementering.items()
                       if (r := records.get(str(rutine_id))) and r.status.ferdig)
        affected = f" Dette gjelder nå: {', '.join(sites)}." if sites else ""
        yield advarsel("pr-major-reimplementering", new.fil, new.line("versjon"), "versjon",
                       f"MAJOR-endring ({old.data['versjon']} → {versjon}): alle tjenestesteder som har implementert "
                       f"rutinen, må implementere den på nytt.{affected}")


def _changed_parts(old: BaseFile, new: Document) -> list[str]:
    assert old.data is not None and new.data is not None
    parts = [key for key in _VERSION_BEARING if old.data.get(key) != new.data.get(key)]
    if _normalise(old.body) != _normalise(new.body):
        parts.insert(0, "teksten")
    return parts


def _normalise(body: str) -> str:
    return "\n".join(line.rstrip() for line in body.strip().split("\n"))


def _version(data: dict[str, Any]) -> Versjon | None:
    try:
        return Versjon.parse(str(data.get("versjon")))
    except ValueError:
        return None


def _join(parts: list[str]) -> str:
    text = ", ".join(parts[:-1]) + (" og " if len(parts) > 1 else "") + parts[-1]
    return text[0].upper() + text[1:]
