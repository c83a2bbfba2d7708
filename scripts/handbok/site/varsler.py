"""Notices: each mailbox's events of a period (core.varsling) -> one plain-Norwegian e-mail with a link to every
page it names. Like the Atom feeds, a digest tells a role or a site what changed for it: it names documents,
roles and sites, never a person, and goes only to the shared mailboxes in handbok.yaml."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid

from ..core.formatting import antall, dato
from ..core.model import Dokument, Handbok, Tjenestested, Varseloppsett
from ..core.status import Status
from ..core.varsling import Hendelsestype, Mottaker, mottakere
from ..reports.templates import render_text
from .pages.paths import document_path, tjenestested_path, url_of

OVERSKRIFTER = {
    Hendelsestype.NY: "Nye dokumenter i kraft",
    Hendelsestype.MAJOR: "Ny praksis (MAJOR-endring)",
    Hendelsestype.REIMPLEMENTERING: "Må implementeres på nytt",
    Hendelsestype.FASEFRIST: "Frister for implementering",
    Hendelsestype.TILTAK: "Tiltak med frist",
    Hendelsestype.REVISJON: "Gjennomganger som nærmer seg",
}


def epostene(handbok: Handbok, oppsett: Varseloppsett, status: Status, fra: date, til: date,
             sendt: datetime | None = None) -> list[EmailMessage]:
    """One digest per mailbox that has something in [fra, til); `sendt` dates them (default: now)."""
    when = sendt or datetime.now(timezone.utc)
    return [_message(handbok, oppsett, m, fra, til, when) for m in mottakere(handbok, status, fra, til)]


def periode(fra: date, til: date) -> str:
    """«01.10.2026», or «01.10.2026–07.10.2026» for more than one day (`til` is the day after)."""
    last = til - timedelta(days=1)
    return dato(fra) if last <= fra else f"{dato(fra)}–{dato(last)}"


def _message(handbok: Handbok, oppsett: Varseloppsett, mottaker: Mottaker, fra: date, til: date,
             sendt: datetime) -> EmailMessage:
    message = EmailMessage()
    message["Subject"] = (f"{handbok.innstillinger.navn}: {antall(len(mottaker.hendelser), 'varsel', 'varsler')} "
                          f"({periode(fra, til)})")
    message["From"] = oppsett.avsender
    message["To"] = mottaker.adresse
    message["Date"] = format_datetime(sendt)
    message["Message-ID"] = make_msgid("handbok", domain=oppsett.avsender.rsplit("@", 1)[-1])
    message["Auto-Submitted"] = "auto-generated"  # RFC 3834: no out-of-office replies to this
    message.set_content(_body(handbok, oppsett, mottaker, fra, til))
    return message


def _body(handbok: Handbok, oppsett: Varseloppsett, mottaker: Mottaker, fra: date, til: date) -> str:
    groups = [(OVERSKRIFTER[kind], [e for e in mottaker.hendelser if e.type is kind]) for kind in Hendelsestype]

    def lenke(dokument: Dokument) -> str:
        return oppsett.nettsted + url_of(document_path(dokument))

    def stedslenke(sted: Tjenestested) -> str:
        return oppsett.nettsted + url_of(tjenestested_path(sted.id))

    return render_text("epost/oppsummering.txt", handbok=handbok, mottaker=mottaker, periode=periode(fra, til),
                       grupper=[(heading, events) for heading, events in groups if events], T=Hendelsestype,
                       lenke=lenke, stedslenke=stedslenke, nettsted=oppsett.nettsted, rolle_tittel=handbok.rolle_tittel)

