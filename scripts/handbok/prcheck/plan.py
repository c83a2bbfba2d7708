"""PR check, plan: what the implementeringsplan recorded is history — sites, records, evaluations, questions,
tiltak and steps back are never deleted, an evaluation, a closed tiltak and a step back are never changed; new
ones are added."""

from __future__ import annotations

from datetime import date
from typing import Any, Iterator

from ..core.findings import Finding, advarsel, feil
from ..core.formatting import dato as norsk_dato
from ..source.loading import PLAN, Document
from ..source.yamlread import Path_, field_name
from .base import Base, as_dict, as_list, lost_entries, unreadable


def check_plan(base: Base, plan: Document | None) -> Iterator[Finding]:
    old = base.plan
    if old is None:  # no plan at the merge base: a new handbook, nothing recorded yet
        if plan is not None:
            yield from unreadable(None, plan)
        return
    if plan is None:
        yield feil("pr-slettet-fil", PLAN, None, "",
                   "Implementeringsplanen er slettet. Den er historikken for hvert tjenestested og slettes aldri: "
                   "legg filen tilbake.")
        return
    problems = list(unreadable(old, plan))
    if problems or old.data is None:
        yield from problems
        return
    yield from _sites(old.data, plan)
    yield from _questions(old.data, plan)
    yield from _site_blocks(old.data, plan)


def _by_id(items: Any) -> dict[str, tuple[int, dict[str, Any]]]:
    """id -> (place in the list, item) of each item that has a text id; others are reported by `handbok sjekk`."""
    return {item["id"]: (i, item) for i, item in enumerate(as_list(items))
            if isinstance(item, dict) and isinstance(item.get("id"), str)}


def _ids(items: Any) -> list[str]:
    return list(_by_id(items))


def _sites(old: dict[str, Any], plan: Document) -> Iterator[Finding]:
    assert plan.data is not None
    now = set(_ids(plan.data.get("tjenestesteder")))
    for sted in _ids(old.get("tjenestesteder")):
        if sted not in now:
            yield feil("pr-slettet-tjenestested", plan.fil, plan.line("tjenestesteder"), "tjenestesteder",
                       f"Tjenestestedet «{sted}» er fjernet fra tjenestesteder. Et tjenestested slettes aldri, fordi "
                       "registreringene og evalueringene er historikk: legg det tilbake og sett aktiv: false hvis "
                       "det ikke lenger følger håndboka.")


def _questions(old: dict[str, Any], plan: Document) -> Iterator[Finding]:
    """A question is retired (utgaatt: true), never deleted: past answers name it. A new text changes what
    past answers meant, so it is a warning."""
    assert plan.data is not None
    path = ("evalueringsskjema", "sporsmal")
    old_questions = _by_id(as_dict(old.get("evalueringsskjema")).get("sporsmal"))
    new_questions = _by_id(as_dict(plan.data.get("evalueringsskjema")).get("sporsmal"))
    for sporsmal, (_, question) in old_questions.items():
        if sporsmal not in new_questions:
            yield feil("pr-slettet-sporsmal", plan.fil, plan.line(*path), field_name(path),
                       f"Spørsmålet «{sporsmal}» er fjernet fra evalueringsskjemaet. Tidligere evalueringer har svar "
                       "på det, så et spørsmål slettes aldri: legg det tilbake og sett utgaatt: true hvis det ikke "
                       "skal brukes lenger.")
            continue
        j, now = new_questions[sporsmal]
        if now.get("tekst") != question.get("tekst"):
            yield advarsel("pr-endret-sporsmal", plan.fil, plan.line(*path, j, "tekst"),
                           field_name((*path, j, "tekst")),
                           f"Teksten til spørsmålet «{sporsmal}» er endret, men tidligere svar ble gitt på den gamle "
                           "teksten. Er meningen endret, sett den gamle teksten tilbake med utgaatt: true og legg til "
                           "spørsmålet på nytt med en ny id.")


def _site_blocks(old: dict[str, Any], plan: Document) -> Iterator[Finding]:
    """Each site's block under implementering: never removed while it holds records."""
    assert plan.data is not None
    now = as_dict(plan.data.get("implementering"))
    for sted, records in as_dict(old.get("implementering")).items():
        if sted in now:
            yield from _records(sted, as_dict(records), as_dict(now[sted]), plan)
        elif as_dict(records):  # an empty block held no history
            yield feil("pr-slettet-tjenestested", plan.fil, plan.line("implementering"),
                       field_name(("implementering", sted)),
                       f"Alle registreringene for tjenestestedet «{sted}» er fjernet fra implementering. De er "
                       "historikk og slettes aldri: legg dem tilbake, og sett aktiv: false på tjenestestedet hvis det "
                       "ikke lenger følger håndboka.")


