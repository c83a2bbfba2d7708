"""References: the model -> findings for every broken cross-reference and inconsistency."""

from __future__ import annotations

import difflib
from collections import defaultdict
from datetime import date
from typing import Any, Iterable, Iterator

from .findings import Finding, advarsel, feil
from .followup import check_record
from .formatting import dato
from .loading import Corpus, Document
from .model import Handbok, Rutine
from .yamlread import field_name


class _Known:
    """The ids that exist, counting files that failed validation (so one error does not cascade)."""

    def __init__(self, corpus: Corpus, handbok: Handbok) -> None:
        self.rutiner = set(handbok.rutiner) | {d.stem for d in corpus.rutiner}
        self.roller = set(handbok.funksjoner) | {d.stem for d in corpus.funksjoner}
        raw_sites = _raw_list(corpus.plan, "tjenestesteder")
        self.steder = {s.id for s in handbok.plan.tjenestesteder} | {
            s["id"] for s in raw_sites if isinstance(s, dict) and isinstance(s.get("id"), str)}
        # Without a readable list of sites they are unknown, not absent: do not flag every site reference.
        self.plan_lest = bool(raw_sites) and all(
            isinstance(s, dict) and isinstance(s.get("id"), str) for s in raw_sites)


def check_references(corpus: Corpus, handbok: Handbok, today: date) -> Iterator[Finding]:
    known = _Known(corpus, handbok)
    docs = {d.fil: d for d in corpus.documents}
    yield from _check_ids(corpus)
    for rutine in handbok.rutiner.values():
        yield from _check_rutine(rutine, docs[rutine.fil], known, today)
    for funksjon in handbok.funksjoner.values():
        doc = docs[funksjon.fil]
        if funksjon.rapporterer_til and funksjon.rapporterer_til not in known.roller:
            yield _unknown("ukjent-rolle", doc, ("rapporterer_til",), funksjon.rapporterer_til, known.roller,
                           "Rollen", "funksjonsbeskrivelser/")
    yield from _check_roles_used(corpus, handbok)
    if corpus.plan is not None and corpus.plan.data is not None:
        yield from _check_plan(corpus.plan, handbok, known, today)


def _check_ids(corpus: Corpus) -> Iterator[Finding]:
    for docs in (corpus.rutiner, corpus.funksjoner):
        by_id: dict[str, list[Document]] = defaultdict(list)
        by_folded: dict[str, list[Document]] = defaultdict(list)
        for doc in docs:
            by_folded[doc.stem.casefold()].append(doc)
            doc_id = (doc.data or {}).get("id")
            if not isinstance(doc_id, str):
                continue
            by_id[doc_id].append(doc)
            if doc_id != doc.stem:
                yield feil("id-ulik-filnavn", doc.fil, doc.line("id"), "id",
                           f"id «{doc_id}» er ikke lik filnavnet «{doc.stem}». Endre id til «{doc.stem}», "
                           f"eller gi filen navnet {doc_id}.md (id og filnavn må være like).")
        for doc_id, same in by_id.items():
            for doc in same[1:]:
                yield feil("duplikat-id", doc.fil, doc.line("id"), "id",
                           f"id «{doc_id}» brukes også i {same[0].fil}. Hver fil må ha sin egen id.")
        for same in by_folded.values():
            for doc in same[1:]:
                yield feil("filnavn-kollisjon", doc.fil, None, "",
                           f"Filnavnet skiller seg bare i store/små bokstaver fra {same[0].fil}; på Windows og "
                           "Mac blir det samme fil. Bruk bare små bokstaver og gi filene ulike navn.")


