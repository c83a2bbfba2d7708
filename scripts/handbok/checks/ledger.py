"""Ledger checks: every site's history -> findings with file and line (§§ 8–9).

Each entry is checked where it is written — implementering/<sted>.yaml, or a record of the old form in the
plan: the site and the document it names, its version and dates, an evaluation against the shared form, a
tiltak's role, dates and evaluation; then, per site × document, what the history adds up to (an overdue
evaluation, a low one without a tiltak, an overdue tiltak). A plan still in the old form gets a warning
with the command that moves it.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from typing import Iterator, Mapping

from ..core.findings import Finding, advarsel, feil
from ..core.formatting import dato
from ..core.model import Handbok, Hendelse, Hendelsestype, Registrering, Tiltaksstatus, Versjon
from ..core.status import uevaluerte
from ..core.suggest import mente_du
from ..source.ledger import site_of
from ..source.loading import IMPLEMENTERING, PLAN, Corpus, Document
from ..source.yamlread import Path_, field_name
from .references import Known, check_role_in_plan, unknown

H = Hendelsestype
MIGRATE = "handbok flytt-historikk"
# Where a field of an entry implied by an old-form record is written in that record.
_OLD_KEYS = {H.TILTAK: {"dato": "opprettet"}, H.TILTAK_LUKKET: {"dato": "lukket_dato"}}


class _Places:
    """File and line of an entry or of one of its fields, wherever it is written."""

    def __init__(self, corpus: Corpus) -> None:
        self.docs = {d.fil: d for d in corpus.documents}

    def path(self, h: Hendelse, key: str | None = None) -> Path_:
        if key is None:
            return h.sti
        if h.sti[:1] == ("implementering",):  # the old form names some fields differently
            if h.hendelse is H.TILTAK_LUKKET:
                return (*h.sti[:-1], _OLD_KEYS[h.hendelse].get(key, key))
            key = _OLD_KEYS.get(h.hendelse, {}).get(key, key)
        return (*h.sti, key)

    def finding(self, kind: str, kode: str, h: Hendelse, key: str | None, melding: str) -> Finding:
        where = self.path(h, key)
        doc = self.docs.get(h.fil)
        line = doc.line(*where) if doc else None
        return (feil if kind == "feil" else advarsel)(kode, h.fil, line, field_name(where), melding)


def check_ledger(corpus: Corpus, handbok: Handbok, known: Known, today: date) -> Iterator[Finding]:
    places = _Places(corpus)
    yield from _old_form(corpus)
    for doc in corpus.historikk:
        yield from _site_file(doc, known)
    unknown_questions: dict[str, list[Hendelse]] = defaultdict(list)
    for sted, per_dokument in handbok.plan.historikk.items():
        for dokument_id, entries in per_dokument.items():
            yield from _document(places, sted, dokument_id, entries, handbok, known)
            record = handbok.plan.registrering(sted, dokument_id)
            for h in entries:
                yield from _entry(places, h, handbok, today, unknown_questions)
            if record is not None:
                yield from _tiltak(places, sted, dokument_id, record, entries, known, handbok, today)
    yield from _deleted_questions(places, handbok, unknown_questions)
    yield from _missing_evaluations(places, handbok, today)


def _old_form(corpus: Corpus) -> Iterator[Finding]:
    plan = corpus.plan
    section = (plan.data or {}).get("implementering") if plan else None
    if plan is None or not section:
        return
    yield advarsel("historikk-gammel-form", plan.fil, plan.line("implementering"), "implementering",
                   f"Registreringene står i den gamle formen i {PLAN}, der en ny registrering skriver over den gamle. "
                   f"Flytt dem til én historikkfil per tjenestested ({IMPLEMENTERING}/TJENESTESTED.yaml, f.eks. {IMPLEMENTERING}/nord.yaml), der hver "
                   f"hendelse blir stående: kjør «{MIGRATE}» og send endringen som en pull request.")


def _site_file(doc: Document, known: Known) -> Iterator[Finding]:
    """A history file is named for a known site and says so inside."""
    if doc.data is None:
        return
    sted = site_of(doc)
    named = doc.data.get("tjenestested")
    if known.plan_lest and sted not in known.steder:
        yield unknown("ukjent-tjenestested", doc, ("tjenestested",), sted, known.steder, "Tjenestestedet",
                      "tjenestesteder i implementeringsplan.yaml (filen heter som tjenestestedet)")
    elif isinstance(named, str) and named != sted:
        yield feil("historikk-feil-tjenestested", doc.fil, doc.line("tjenestested"), "tjenestested",
                   f"Filen {doc.fil} er historikken til «{sted}», men sier tjenestested: {named}. Hver fil heter "
                   f"som tjenestestedet sitt: skriv tjenestested: {sted}, eller flytt hendelsene til "
                   f"{IMPLEMENTERING}/{named}.yaml.")


def _document(places: _Places, sted: str, dokument_id: str, entries: tuple[Hendelse, ...], handbok: Handbok,
              known: Known) -> Iterator[Finding]:
    """The document a site's entries name: known, and a role description only with a version."""
    first = entries[0]
    doc = places.docs.get(first.fil)
    if doc is None:
        return
    path = first.sti[:3] if first.sti[:1] == ("implementering",) else ("dokumenter", dokument_id)
    if first.sti[:1] == ("implementering",) and known.plan_lest and sted not in known.steder:
        yield unknown("ukjent-tjenestested", doc, path[:2], sted, known.steder, "Tjenestestedet", "tjenestesteder")
    if dokument_id not in known.dokumenter:
        yield unknown("ukjent-rutine", doc, path, dokument_id, known.dokumenter,
                      "Rutinen eller funksjonsbeskrivelsen", "rutiner/ og funksjonsbeskrivelser/")
    elif dokument_id not in known.rutiner:
        yield from check_role_in_plan(doc, path, dokument_id, handbok, known)


