"""PR check, ledger: every site's history at the merge base must still be there, unchanged and in place.

Per site × document, each entry the merge base had (in implementering/<sted>.yaml, or implied by a record of
the plan's old form) must be in the pull request's history too, as it was: an entry edited, removed or moved
is an error naming it (file, line, site, document, date, what happened). New entries are added at the end of
the document's list; an entry the old form implied may move to the site's file (`handbok flytt-historikk`),
where it comes first. A new evaluation answers the whole form.
"""

from __future__ import annotations

import json
from collections import Counter
from datetime import date
from typing import Any, Iterator

from ..core.findings import Finding, feil
from ..core.formatting import dato as norsk_dato
from ..core.model import VET_IKKE, Handbok
from ..source.ledger import RawEntry, raw_entries
from ..source.loading import Corpus, Document
from ..source.yamlread import field_name
from .base import Base


def check_ledger(base: Base, corpus: Corpus, handbok: Handbok) -> Iterator[Finding]:
    old = raw_entries(Corpus(corpus.root, (), (), base.plan, historikk=base.historikk))
    new = raw_entries(corpus)
    docs = {d.fil: d for d in corpus.documents}
    for key, before in sorted(old.items()):
        yield from _compare(key, before, new.get(key, []), docs)
    for key, after in sorted(new.items()):
        yield from _new_evaluations(key, old.get(key, []), after, docs, handbok)


def _compare(key: tuple[str, str], before: list[RawEntry], after: list[RawEntry],
             docs: dict[str, Document]) -> Iterator[Finding]:
    sted, dokument = key
    if not after:
        entry = before[0]
        yield feil("pr-slettet-historikk", entry.fil, _line(docs, entry.fil, ()), "",
                   f"Hele historikken til {sted} for «{dokument}» er fjernet ({len(before)} hendelser). Historikken er "
                   "bevis og slettes aldri: legg den tilbake. Gjelder dokumentet ikke lenger, registrer det som "
                   "ikke-aktuelt (handbok registrer … --status ikke-aktuelt --begrunnelse \"…\").")
        return
    missing = Counter(_text(e) for e in before) - Counter(_text(e) for e in after)
    added = Counter(_text(e) for e in after) - Counter(_text(e) for e in before)
    for i, entry in enumerate(before):
        if missing[_text(entry)] <= 0:
            continue
        missing[_text(entry)] -= 1
        instead = next((a for a in after if added[_text(a)] > 0 and _same_place(a, entry)), None)
        yield _lost(sted, dokument, entry, instead, docs)
    if sum((Counter(_text(e) for e in before) - Counter(_text(e) for e in after)).values()) == 0:
        yield from _in_place(sted, dokument, before, after, docs)


def _in_place(sted: str, dokument: str, before: list[RawEntry], after: list[RawEntry],
              docs: dict[str, Document]) -> Iterator[Finding]:
    """Every old entry is still there: the ones the site's file held keep their place, new ones come after."""
    moved = Counter(_text(e) for e in before if e.gammel)
    rest = [e for e in after if not e.gammel]
    while rest and moved[_text(rest[0])] > 0:  # what the old form implied, moved in front of the file's own
        moved[_text(rest[0])] -= 1
        rest = rest[1:]
    written = [e for e in before if not e.gammel]
    for j, entry in enumerate(written):
        if j < len(rest) and _text(rest[j]) == _text(entry):
            continue
        inserted = rest[j] if j < len(rest) else entry
        was_there = any(_text(inserted) == _text(b) for b in before)
        what = _describe(sted, dokument, inserted)
        yield feil("pr-flyttet-hendelse" if was_there else "pr-innskutt-hendelse", inserted.fil,
                   _line(docs, inserted.fil, inserted.sti), field_name(inserted.sti),
                   f"{what} står {'et annet sted enn før' if was_there else 'foran hendelser som var der fra før'}. "
                   "Historikken er i rekkefølgen den ble skrevet: sett hendelsene tilbake slik de sto, og legg nye "
                   "hendelser til nederst i listen (handbok registrer, evaluer og tiltak gjør det).")
        return


