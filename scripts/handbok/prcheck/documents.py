"""PR check, documents: each routine and role description against its text at the merge base."""

from __future__ import annotations

from datetime import date
from typing import Any, Iterator

from ..core.findings import Finding, advarsel, feil
from ..core.model import Handbok, Versjon
from ..source.loading import Corpus, Document
from ..source.yamlread import field_name
from .base import Base, as_list, lost_entries, sites_to_redo, unreadable, version_of

# What a routine *states* may only change with a new version, because a site implements a version:
# the body; `tittel` (how staff find and cite it); `ansvar` (who does what); `gjelder_for` (where it
# applies); `hjemmel` (the legal basis it rests on); `dokumentstatus` (whether it is in force at all).
# Not version-bearing, on purpose: `kategorier` and `sammendrag` only file and present the routine in
# lists; `eier`, `godkjent_av` and `revideres_innen` are administration (a review that changes nothing
# moves `revideres_innen` without a bump); `erstattet_av` follows a status change, which needs a bump
# of its own; `dokumentnummer`, `malgruppe`, `vedlegg` and `relaterte` point elsewhere.
VERSION_BEARING = ("tittel", "ansvar", "gjelder_for", "hjemmel", "dokumentstatus")

# What a role description states: the same rules as a routine's, once it has a version. A role without a
# version (a file from before they were versioned) only gets a warning when what the role is changes.
ROLE_VERSION_BEARING = ("tittel", "formaal", "ansvar", "kompetansekrav", "rapporterer_til", "dokumentstatus")
ROLE_STATEMENTS = ("tittel", "formaal", "ansvar")


def check_documents(base: Base, corpus: Corpus, handbok: Handbok) -> Iterator[Finding]:
    current = {d.fil: d for d in (*corpus.rutiner, *corpus.funksjoner)}
    for fil, old in sorted(base.documents.items()):
        new = current.get(fil)
        if new is None:
            yield _deleted(fil)
        else:
            yield from _compare(old, new, handbok)
            yield from _attachments(old, new, handbok, base.endrede_vedlegg)
    for fil, new in sorted(current.items()):
        if fil not in base.documents:
            yield from unreadable(None, new)


def _attachments(old: Document, new: Document, handbok: Handbok, changed: frozenset[str]) -> Iterator[Finding]:
    """An attachment is part of the routine that names it (a form, a chart staff follow): swapping its file
    changes what the routine says, so it needs a new version and a change-log line like a changed text."""
    rutine = next((r for r in handbok.rutiner.values() if r.fil == new.fil), None)
    if rutine is None or old.data is None or new.data is None:
        return
    old_v, new_v = version_of(old.data), version_of(new.data)
    if old_v is None or new_v is None or new_v > old_v:
        return  # an unreadable version is `_version_rules`' finding; a bumped one needs its log line there
    for i, vedlegg in enumerate(rutine.vedlegg):
        if vedlegg.fil in changed:
            path = ("vedlegg", i, "fil")
            yield feil("pr-vedlegg-uten-versjonsokning", new.fil, new.line(*path), field_name(path),
                       f"Vedlegget {vedlegg.fil} er endret, men versjon er fortsatt {new_v}. Et vedlegg er en del av "
                       f"rutinen: øk versjon til \"{old_v.major}.{old_v.minor + 1}\" (eller \"{old_v.major + 1}.0\" "
                       "når praksis endres), og legg til en linje i endringslogg som sier hva som er endret i "
                       "vedlegget.")


def _deleted(fil: str) -> Finding:
    what = "rutinen" if fil.startswith("rutiner/") else "funksjonsbeskrivelsen"
    return feil("pr-slettet-fil", fil, None, "",
                f"Filen er slettet eller har fått nytt navn. Ingenting skal forsvinne fra håndboka: legg filen "
                f"tilbake og sett dokumentstatus: utgaatt (og erstattet_av: «ny id») hvis {what} ikke lenger "
                "gjelder.")