def _check_rutine(rutine: Rutine, doc: Document, known: _Known, today: date) -> Iterator[Finding]:
    if rutine.eier not in known.roller:
        yield _unknown("ukjent-rolle", doc, ("eier",), rutine.eier, known.roller, "Rollen", "funksjonsbeskrivelser/")
    for rolle in rutine.ansvar:
        if rolle not in known.roller:
            yield _unknown("ukjent-rolle", doc, ("ansvar", rolle), rolle, known.roller, "Rollen",
                           "funksjonsbeskrivelser/")
    for i, sted in enumerate(rutine.gjelder_for):
        if sted != "alle" and known.plan_lest and sted not in known.steder:
            yield _unknown("ukjent-tjenestested", doc, ("gjelder_for", i), sted, known.steder | {"alle"},
                           "Tjenestestedet", "tjenestesteder i implementeringsplan.yaml")
    if rutine.erstattet_av is not None and (rutine.erstattet_av not in known.rutiner
                                            or rutine.erstattet_av == rutine.id):
        yield _unknown("erstattet-av-ukjent", doc, ("erstattet_av",), rutine.erstattet_av,
                       known.rutiner - {rutine.id}, "Rutinen", "rutiner/")
    if all(e.versjon != rutine.versjon for e in rutine.endringslogg):
        yield feil("mangler-endringslogg", doc.fil, doc.line("versjon"), "versjon",
                   f"Endringsloggen har ingen linje for gjeldende versjon {rutine.versjon}. Legg til "
                   f'{{versjon: "{rutine.versjon}", dato: ÅÅÅÅ-MM-DD, endring: "Hva som er endret"}} '
                   "nederst i endringslogg.")
    for i, entry in enumerate(rutine.endringslogg):
        if entry.versjon > rutine.versjon:
            yield feil("endringslogg-foran-versjon", doc.fil, doc.line("endringslogg", i, "versjon"),
                       field_name(("endringslogg", i, "versjon")),
                       f"Endringsloggen har versjon {entry.versjon}, som er høyere enn rutinens versjon "
                       f"{rutine.versjon}. Øk versjon til {entry.versjon} eller rett linjen i endringsloggen.")
    if rutine.gjeldende and rutine.revideres_innen is not None and rutine.revideres_innen < today:
        yield advarsel("revisjon-forfalt", doc.fil, doc.line("revideres_innen"), "revideres_innen",
                       f"Rutinen skulle vært gjennomgått innen {dato(rutine.revideres_innen)}. "
                       "Eieren gjennomgår den og setter ny revideres_innen (og øker versjon hvis noe endres).")


def _check_roles_used(corpus: Corpus, handbok: Handbok) -> Iterator[Finding]:
    used = {rolle for r in handbok.rutiner.values() if r.gjeldende for rolle in r.ansvar}
    if len(handbok.rutiner) < len(corpus.rutiner):
        return  # a routine failed validation; its ansvar is unknown, so any warning here could be wrong
    docs = {d.fil: d for d in corpus.funksjoner}
    for funksjon in handbok.funksjoner.values():
        if funksjon.id not in used:
            yield advarsel("rolle-uten-ansvar", funksjon.fil, docs[funksjon.fil].line("id"), "id",
                           f"Rollen «{funksjon.tittel}» har ikke ansvar i noen gjeldende rutine. Legg rollen "
                           "til under ansvar i rutinene der den har en oppgave, eller fjern rollen hvis den ikke "
                           "brukes.")