def _entry(places: _Places, h: Hendelse, handbok: Handbok, today: date,
           unknown_questions: dict[str, list[Hendelse]]) -> Iterator[Finding]:
    dokument = handbok.dokument(_document_of(h))
    if h.dato is not None and h.dato > today and h.hendelse is not H.PLANLAGT:  # a plan may name its start
        yield places.finding("advarsel", "dato-fram-i-tid", h, "dato",
                             f"Datoen {dato(h.dato)} er fram i tid (i dag er {dato(today)}). Registrer det som har "
                             "skjedd, med datoen det skjedde.")
    sets_status = h.hendelse.status is not None or h.hendelse is H.TILBAKE  # an evaluation's version: below
    if sets_status and h.versjon is not None and dokument is not None and dokument.versjon and h.versjon > dokument.versjon:
        yield places.finding("feil", "versjon-hoyere-enn-rutine", h, "versjon",
                             f"Registrert versjon {h.versjon} er høyere enn gjeldende versjon {dokument.versjon} av "
                             f"«{dokument.tittel}». Skriv versjonen tjenestestedet faktisk har implementert.")
    if h.versjon is not None and h.versjon.major == 0 and h.hendelse in (H.I_GANG, H.IMPLEMENTERT):
        yield places.finding("feil", "registrert-for-utkast", h, "versjon",
                             f"Versjon {h.versjon} er et utkast som ikke er godkjent, så den kan ikke være "
                             f"«{h.hendelse}». Skriv den godkjente versjonen tjenestestedet har tatt i bruk, eller "
                             "registrer den som planlagt til rutinen er godkjent.")
    if h.hendelse is H.EVALUERT:
        yield from _answers(places, h, handbok, unknown_questions)


def _document_of(h: Hendelse) -> str:
    return str(h.sti[2] if h.sti[:1] == ("implementering",) else h.sti[1])


def _answers(places: _Places, h: Hendelse, handbok: Handbok,
             unknown_questions: dict[str, list[Hendelse]]) -> Iterator[Finding]:
    """Each answer against the form: a known question (retired ones too) and a score on the scale."""
    skjema = handbok.plan.skjema
    ids = {q.id: q for q in skjema.sporsmal}
    for sporsmal, poeng in h.svar.items():
        if ids and sporsmal not in ids:
            unknown_questions[sporsmal].append(h)
        elif poeng is None and sporsmal in ids and not skjema.tillater_vet_ikke(ids[sporsmal]):
            yield _answer_finding(places, h, sporsmal, f"Skjemaet tillater ikke «vet-ikke» på {sporsmal}. Gi et tall fra "
                                  f"{skjema.min} til {skjema.maks}, eller sett vet_ikke: true på spørsmålet (eller for hele "
                                  "skjemaet) i implementeringsplan.yaml hvis «vet ikke» skal være et gyldig svar.",
                                  "vet-ikke-ikke-tillatt")
        elif poeng is not None and skjema.min <= skjema.maks and not skjema.min <= poeng <= skjema.maks:
            yield _answer_finding(places, h, sporsmal, f"Svaret {poeng} er utenfor skalaen {skjema.min}–{skjema.maks}. "
                                  f"Gi et tall fra {skjema.min} til {skjema.maks}.", "svar-utenfor-skala")


