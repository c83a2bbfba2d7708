"""Recording: `registrer`, `evaluer` and `tiltak` — the rules for adding one entry to a site's history.

Each command appends one dated entry to implementering/<sted>.yaml (the file is made when the site has
none): nothing that was written is changed, so the history keeps every implementation, evaluation, tiltak
and step back. The one editor (`yamlfile.edit`) locks, validates and writes; this module only decides what
may be recorded and what the entry says.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any, Callable, Mapping

from ..checks.run import CheckResult
from ..core.errors import Refused
from ..core.formatting import dato as norsk_dato
from ..core.model import VET_IKKE, Dokument, Evaluering, Handbok, Implementeringsstatus, Registrering, Rutine, Versjon
from ..core.suggest import mente_du
from ..source.cache import Cache
from ..source.ledger import site_file
from . import ledgerfile
from .yamlfile import Fil, edit

S = Implementeringsstatus
_ANSWER = re.compile(r"-?[0-9]{1,9}")
_SLUG = re.compile(r"[a-z0-9]+(-[a-z0-9]+)*")
# The statuses `registrer` writes; «evaluert» is what `evaluer` records, with the answers.
_REGISTRERBARE = (S.PLANLAGT, S.I_GANG, S.IMPLEMENTERT, S.IKKE_AKTUELT)
_ORDER = (S.IKKE_STARTET, S.PLANLAGT, S.I_GANG, S.IMPLEMENTERT, S.EVALUERT)


class RecordingRefused(Refused):
    """A refusal with a Norwegian explanation; nothing was written."""


@dataclass(frozen=True)
class Tilbake:
    """`registrer --tilbake --grunn`: the user means to set the status back, and says why."""

    grunn: str


@dataclass(frozen=True)
class NyRegistrering:
    """What `handbok registrer` records: a status, with its version, day, how and why (all optional)."""

    status: str
    versjon: str | None = None
    dato: date | None = None
    hvordan: str | None = None
    begrunnelse: str | None = None
    tilbake: Tilbake | None = None


@dataclass(frozen=True)
class NyttTiltak:
    """What `handbok tiltak` opens: what, who (a role id), by when; the evaluation it answers and its id
    are optional (the newest evaluation that calls for one; the next free «tN»)."""

    beskrivelse: str
    ansvarlig: str
    frist: date
    evaluering: date | None = None
    id: str | None = None


Entry = dict[str, Any]
Rules = Callable[[Handbok, Registrering | None, Versjon], tuple[Entry, str]]  # the record now, the current version


def registrer(root: Path, today: date, sted: str, dokument: str, ny: NyRegistrering, cache: Cache | None = None) -> str:
    def rules(handbok: Handbok, record: Registrering | None, current: Versjon) -> tuple[Entry, str]:
        return _registrering(sted, dokument, ny, record, current, ny.dato or today)

    if ny.status != S.PLANLAGT:  # a plan may name the day it starts
        _require_past(ny.dato, today)
    return _append(root, today, sted, dokument, cache, rules)


def evaluer(root: Path, today: date, sted: str, dokument: str, svar: Mapping[str, int | None], merknad: str | None,
            dato: date | None, cache: Cache | None = None) -> str:
    def rules(handbok: Handbok, record: Registrering | None, current: Versjon) -> tuple[Entry, str]:
        if record is None or not record.status.ferdig or record.versjon is None:
            raise RecordingRefused(f"{sted} har ikke registrert {dokument} som implementert. Registrer implementeringen "
                                   f"først: handbok registrer {sted} {dokument} --status implementert.")
        answers = _complete_answers(handbok, svar)
        entry = {"dato": _iso(dato or today), "hendelse": "evaluert", "versjon": str(record.versjon),
                 "svar": answers, "merknad": merknad}
        return entry, f"Evaluering registrert: {sted} / {dokument} ({len(answers)} svar)."

    _require_past(dato, today)
    return _append(root, today, sted, dokument, cache, rules)


def apne_tiltak(root: Path, today: date, sted: str, dokument: str, nytt: NyttTiltak, dato: date | None,
                cache: Cache | None = None) -> str:
    def rules(handbok: Handbok, record: Registrering | None, current: Versjon) -> tuple[Entry, str]:
        if record is None:
            raise RecordingRefused(f"{sted} har ingen registrering for {dokument}. Registrer statusen først: handbok "
                                   f"registrer {sted} {dokument} --status …")
        taken = {t.id for t in record.tiltak}
        tiltak_id = nytt.id or next(f"t{n}" for n in range(1, len(taken) + 2) if f"t{n}" not in taken)
        if tiltak_id in taken:
            raise RecordingRefused(f"Det finnes alt et tiltak «{tiltak_id}» for {sted} / {dokument}. Velg en annen --id.")
        low = record.lav_evaluering(handbok.plan.skjema, today)
        answers = nytt.evaluering or (low.dato if low else None)
        evaluated = next((e for e in record.evalueringer if e.dato == answers), None)
        versjon = _evaluated_version(record, evaluated) or record.versjon
        entry = {"dato": _iso(dato or today), "hendelse": "tiltak", "versjon": str(versjon) if versjon else None,
                 "id": tiltak_id, "beskrivelse": nytt.beskrivelse, "ansvarlig": nytt.ansvarlig,
                 "frist": _iso(nytt.frist), "evaluering": _iso(answers) if answers else None}
        return entry, f"Tiltak {tiltak_id} registrert: {sted} / {dokument}, frist {norsk_dato(nytt.frist)}."

    _require_past(dato, today)
    return _append(root, today, sted, dokument, cache, rules)


def lukk_tiltak(root: Path, today: date, sted: str, dokument: str, tiltak_id: str, resultat: str, dato: date | None,
                cache: Cache | None = None) -> str:
    def rules(handbok: Handbok, record: Registrering | None, current: Versjon) -> tuple[Entry, str]:
        found = next((t for t in reversed(record.tiltak) if t.id == tiltak_id), None) if record else None
        if found is None:
            known = ", ".join(t.id for t in record.tiltak) if record and record.tiltak else "ingen"
            raise RecordingRefused(f"{sted} / {dokument} har ikke noe tiltak «{tiltak_id}». Tiltakene her: {known}.")
        if found.lukket is not None:
            raise RecordingRefused(f"Tiltak {tiltak_id} ble lukket {norsk_dato(found.lukket)}. Et nytt funn blir et nytt "
                                   "tiltak.")
        entry = {"dato": _iso(dato or today), "hendelse": "tiltak-lukket", "id": tiltak_id, "resultat": resultat}
        return entry, f"Tiltak {tiltak_id} lukket: {sted} / {dokument}."

    _require_past(dato, today)
    return _append(root, today, sted, dokument, cache, rules, known_only=True)


def _append(root: Path, today: date, sted: str, dokument: str, cache: Cache | None, rules: Rules,
            known_only: bool = False) -> str:
    """Check the site and document, let `rules` make the entry, and append it to the site's history file."""
    if not _SLUG.fullmatch(sted):  # never a path from what was typed: only a site id names a file
        raise RecordingRefused(f"Tjenestestedet «{sted}» finnes ikke. En id har bare små bokstaver a–z, tall og "
                               "bindestrek.")
    rel = site_file(sted)

    def change(before: CheckResult, texts: Mapping[str, str]) -> tuple[dict[str, str], str]:
        handbok = before.handbok
        if known_only:
            _require_known(handbok, sted, dokument)
            current = handbok.dokument(dokument)
            versjon = current.versjon if current and current.versjon else Versjon(0, 0)
        else:
            versjon = _require_applies(handbok, sted, dokument)[1]
        entry, message = rules(handbok, handbok.plan.registrering(sted, dokument), versjon)
        site = handbok.plan.sted(sted)
        navn = site.navn if site else sted
        clean = {k: v for k, v in entry.items() if v is not None and v != ""}
        return {rel: ledgerfile.append(texts[rel], rel, sted, navn, dokument, [clean])}, message

    return edit(root, [Fil(rel, "historikk")], today, cache, change)