def _compare(old: Document, new: Document, handbok: Handbok) -> Iterator[Finding]:
    problems = list(unreadable(old, new))
    if problems:
        yield from problems
        return
    assert old.data is not None and new.data is not None
    old_id, new_id = old.data.get("id"), new.data.get("id")
    if old_id != new_id:
        yield feil("pr-endret-id", new.fil, new.line("id"), "id",
                   f"id er endret fra «{old_id}» til «{new_id}». En id kan aldri endres, fordi lenker, planen og "
                   "historikken bruker den. Sett id tilbake; lag heller en ny rutine og sett denne som utgaatt.")
    if new.kind == "rutine" or "versjon" in old.data:
        yield from _changelog(old.data, new)
        yield from _approval_date(old.data, new)
        yield from _version_rules(old, new, handbok)
    elif "versjon" not in new.data:
        yield from _role_changes(old.data, new)
    # A role description given its first version: nothing was approved before to compare with.


def _changelog(old: dict[str, Any], new: Document) -> Iterator[Finding]:
    """endringslogg is append-only: an entry that was there is never edited or removed."""
    assert new.data is not None
    for lost in lost_entries(as_list(old.get("endringslogg")), as_list(new.data.get("endringslogg"))):
        entry = lost.entry if isinstance(lost.entry, dict) else {}
        what = f"Linjen for versjon {entry.get('versjon')} ({entry.get('dato')}) i endringslogg"
        if lost.changed:
            yield feil("pr-endret-endringslogg", new.fil, new.line("endringslogg", lost.index),
                       f"endringslogg[{lost.index}]",
                       f"{what} er endret. Endringsloggen er historikk og endres aldri: sett linjen tilbake slik "
                       f"den var («{entry.get('endring')}»), og skriv heller en ny linje nederst.")
        else:
            yield feil("pr-slettet-endringslogg", new.fil, new.line("endringslogg"), "endringslogg",
                       f"{what} er fjernet. Endringsloggen er historikk og slettes aldri fra: legg linjen tilbake "
                       f"(«{entry.get('endring')}»); nye linjer legges til nederst.")


def _approval_date(old: dict[str, Any], new: Document) -> Iterator[Finding]:
    """godkjent_dato never moves back: an approval that happened does not un-happen."""
    assert new.data is not None
    before, raw = _date(old.get("godkjent_dato")), new.data.get("godkjent_dato")
    now = _date(raw)
    if before is None or (now is not None and now >= before) or (raw not in (None, "") and now is None):
        return  # a date that cannot be read is reported by `handbok sjekk`
    if now is None and _major_bump(old, new.data):
        return  # left empty for the team to set in the review: `_major` judges it
    change = f"flyttet bakover fra {before} til {now}" if now else f"fjernet (den var {before})"
    yield feil("pr-godkjent-dato-bakover", new.fil, new.line("godkjent_dato"), "godkjent_dato",
               f"godkjent_dato er {change}. Godkjenningsdatoen går aldri bakover: sett den tilbake til {before}, "
               "eller til datoen implementeringsteamet godkjente denne endringen.")


def _version_rules(old: Document, new: Document, handbok: Handbok) -> Iterator[Finding]:
    assert old.data is not None and new.data is not None
    old_v, new_v = version_of(old.data), version_of(new.data)
    if old_v is None or new_v is None:
        where = "i grenen det flettes inn i" if old_v is None else "nå"
        yield feil("pr-uleselig-versjon", new.fil, new.line("versjon"), "versjon",
                   f"versjon kan ikke leses {where}, så pr-sjekk kan ikke kontrollere versjonsreglene. Skriv "
                   'versjon som "MAJOR.MINOR" i anførselstegn, f.eks. "1.2".')
        return
    if new_v < old_v:
        yield feil("pr-versjon-ned", new.fil, new.line("versjon"), "versjon",
                   f"versjon er satt ned fra {old_v} til {new_v}. En versjon går aldri ned; øk den fra det den var.")
        return
    changed = _changed_parts(old, new)
    if changed and new_v == old_v:
        yield feil("pr-mangler-versjonsokning", new.fil, new.line("versjon"), "versjon",
                   f"{_join(changed)} er endret, men versjon er fortsatt {new_v}. Øk versjon til "
                   f"\"{old_v.major}.{old_v.minor + 1}\" for språklige endringer eller \"{old_v.major + 1}.0\" når "
                   "praksis endres, og legg til en linje i endringslogg for den nye versjonen.")
    if new_v > old_v:
        yield from _bumped(old, new, new_v, old_v, handbok)


