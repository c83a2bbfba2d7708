"""Follow-up: one site × document (routine or role description) record -> findings about its dates, evaluations and tiltak (§§ 8–9).

Called by the references check for every record, with the role ids that exist (one lookup, there).
"""

from __future__ import annotations

from datetime import date
from typing import Collection, Iterator

from ..core.findings import Finding, advarsel, feil
from ..core.formatting import dato
from ..core.model import Dokument, Handbok, Implementeringsstatus, Registrering, Tiltaksstatus
from ..core.suggest import mente_du
from ..source.loading import Document
from ..source.yamlread import Path_, field_name

Place = tuple[str, str, str]  # ("implementering", sted, dokument)


def check_record(plan: Document, path: Place, record: Registrering, dokument: Dokument | None, handbok: Handbok,
                 roller: Collection[str], today: date) -> Iterator[Finding]:
    yield from _future_dates(plan, path, record, today)
    yield from _evaluation_versions(plan, path, record)
    if record.versjon is not None and record.versjon.major == 0 and record.status.krever_versjon:
        yield feil("registrert-for-utkast", plan.fil, plan.line(*path, "versjon"), field_name((*path, "versjon")),
                   f"Versjon {record.versjon} er et utkast som ikke er godkjent, så den kan ikke være "
                   f"«{record.status}». Skriv den godkjente versjonen tjenestestedet har tatt i bruk, eller sett "
                   "status: planlagt til rutinen er godkjent.")
    sted = handbok.plan.sted(path[1])
    followed = sted is not None and sted.aktiv  # an inactive site's records are history, not followed up
    yield from _tiltak(plan, path, record, roller, today if followed else None)
    if followed and dokument is not None and dokument.gjeldende and dokument.gjelder(path[1]):
        low = record.lav_evaluering(handbok.plan.skjema, today)
        if low is not None:
            k = record.evalueringer.index(low)
            yield advarsel("lav-evaluering-uten-tiltak", plan.fil, plan.line(*path, "evalueringer", k),
                           field_name((*path, "evalueringer", k)),
                           f"Evalueringen {dato(low.dato)} har svar under {handbok.plan.skjema.tiltak_under}, men "
                           f"ingen tiltak. Bestem hva som skal rettes, hvem som har ansvaret og innen når: handbok "
                           f"tiltak {path[1]} {path[2]} --beskrivelse \"…\" --ansvarlig ROLLE --frist ÅÅÅÅ-MM-DD.")


def _future_dates(plan: Document, path: Place, record: Registrering, today: date) -> Iterator[Finding]:
    planned = record.status is Implementeringsstatus.PLANLAGT  # its date may be the planned start
    dates: list[tuple[Path_, date | None]] = [] if planned else [((*path, "dato"), record.dato)]
    dates += [((*path, "evalueringer", k, "dato"), e.dato) for k, e in enumerate(record.evalueringer)]
    dates += [((*path, "tiltak", k, "opprettet"), t.opprettet) for k, t in enumerate(record.tiltak)]
    dates += [((*path, "tiltak", k, "lukket_dato"), t.lukket) for k, t in enumerate(record.tiltak)]
    for where, day in dates:
        if day is not None and day > today:
            yield advarsel("dato-fram-i-tid", plan.fil, plan.line(*where), field_name(where),
                           f"Datoen {dato(day)} er fram i tid (i dag er {dato(today)}). Registrer det som har skjedd, "
                           "med datoen det skjedde.")


def _evaluation_versions(plan: Document, path: Place, record: Registrering) -> Iterator[Finding]:
    for k, evaluering in enumerate(record.evalueringer):
        if evaluering.versjon and record.versjon and evaluering.versjon > record.versjon:
            where = (*path, "evalueringer", k, "versjon")
            yield feil("evaluering-nyere-versjon", plan.fil, plan.line(*where), field_name(where),
                       f"Evalueringen gjelder versjon {evaluering.versjon}, men tjenestestedet har registrert "
                       f"versjon {record.versjon}. Registrer den nye versjonen først, eller rett versjonen i "
                       "evalueringen.")


def _tiltak(plan: Document, path: Place, record: Registrering, roller: Collection[str],
            today: date | None) -> Iterator[Finding]:
    """The rules for each tiltak; `today` None: nothing is overdue (the site is not followed up)."""
    seen: set[str] = set()
    evaluated = {e.dato for e in record.evalueringer}
    for k, tiltak in enumerate(record.tiltak):
        here = (*path, "tiltak", k)
        if tiltak.id in seen:
            yield feil("duplikat-id", plan.fil, plan.line(*here, "id"), field_name((*here, "id")),
                       f"id «{tiltak.id}» brukes av et annet tiltak for samme rutine. Gi hvert tiltak sin egen id.")
        seen.add(tiltak.id)
        if tiltak.ansvarlig not in roller:
            hint = mente_du(tiltak.ansvarlig, roller, " Skriv id-en til en rolle, aldri et navn.")
            yield feil("ukjent-rolle", plan.fil, plan.line(*here, "ansvarlig"), field_name((*here, "ansvarlig")),
                       f"Rollen «{tiltak.ansvarlig}» finnes ikke.{hint}")
        for key, what, day in (("frist", "Fristen", tiltak.frist), ("lukket_dato", "Lukket-datoen", tiltak.lukket)):
            if day is not None and day < tiltak.opprettet:
                yield feil("tiltak-dato-for-opprettet", plan.fil, plan.line(*here, key), field_name((*here, key)),
                           f"{what} {dato(day)} er før tiltaket ble opprettet {dato(tiltak.opprettet)}. Rett datoene.")
        if tiltak.evaluering is not None and tiltak.evaluering not in evaluated:
            yield feil("tiltak-ukjent-evaluering", plan.fil, plan.line(*here, "evaluering"),
                       field_name((*here, "evaluering")),
                       f"Det finnes ingen evaluering {dato(tiltak.evaluering)} for denne rutinen her. Skriv datoen "
                       "til evalueringen tiltaket svarer på, eller fjern feltet.")
        if today is not None and tiltak.status_per(today) is Tiltaksstatus.FORFALT:
            yield advarsel("tiltak-forfalt", plan.fil, plan.line(*here, "frist"), field_name((*here, "frist")),
                           f"Tiltaket «{tiltak.id}» skulle vært gjennomført innen {dato(tiltak.frist)}. Lukk det med "
                           f"resultatet (handbok tiltak {path[1]} {path[2]} --lukk {tiltak.id} --resultat \"…\"), "
                           "eller sett en ny frist.")