# --- the rules of registrer ------------------------------------------------------------------------------


def _registrering(sted: str, dokument: str, ny: NyRegistrering, old: Registrering | None, current: Versjon,
                  day: date) -> tuple[Entry, str]:
    allowed = [str(s) for s in _REGISTRERBARE]
    if ny.status == S.EVALUERT:
        raise RecordingRefused(f"Status evaluert registreres med svarene på evalueringsskjemaet: handbok evaluer {sted} "
                               f"{dokument} --svar …")
    if ny.status not in allowed and not (ny.status == S.IKKE_STARTET and ny.tilbake):
        raise RecordingRefused(f"Status «{ny.status}» finnes ikke. Bruk en av: {', '.join(allowed)}.")
    status = Implementeringsstatus(ny.status)
    if ny.versjon is not None:
        _require_version(ny.versjon, current, dokument)
    going_back = _goes_back(old, status, Versjon.parse(ny.versjon) if ny.versjon else _default_version(old, current))
    if going_back and old is not None and ny.tilbake is None:
        raise RecordingRefused(_back_message(sted, dokument, old, ny.status))
    if ny.tilbake is not None and not going_back:
        raise RecordingRefused(f"--tilbake brukes bare når statusen settes et steg tilbake, og «{ny.status}» er ikke "
                               "det. Ingenting er registrert.")
    if status is S.IKKE_AKTUELT and not ny.begrunnelse:
        raise RecordingRefused("Status ikke-aktuelt krever en begrunnelse: bruk --begrunnelse \"…\".")
    versjon = ny.versjon
    if versjon is None and status.krever_versjon:
        versjon = str(old.versjon if going_back and old and old.versjon else current)
    entry: Entry = {"dato": _iso(day), "hendelse": "tilbake" if going_back else str(status), "versjon": versjon,
                    "hvordan": ny.hvordan, "begrunnelse": ny.begrunnelse}
    if going_back and ny.tilbake is not None:
        entry.update(status=str(status), grunn=ny.tilbake.grunn)
    return entry, f"Registrert: {sted} / {dokument}: {status}" + (f", versjon {versjon}" if versjon else "") + "."