def _answer_finding(places: _Places, h: Hendelse, sporsmal: str, melding: str, kode: str) -> Finding:
    where = (*places.path(h, "svar"), sporsmal)
    doc = places.docs.get(h.fil)
    return feil(kode, h.fil, doc.line(*where) if doc else None, field_name(where), melding)


def _deleted_questions(places: _Places, handbok: Handbok,
                       unknown_questions: Mapping[str, list[Hendelse]]) -> Iterator[Finding]:
    """A question id no longer in the form is one finding, however many evaluations answered it: it was
    deleted, and retiring it (utgaatt: true) keeps those answers valid."""
    ids = {q.id for q in handbok.plan.skjema.sporsmal}
    for sporsmal, entries in unknown_questions.items():
        if len(entries) == 1:
            where = (*places.path(entries[0], "svar"), sporsmal)
            doc = places.docs[entries[0].fil]
            yield unknown("ukjent-sporsmal", doc, where, sporsmal, ids, "Spørsmålet", "evalueringsskjema.sporsmal")
        else:
            yield _answer_finding(
                places, entries[0], sporsmal,
                f"Spørsmålet «{sporsmal}» finnes ikke i evalueringsskjemaet, men {len(entries)} evalueringer har "
                "svart på det. Et spørsmål slettes aldri: legg det tilbake under evalueringsskjema.sporsmal med "
                f"utgaatt: true ({{id: {sporsmal}, tekst: \"…\", utgaatt: true}}), så gjelder de tidligere svarene "
                "fortsatt og nye evalueringer svarer ikke på det.", "sporsmal-slettet")


def _tiltak(places: _Places, sted: str, dokument_id: str, record: Registrering, entries: tuple[Hendelse, ...],
            known: Known, handbok: Handbok, today: date) -> Iterator[Finding]:
    """The rules for evaluations and tiltak over one site × document's whole history."""
    site = handbok.plan.sted(sted)
    followed = site is not None and site.aktiv  # an inactive site's history is not followed up
    yield from _in_order(places, dokument_id, record, known)
    yield from _tiltak_dates(places, sted, dokument_id, record, entries, today if followed else None)
    dokument = handbok.dokument(dokument_id)
    if followed and dokument is not None and dokument.gjeldende and dokument.gjelder(sted):
        yield from _low_evaluation(places, sted, dokument_id, record, entries, handbok, today)


def _in_order(places: _Places, dokument_id: str, record: Registrering, known: Known) -> Iterator[Finding]:
    """Read in date order: an evaluation of a version not implemented, each new tiltak, and an entry about a
    tiltak that was never opened."""
    evaluated = {e.dato for e in record.evalueringer}
    ids = {h.id for h in record.hendelser if h.hendelse is H.TILTAK}
    opened: set[str] = set()
    implemented: Versjon | None = None
    for h in record.hendelser:
        if h.hendelse in (H.I_GANG, H.IMPLEMENTERT) and h.versjon is not None:
            implemented = h.versjon
        elif h.hendelse is H.EVALUERT and h.versjon is not None and h.versjon > (implemented or record.versjon or h.versjon):
            yield places.finding("feil", "evaluering-nyere-versjon", h, "versjon",
                                 f"Evalueringen gjelder versjon {h.versjon}, men tjenestestedet har registrert versjon "
                                 f"{implemented or record.versjon}. Registrer den nye versjonen først, eller rett "
                                 "versjonen i evalueringen.")
        elif h.hendelse is H.TILTAK:
            yield from _new_tiltak(places, h, opened, evaluated, known)
            opened.add(h.id)
        elif h.hendelse in (H.TILTAK_FRIST, H.TILTAK_LUKKET) and h.id not in ids:
            yield places.finding("feil", "tiltak-ukjent", h, "id",
                                 f"Det finnes ikke noe tiltak «{h.id}» for {dokument_id} her. Tiltakene her: "
                                 f"{', '.join(sorted(ids)) or 'ingen'}. Et tiltak åpnes med handbok tiltak.")