def _records(sted: str, old: dict[str, Any], new: dict[str, Any], plan: Document) -> Iterator[Finding]:
    for dokument, record in old.items():
        path = ("implementering", sted, dokument)
        if dokument not in new:
            yield feil("pr-slettet-registrering", plan.fil, plan.line("implementering", sted), field_name(path),
                       f"Registreringen av «{dokument}» for «{sted}» er slettet. En registrering slettes aldri: legg "
                       "den tilbake og endre status i stedet (f.eks. status: ikke-aktuelt med en begrunnelse).")
        else:
            yield from _evaluations(path, as_dict(record), as_dict(new[dokument]), plan)
            yield from _tiltak(path, as_dict(record), as_dict(new[dokument]), plan)
            yield from _steps_back(path, as_dict(record), as_dict(new[dokument]), plan)


def _evaluations(path: tuple[str, ...], old: dict[str, Any], new: dict[str, Any],
                 plan: Document) -> Iterator[Finding]:
    """Evaluations are append-only: one that was recorded is never edited or removed."""
    for lost in lost_entries(_with_version(old), _with_version(new)):
        dato = as_dict(lost.entry).get("dato")
        if lost.changed:
            where: Path_ = (*path, "evalueringer", lost.index)
            yield feil("pr-endret-evaluering", plan.fil, plan.line(*where), field_name(where),
                       f"Evalueringen fra {dato} er endret. En evaluering er historikk og endres aldri: sett den "
                       "tilbake slik den var, og legg heller til en ny evaluering nederst (handbok evaluer).")
        else:
            where = (*path, "evalueringer")
            yield feil("pr-slettet-evaluering", plan.fil, plan.line(*where), field_name(where),
                       f"Evalueringen fra {dato} er fjernet. En evaluering er historikk og slettes aldri: legg den "
                       "tilbake slik den var; nye evalueringer legges til nederst.")


def _with_version(record: dict[str, Any]) -> list[Any]:
    """The record's evaluations, each with the version it was made for written out: one that `registrer`
    stamped with its version when a newer one was recorded is the same evaluation; one left to adopt the
    newer version is not."""
    versjon = record.get("versjon")
    return [{**e, "versjon": e.get("versjon", versjon)} if isinstance(e, dict) else e
            for e in as_list(record.get("evalueringer"))]


# What closing a tiltak wrote: once closed, these are the record of what was done (forskriften § 9).
_LUKKET = ("status", "lukket_dato", "resultat")


def _tiltak(path: tuple[str, ...], old: dict[str, Any], new: dict[str, Any], plan: Document) -> Iterator[Finding]:
    """A tiltak is closed, never deleted; a closed one keeps its status, day and result. An open one may still
    get a new deadline or be closed."""
    now = _by_id(new.get("tiltak"))
    for tiltak_id, (_, entry) in _by_id(old.get("tiltak")).items():
        if tiltak_id not in now:
            where: Path_ = (*path, "tiltak")
            yield feil("pr-slettet-tiltak", plan.fil, plan.line(*where), field_name(where),
                       f"Tiltaket «{tiltak_id}» er fjernet. Et tiltak er historikk og slettes aldri: legg det "
                       f"tilbake og lukk det med hva som ble gjort (handbok tiltak {path[1]} {path[2]} --lukk "
                       f"{tiltak_id} --resultat \"…\").")
            continue
        j, current = now[tiltak_id]
        changed = [key for key in _LUKKET if current.get(key) != entry.get(key)]
        if entry.get("status") == "lukket" and changed:
            where = (*path, "tiltak", j, changed[0])
            yield feil("pr-endret-tiltak", plan.fil, plan.line(*where), field_name(where),
                       f"Tiltaket «{tiltak_id}» ble lukket {_day(entry.get('lukket_dato'))}, og status, lukket_dato "
                       "og resultat er historikk: sett dem tilbake slik de var. Et nytt funn blir et nytt tiltak "
                       f"(handbok tiltak {path[1]} {path[2]} --beskrivelse \"…\").")


def _steps_back(path: tuple[str, ...], old: dict[str, Any], new: dict[str, Any],
                plan: Document) -> Iterator[Finding]:
    """A step back (`registrer --tilbake`) and its reason are append-only, like evaluations."""
    for lost in lost_entries(as_list(old.get("tilbakeforinger")), as_list(new.get("tilbakeforinger"))):
        day = _day(as_dict(lost.entry).get("dato"))
        if lost.changed:
            where: Path_ = (*path, "tilbakeforinger", lost.index)
            yield feil("pr-endret-tilbakeforing", plan.fil, plan.line(*where), field_name(where),
                       f"Tilbakeføringen fra {day} er endret. Den forklarer hvorfor statusen gikk tilbake, og endres "
                       "aldri: sett den tilbake slik den var.")
        else:
            where = (*path, "tilbakeforinger")
            yield feil("pr-slettet-tilbakeforing", plan.fil, plan.line(*where), field_name(where),
                       f"Tilbakeføringen fra {day} er fjernet. Den forklarer hvorfor statusen gikk tilbake, og "
                       "slettes aldri: legg den tilbake slik den var.")


def _day(value: Any) -> str:
    """A date as written in the plan, shown as people in Norway write it (as written when it is no date)."""
    try:
        return norsk_dato(date.fromisoformat(str(value)))
    except ValueError:
        return str(value)