def _goes_back(old: Registrering | None, new: Implementeringsstatus, versjon: Versjon) -> bool:
    """A lower step than recorded, for the same version: a newer version (named with --versjon, or the current
    one after the document changed) is a new implementation, not a step back. ikke-aktuelt stands outside the
    steps (it needs a reason of its own)."""
    if old is None or old.status not in _ORDER or new not in _ORDER or _ORDER.index(new) >= _ORDER.index(old.status):
        return False
    return old.versjon is None or versjon <= old.versjon


def _default_version(old: Registrering | None, current: Versjon) -> Versjon:
    """The version a status without --versjon is about: the current one after a MAJOR change (the site implements
    it again), else the one recorded (a lower step for it is a step back)."""
    if old is None or old.versjon is None or current.er_major_endring_fra(old.versjon):
        return current
    return old.versjon


def _back_message(sted: str, dokument: str, old: Registrering, status: str) -> str:
    recorded = f"{old.status}" + (f" (versjon {old.versjon})" if old.versjon else "")
    return (f"{sted} har registrert {dokument} som {recorded}; «{status}» er et steg tilbake. Er det riktig, bruk "
            f"--tilbake --grunn \"hvorfor\" (grunnen lagres). Har dere tatt i bruk en ny versjon, bruk --versjon.")


# --- the rules of evaluer --------------------------------------------------------------------------------


def _complete_answers(handbok: Handbok, svar: Mapping[str, int | None]) -> dict[str, int | str]:
    """The answers in the form's order, when they answer every active question and nothing else."""
    skjema = handbok.plan.skjema
    active = skjema.aktive
    known = [q.id for q in active]
    for sporsmal, poeng in svar.items():
        if sporsmal not in known:
            retired = any(q.id == sporsmal for q in skjema.sporsmal)
            what = "er tatt ut av" if retired else "finnes ikke i"
            raise RecordingRefused(f"Spørsmålet «{sporsmal}» {what} evalueringsskjemaet. "
                                   f"Spørsmålene er: {', '.join(known)}.")
        question = next(q for q in active if q.id == sporsmal)
        if poeng is None and not skjema.tillater_vet_ikke(question):
            raise RecordingRefused(f"Skjemaet tillater ikke «vet-ikke» på {sporsmal}. Svar med et tall fra "
                                   f"{skjema.min} til {skjema.maks}.")
        if poeng is not None and not skjema.min <= poeng <= skjema.maks:
            raise RecordingRefused(f"Svaret {sporsmal}={poeng} er utenfor skalaen {skjema.min}–{skjema.maks}.")
    missing = [q.id for q in active if q.id not in svar]
    if missing:
        also = " (eller vet-ikke der skjemaet tillater det)" if any(skjema.tillater_vet_ikke(q) for q in active) else ""
        raise RecordingRefused(f"En evaluering svarer på hele skjemaet: svar mangler på {', '.join(missing)}. Gi et "
                               f"tall fra {skjema.min} til {skjema.maks}{also} for hvert spørsmål, f.eks. --svar "
                               f"{' '.join(f'{q}=…' for q in known)}. Ingenting er registrert.")
    return {q: (VET_IKKE if svar[q] is None else svar[q]) for q in known}  # type: ignore[misc]