def _tiltak_dates(places: _Places, sted: str, dokument_id: str, record: Registrering, entries: tuple[Hendelse, ...],
                  today: date | None) -> Iterator[Finding]:
    """A tiltak closed before it was opened, and (at a site that is followed up: `today`) one that is overdue."""
    by_id = {t.id: t for t in record.tiltak}
    for h in entries:
        tiltak = by_id.get(h.id) if h.hendelse is H.TILTAK else None
        if tiltak is None:
            continue
        if tiltak.lukket is not None and tiltak.lukket < tiltak.opprettet:
            closing = next((e for e in entries if e.hendelse is H.TILTAK_LUKKET and e.id == h.id), h)
            yield places.finding("feil", "tiltak-dato-for-opprettet", closing, "dato",
                                 f"Lukket-datoen {dato(tiltak.lukket)} er før tiltaket ble opprettet "
                                 f"{dato(tiltak.opprettet)}. Rett datoene.")
        if today is not None and tiltak.status_per(today) is Tiltaksstatus.FORFALT:
            yield places.finding("advarsel", "tiltak-forfalt", h, "frist",
                                 f"Tiltaket «{tiltak.id}» skulle vært gjennomført innen {dato(tiltak.frist)}. Lukk det "
                                 f"med resultatet (handbok tiltak {sted} {dokument_id} --lukk {tiltak.id} --resultat "
                                 "\"…\"), eller sett en ny frist.")


def _low_evaluation(places: _Places, sted: str, dokument_id: str, record: Registrering, entries: tuple[Hendelse, ...],
                    handbok: Handbok, today: date) -> Iterator[Finding]:
    low = record.lav_evaluering(handbok.plan.skjema, today)
    entry = next((h for h in entries if h.hendelse is H.EVALUERT and h.dato == low.dato), None) if low else None
    if low is not None and entry is not None:
        yield places.finding("advarsel", "lav-evaluering-uten-tiltak", entry, None,
                             f"Evalueringen {dato(low.dato)} har svar under {handbok.plan.skjema.tiltak_under}, men "
                             "ingen tiltak. Bestem hva som skal rettes, hvem som har ansvaret og innen når: handbok "
                             f"tiltak {sted} {dokument_id} --beskrivelse \"…\" --ansvarlig ROLLE --frist ÅÅÅÅ-MM-DD.")


def _new_tiltak(places: _Places, h: Hendelse, opened: set[str], evaluated: set[date],
                known: Known) -> Iterator[Finding]:
    if h.id in opened:
        yield places.finding("feil", "duplikat-id", h, "id",
                             f"id «{h.id}» brukes av et annet tiltak for samme rutine. Gi hvert tiltak sin egen id.")
    if h.ansvarlig not in known.roller:
        hint = mente_du(h.ansvarlig, known.roller, " Skriv id-en til en rolle, aldri et navn.")
        yield places.finding("feil", "ukjent-rolle", h, "ansvarlig", f"Rollen «{h.ansvarlig}» finnes ikke.{hint}")
    if h.frist is not None and h.dato is not None and h.frist < h.dato:
        yield places.finding("feil", "tiltak-dato-for-opprettet", h, "frist",
                             f"Fristen {dato(h.frist)} er før tiltaket ble opprettet {dato(h.dato)}. Rett datoene.")
    if h.evaluering is not None and h.evaluering not in evaluated:
        yield places.finding("feil", "tiltak-ukjent-evaluering", h, "evaluering",
                             f"Det finnes ingen evaluering {dato(h.evaluering)} for denne rutinen her. Skriv datoen "
                             "til evalueringen tiltaket svarer på, eller fjern feltet.")


def _missing_evaluations(places: _Places, handbok: Handbok, today: date) -> Iterator[Finding]:
    """Warn where a site's next evaluation is overdue: the first (`mangler-evaluering`) or a later checkpoint
    (`evaluering-forfalt`), as the phase or the plan sets them — at the entry that implemented the version."""
    for cell in uevaluerte(handbok, today):
        record = cell.registrering
        if record is None or record.dato is None or cell.neste_evaluering is None:
            continue
        entry = record.status_hendelse
        if entry is None:
            continue
        how = f"Evaluer med det felles skjemaet: handbok evaluer {cell.sted} {cell.dokument} --svar …"
        if cell.antall_evalueringer:
            yield places.finding("advarsel", "evaluering-forfalt", entry, None,
                                 f"Evaluering nummer {cell.antall_evalueringer + 1} skulle vært gjort innen "
                                 f"{dato(cell.neste_evaluering)} (implementert {dato(record.dato)}, "
                                 f"{cell.antall_evalueringer} evaluert). {how}")
        else:
            yield places.finding("advarsel", "mangler-evaluering", entry, None,
                                 f"Implementert {dato(record.dato)}, men ikke evaluert innen "
                                 f"{dato(cell.neste_evaluering)}. {how}")