def _check_plan(plan: Document, handbok: Handbok, known: _Known, today: date) -> Iterator[Finding]:
    data = plan.data or {}
    for section in ("tjenestesteder", "faser"):
        yield from _duplicate_ids(plan, (section,), _raw_list(plan, section))
    skjema_raw = data.get("evalueringsskjema")
    if isinstance(skjema_raw, dict):
        yield from _duplicate_ids(plan, ("evalueringsskjema", "sporsmal"), skjema_raw.get("sporsmal"))
    skjema = handbok.plan.skjema
    if skjema.min > skjema.maks:
        yield feil("ugyldig-skala", plan.fil, plan.line("evalueringsskjema", "skala"), "evalueringsskjema.skala",
                   f"Skalaen går fra {skjema.min} til {skjema.maks}; min må være lavere enn maks, f.eks. "
                   "{min: 1, maks: 5}.")
    raw_faser = _raw_list(plan, "faser")
    for fase in handbok.plan.faser:
        i = _index(raw_faser, fase.id)
        if fase.frist < fase.start:
            yield feil("frist-for-start", plan.fil, plan.line("faser", i, "frist"), field_name(("faser", i, "frist")),
                       f"Fasen «{fase.navn}» har frist {dato(fase.frist)} før start "
                       f"{dato(fase.start)}. Rett datoene.")
        for j, rutine_id in enumerate(fase.rutiner):
            if rutine_id not in known.rutiner:
                yield _unknown("ukjent-rutine", plan, ("faser", i, "rutiner", j), rutine_id, known.rutiner,
                               "Rutinen", "rutiner/")
    for sted, records in handbok.plan.implementering.items():
        if known.plan_lest and sted not in known.steder:
            yield _unknown("ukjent-tjenestested", plan, ("implementering", sted), sted, known.steder,
                           "Tjenestestedet", "tjenestesteder")
        for rutine_id, record in records.items():
            path = ("implementering", sted, rutine_id)
            rutine = handbok.rutiner.get(rutine_id)
            if rutine_id not in known.rutiner:
                yield _unknown("ukjent-rutine", plan, path, rutine_id, known.rutiner, "Rutinen", "rutiner/")
            if rutine and record.versjon and record.versjon > rutine.versjon:
                yield feil("versjon-hoyere-enn-rutine", plan.fil, plan.line(*path, "versjon"),
                           field_name((*path, "versjon")),
                           f"Registrert versjon {record.versjon} er høyere enn rutinens gjeldende versjon "
                           f"{rutine.versjon}. Skriv versjonen tjenestestedet faktisk har implementert.")
            for k, evaluering in enumerate(record.evalueringer):
                for sporsmal, poeng in evaluering.svar.items():
                    yield from _check_answer(plan, (*path, "evalueringer", k, "svar", sporsmal), sporsmal, poeng,
                                             handbok)
            yield from check_record(plan, path, record, rutine, handbok, known.roller, today)


def _check_answer(plan: Document, path: tuple[Any, ...], sporsmal: str, poeng: int,
                  handbok: Handbok) -> Iterator[Finding]:
    skjema = handbok.plan.skjema
    ids = {q.id for q in skjema.sporsmal}  # retired (utgaatt) ones too: past answers to them stay valid
    if ids and sporsmal not in ids:
        yield _unknown("ukjent-sporsmal", plan, path, sporsmal, ids, "Spørsmålet", "evalueringsskjema.sporsmal")
    elif skjema.min <= skjema.maks and not skjema.min <= poeng <= skjema.maks:
        yield feil("svar-utenfor-skala", plan.fil, plan.line(*path), field_name(path),
                   f"Svaret {poeng} er utenfor skalaen {skjema.min}–{skjema.maks}. Gi et tall fra "
                   f"{skjema.min} til {skjema.maks}.")


def _duplicate_ids(plan: Document, path: tuple[str, ...], items: Any) -> Iterator[Finding]:
    seen: set[str] = set()
    for i, item in enumerate(items if isinstance(items, list) else []):
        item_id = item.get("id") if isinstance(item, dict) else None
        if isinstance(item_id, str) and item_id in seen:
            yield feil("duplikat-id", plan.fil, plan.line(*path, i, "id"), field_name((*path, i, "id")),
                       f"id «{item_id}» står flere ganger i {field_name(path)}. Gi hver sin egen id.")
        if isinstance(item_id, str):
            seen.add(item_id)


def _unknown(kode: str, doc: Document, path: tuple[Any, ...], value: str, candidates: Iterable[str],
             what: str, where: str) -> Finding:
    guess = difflib.get_close_matches(value, sorted(candidates), n=1, cutoff=0.6)
    hint = f" Mente du «{guess[0]}»?" if guess else f" Sjekk stavingen mot {where}."
    return feil(kode, doc.fil, doc.line(*path), field_name(path), f"{what} «{value}» finnes ikke.{hint}")


def _raw_list(doc: Document | None, key: str) -> list[Any]:
    value = (doc.data or {}).get(key) if doc else None
    return value if isinstance(value, list) else []


def _index(items: list[Any], item_id: str) -> int:
    return next((i for i, item in enumerate(items) if isinstance(item, dict) and item.get("id") == item_id), 0)