def _bumped(old: Document, new: Document, new_v: Versjon, old_v: Versjon, handbok: Handbok) -> Iterator[Finding]:
    assert old.data is not None and new.data is not None
    versjon = new.data["versjon"]
    if not any(isinstance(e, dict) and e.get("versjon") == versjon for e in as_list(new.data.get("endringslogg"))):
        yield feil("pr-mangler-endringslogg", new.fil, new.line("endringslogg"), "endringslogg",
                   f"Versjon {versjon} mangler i endringslogg. Legg til "
                   f'{{versjon: "{versjon}", dato: ÅÅÅÅ-MM-DD, endring: "Hva som er endret og hvorfor"}}.')
    if new_v.er_major_endring_fra(old_v):
        yield from _major(old.data, new, versjon)
        sites = sorted(sted.id for sted in sites_to_redo(handbok, str(new.data.get("id")), new_v))
        affected = f" Dette gjelder nå: {', '.join(sites)}." if sites else ""
        what = "rutinen" if new.kind == "rutine" else "funksjonsbeskrivelsen"
        yield advarsel("pr-major-reimplementering", new.fil, new.line("versjon"), "versjon",
                       f"MAJOR-endring ({old_v} → {versjon}): alle tjenestesteder som har implementert "
                       f"{what}, må implementere den på nytt.{affected}")


def _major(old: dict[str, Any], new: Document, versjon: str) -> Iterator[Finding]:
    """A MAJOR change is approved in the review, so its author cannot know godkjent_dato yet: leaving it
    unchanged or empty is fine when the change log dates the new version; the team sets it when approving."""
    assert new.data is not None
    raw = new.data.get("godkjent_dato")
    if raw not in (None, "", old.get("godkjent_dato")):
        return  # a new date: `_approval_date` sees that it does not move back
    logged = _log_date(new.data, versjon)
    before = _date(old.get("godkjent_dato"))
    if logged is not None and (before is None or logged >= before):
        yield advarsel("pr-godkjent-dato-settes", new.fil, new.line("godkjent_dato"), "godkjent_dato",
                       f"godkjent_dato er ikke satt for versjon {versjon}. Implementeringsteamet setter den i "
                       f"gjennomgangen, til datoen de godkjenner endringen (endringsloggen sier {logged}), før "
                       "pull requesten flettes.")
        return
    yield feil("pr-major-uten-godkjent-dato", new.fil, new.line("godkjent_dato"), "godkjent_dato",
               f"Ny MAJOR-versjon {versjon}, men godkjent_dato er uendret ({raw}) og endringsloggen har ingen "
               f"dato for {versjon} som er etter den forrige godkjenningen. Skriv datoen i endringsloggens linje "
               "for den nye versjonen; implementeringsteamet setter godkjent_dato når de godkjenner endringen.")


def _log_date(data: dict[str, Any], versjon: str) -> date | None:
    entry = next((e for e in as_list(data.get("endringslogg")) if isinstance(e, dict) and e.get("versjon") == versjon),
                 {})
    value = entry.get("dato")
    return value if isinstance(value, date) else _date(value)


def _role_changes(old: dict[str, Any], new: Document) -> Iterator[Finding]:
    assert new.data is not None
    for key in ROLE_STATEMENTS:
        if old.get(key) != new.data.get(key):
            yield advarsel("pr-endret-rolle", new.fil, new.line(key), key,
                           f"Rollens {key} er endret. Funksjonsbeskrivelsen har ingen versjon, så "
                           "tjenestestedene får ikke vite om endringen av seg selv: gi den versjon og endringslogg "
                           "(som en rutine), eller beskriv endringen i pull requesten og gi beskjed til "
                           "tjenestestedene som har tatt rollen i bruk.")


def _changed_parts(old: Document, new: Document) -> list[str]:
    assert old.data is not None and new.data is not None
    bearing = VERSION_BEARING if new.kind == "rutine" else ROLE_VERSION_BEARING
    parts = [key for key in bearing if old.data.get(key) != new.data.get(key)]
    if _normalise(old.body) != _normalise(new.body):
        parts.insert(0, "teksten")
    return parts


def _normalise(body: str) -> str:
    return "\n".join(line.rstrip() for line in body.strip().split("\n"))


def _major_bump(old: dict[str, Any], new: dict[str, Any]) -> bool:
    old_v, new_v = version_of(old), version_of(new)
    return old_v is not None and new_v is not None and new_v.er_major_endring_fra(old_v)


def _date(value: Any) -> date | None:
    try:
        return date.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        return None


def _join(parts: list[str]) -> str:
    text = ", ".join(parts[:-1]) + (" og " if len(parts) > 1 else "") + parts[-1]
    return text[0].upper() + text[1:]