def _lost(sted: str, dokument: str, entry: RawEntry, instead: RawEntry | None,
          docs: dict[str, Document]) -> Finding:
    what = _describe(sted, dokument, entry)
    hint = (" I den gamle formen skriver en ny status over den gamle: kjør «handbok flytt-historikk» og registrer med "
            "handbok registrer, evaluer og tiltak, så legges det nye til." if entry.gammel else "")
    if instead is not None:
        return feil("pr-endret-hendelse", instead.fil, _line(docs, instead.fil, instead.sti), field_name(instead.sti),
                    f"{what} er endret. Historikken er bevis og endres aldri: sett den tilbake slik den var, og legg "
                    f"heller til en ny hendelse nederst.{hint}")
    place = entry.sti[:3] if entry.gammel else entry.sti[:2]
    return feil("pr-slettet-hendelse", entry.fil, _line(docs, entry.fil, place), field_name(entry.sti),
                f"{what} er fjernet. Historikken er bevis og slettes aldri: legg hendelsen tilbake slik den var.{hint}")


def _same_place(candidate: RawEntry, entry: RawEntry) -> bool:
    """The new entry stands where the old one stood (the same file and index, or the same part of an old record)."""
    return candidate.fil == entry.fil and candidate.sti == entry.sti


def _new_evaluations(key: tuple[str, str], before: list[RawEntry], after: list[RawEntry], docs: dict[str, Document],
                     handbok: Handbok) -> Iterator[Finding]:
    """A new evaluation answers every question the form asks now (or «vet-ikke» where the form allows it)."""
    skjema = handbok.plan.skjema
    old = Counter(_text(e) for e in before)
    for entry in after:
        if old[_text(entry)] > 0:
            old[_text(entry)] -= 1
            continue
        svar = entry.data.get("svar")
        if entry.data.get("hendelse") != "evaluert" or not isinstance(svar, dict):
            continue
        missing = [q.id for q in skjema.aktive if q.id not in svar]
        refused = [q.id for q in skjema.aktive if svar.get(q.id) == VET_IKKE and not skjema.tillater_vet_ikke(q)]
        if missing or refused:
            what = _describe(*key, entry)
            problem = (f"svar mangler på {', '.join(missing)}" if missing else
                       f"skjemaet tillater ikke vet-ikke på {', '.join(refused)}")
            yield feil("pr-ufullstendig-evaluering", entry.fil, _line(docs, entry.fil, (*entry.sti, "svar")),
                       field_name((*entry.sti, "svar")),
                       f"{what} svarer ikke på hele evalueringsskjemaet: {problem}. En evaluering svarer på alle "
                       f"spørsmålene, med et tall fra {skjema.min} til {skjema.maks}"
                       + (" eller vet-ikke der skjemaet tillater det." if any(
                           skjema.tillater_vet_ikke(q) for q in skjema.aktive) else "."))


def _describe(sted: str, dokument: str, entry: RawEntry) -> str:
    data = entry.data
    versjon = f", versjon {data['versjon']}" if data.get("versjon") else ""
    tiltak = f" {data['id']}" if data.get("id") else ""
    return (f"Hendelsen «{data.get('hendelse')}{tiltak}» {_day(data.get('dato'))}{versjon} for {sted} / {dokument} "
            f"({entry.fil})")


def _text(entry: RawEntry) -> str:
    return json.dumps(entry.data, sort_keys=True, ensure_ascii=False, default=str)


def _line(docs: dict[str, Document], fil: str, sti: Any) -> int | None:
    doc = docs.get(fil)
    return doc.line(*sti) if doc is not None else None


def _day(value: Any) -> str:
    try:
        return norsk_dato(date.fromisoformat(str(value)))
    except ValueError:
        return str(value or "uten dato")
