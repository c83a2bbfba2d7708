"""PR check, plan: sites and evaluation questions are never deleted (the history names them); a question's new
text is a warning. The sites' histories have rules of their own (`ledger`)."""

from __future__ import annotations

from typing import Any, Iterator

from ..core.findings import Finding, advarsel, feil
from ..source.loading import PLAN, Document
from ..source.yamlread import field_name
from .base import Base, as_dict, as_list, unreadable


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