def _evaluated_version(record: Registrering, evaluering: Evaluering | None) -> Versjon | None:
    return evaluering.versjon or record.versjon if evaluering else None


def parse_answers(pairs: list[str]) -> dict[str, int | None]:
    """["kjent=4", "fungerer=vet-ikke"] -> {"kjent": 4, "fungerer": None}."""
    answers: dict[str, int | None] = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        value = value.strip()
        if sep and value == VET_IKKE:
            answers[key.strip()] = None
            continue
        if not sep or not _ANSWER.fullmatch(value):  # ASCII digits only: int() takes «٣» and «²» too
            raise RecordingRefused(f"«{pair}» er ikke på formen spørsmål=tall, f.eks. kjent=4 (eller kjent=vet-ikke der "
                                   "skjemaet tillater det).")
        answers[key.strip()] = int(value)
    return answers


# --- what every command requires -------------------------------------------------------------------------


def _require_known(handbok: Handbok, sted: str, dokument: str) -> Dokument:
    """The rutine or funksjonsbeskrivelse `dokument` names, at a known site."""
    if handbok.plan.sted(sted) is None:
        raise RecordingRefused(f"Tjenestestedet «{sted}» finnes ikke.{_guess(sted, [s.id for s in handbok.plan.tjenestesteder])}")
    found = handbok.rutiner.get(dokument) or handbok.funksjoner.get(dokument)
    if found is None:
        raise RecordingRefused(f"Rutinen eller funksjonsbeskrivelsen «{dokument}» finnes ikke."
                               f"{_guess(dokument, [*handbok.rutiner, *handbok.funksjoner])}")
    return found


def _require_applies(handbok: Handbok, sted: str, dokument: str) -> tuple[Dokument, Versjon]:
    """Only a document in force that applies to an active site is recorded for it; with its current version."""
    document = _require_known(handbok, sted, dokument)
    site = handbok.plan.sted(sted)
    kind = "Rutinen" if isinstance(document, Rutine) else "Funksjonsbeskrivelsen"
    if site is not None and not site.aktiv:
        raise RecordingRefused(f"Tjenestestedet {sted} er ikke aktivt (aktiv: false); registreringene står som historikk. "
                               "Ingenting er registrert.")
    if document.versjon is None:
        raise RecordingRefused(f"Funksjonsbeskrivelsen {dokument} har ingen versjon ennå, så implementeringen kan ikke "
                               f"registreres. Legg til versjon og endringslogg i {document.fil} først.")
    if document.dokumentstatus.under_arbeid:
        raise RecordingRefused(f"{kind} {dokument} er ikke godkjent ennå (dokumentstatus: "
                               f"{document.dokumentstatus.tekst.lower()}, versjon {document.versjon}). Registrer når den "
                               "er gjeldende.")
    if not document.gjeldende:
        instead = (f" Registrer for {document.erstattet_av} i stedet."
                   if isinstance(document, Rutine) and document.erstattet_av else "")
        raise RecordingRefused(f"{kind} {dokument} er utgått og følges ikke opp lenger.{instead} Ingenting er registrert.")
    if isinstance(document, Rutine) and not document.gjelder(sted):
        raise RecordingRefused(f"Rutinen {dokument} gjelder ikke for {sted} (gjelder_for: "
                               f"{', '.join(document.gjelder_for)}). Ingenting er registrert.")
    return document, document.versjon


def _require_past(dato: date | None, today: date) -> None:
    if dato is not None and dato > today:
        raise RecordingRefused(f"Datoen {norsk_dato(dato)} er fram i tid (i dag er {norsk_dato(today)}). Registrer det "
                               "som har skjedd, med datoen det skjedde.")


def _require_version(versjon: str, current: Versjon, dokument: str) -> None:
    try:
        wanted = Versjon.parse(versjon)  # the whole text, ASCII digits only: «1.0\n» and « 1.0» are refused
    except ValueError:
        raise RecordingRefused(f"«{versjon}» er ikke en versjon. Skriv MAJOR.MINOR, f.eks. {current}.") from None
    if wanted > current:
        raise RecordingRefused(f"Versjon {versjon} er høyere enn gjeldende versjon {current} av {dokument}.")


def _guess(value: str, options: list[str]) -> str:
    return mente_du(value, options, f" Kjente: {', '.join(options)}.")


def _iso(day: date) -> str:
    return day.isoformat()
