"""Model: the typed, frozen Handbok — documents, roles, sites, the plan and its records (no I/O)."""

from __future__ import annotations

import calendar
from dataclasses import dataclass, field
from datetime import date, timedelta
from enum import StrEnum
from typing import Mapping

from .bekreftelser import BekreftelsesOppsett, Bekreftelsestall
from .formatting import tittelorden
from .statistikk import AvvikOppsett, Avvikstall, KompetanseOppsett, Kompetansetall

DEFAULT_EVALUERING_INNEN_DAGER = 90
DEFAULT_REIMPLEMENTERING_INNEN_DAGER = 90  # after a MAJOR change, days from its approval until a site is late


@dataclass(frozen=True, order=True)
class Versjon:
    """A document version "MAJOR.MINOR", parsed once. MAJOR: the practice changed, sites implement
    again; MINOR: wording only. Orders as numbers, so 2.10 comes after 2.9."""

    major: int
    minor: int

    @classmethod
    def parse(cls, text: str) -> Versjon:
        """"2.1" -> Versjon(2, 1); anything else raises ValueError."""
        major, dot, minor = text.partition(".")
        if not dot or not (major.isascii() and major.isdigit() and minor.isascii() and minor.isdigit()):
            raise ValueError(f"ikke en versjon: {text!r}")
        return cls(int(major), int(minor))

    def __str__(self) -> str:
        return f"{self.major}.{self.minor}"

    @property
    def slug(self) -> str:
        """For paths and ids: "2.1" -> "2-1"."""
        return f"{self.major}-{self.minor}"

    def er_major_endring_fra(self, eldre: Versjon) -> bool:
        """The one rule for "sites must implement again": a higher MAJOR than `eldre`."""
        return self.major > eldre.major


class Dokumentstatus(StrEnum):
    """A document's life cycle: utkast → hoering → gjeldende → utgaatt."""

    UTKAST = "utkast"
    HOERING = "hoering"
    GJELDENDE = "gjeldende"
    UTGAATT = "utgaatt"

    @property
    def tekst(self) -> str:
        return _DOKUMENTSTATUS_TEKST[self]

    @property
    def under_arbeid(self) -> bool:
        """Being prepared: not in force yet."""
        return self in (Dokumentstatus.UTKAST, Dokumentstatus.HOERING)


_DOKUMENTSTATUS_TEKST = {
    Dokumentstatus.UTKAST: "Utkast", Dokumentstatus.HOERING: "På høring",
    Dokumentstatus.GJELDENDE: "Gjeldende", Dokumentstatus.UTGAATT: "Utgått",
}


class Implementeringsstatus(StrEnum):
    """A site's state for one document: the six a site records, and the two that are derived
    (`ma-oppdateres` from an older MAJOR, `gjelder-ikke` from the document's gjelder_for)."""

    IKKE_STARTET = "ikke-startet"
    PLANLAGT = "planlagt"
    I_GANG = "i-gang"
    IMPLEMENTERT = "implementert"
    EVALUERT = "evaluert"
    IKKE_AKTUELT = "ikke-aktuelt"
    MA_OPPDATERES = "ma-oppdateres"
    GJELDER_IKKE = "gjelder-ikke"

    @property
    def tekst(self) -> str:
        return _STATUS_TEKST[self]

    @property
    def ferdig(self) -> bool:
        """Counts as implemented (andel_implementert, forsinket)."""
        return self in (Implementeringsstatus.IMPLEMENTERT, Implementeringsstatus.EVALUERT)

    @property
    def registrerbar(self) -> bool:
        """A status a site records; the other two are derived."""
        return self not in (Implementeringsstatus.MA_OPPDATERES, Implementeringsstatus.GJELDER_IKKE)

    @property
    def krever_versjon(self) -> bool:
        """A record with this status names the version it is about."""
        return self in (Implementeringsstatus.I_GANG, Implementeringsstatus.IMPLEMENTERT,
                        Implementeringsstatus.EVALUERT)

    @classmethod
    def registrerbare(cls) -> tuple[Implementeringsstatus, ...]:
        return tuple(s for s in cls if s.registrerbar)

    @classmethod
    def effektive(cls) -> tuple[Implementeringsstatus, ...]:
        """The statuses an applicable document can have at a site, in the order reports list them."""
        return (cls.IKKE_STARTET, cls.PLANLAGT, cls.I_GANG, cls.IMPLEMENTERT, cls.EVALUERT, cls.MA_OPPDATERES)


_STATUS_TEKST = {
    Implementeringsstatus.IKKE_STARTET: "Ikke startet",
    Implementeringsstatus.PLANLAGT: "Planlagt",
    Implementeringsstatus.I_GANG: "I gang",
    Implementeringsstatus.IMPLEMENTERT: "Implementert",
    Implementeringsstatus.EVALUERT: "Evaluert",
    Implementeringsstatus.IKKE_AKTUELT: "Ikke aktuelt",
    Implementeringsstatus.MA_OPPDATERES: "Må oppdateres",
    Implementeringsstatus.GJELDER_IKKE: "Gjelder ikke",
}


@dataclass(frozen=True)
class Endringslinje:
    """One entry of a document's endringslogg (not a git change: that is history.Endring). A MAJOR entry may
    set its own re-implementation period (days) or deadline instead of the plan's default."""

    versjon: Versjon
    dato: date
    endring: str
    reimplementering_innen_dager: int | None = None
    reimplementering_frist: date | None = None


class _Versjonert:
    """What a rutine and a funksjonsbeskrivelse share as versioned documents: status, change log, approval."""

    id: str
    tittel: str
    versjon: Versjon | None
    dokumentstatus: Dokumentstatus
    godkjent_dato: date | None
    revideres_innen: date | None
    endringslogg: tuple[Endringslinje, ...]

    @property
    def gjeldende(self) -> bool:
        return self.dokumentstatus is Dokumentstatus.GJELDENDE

    def endringer_etter(self, versjon: Versjon) -> tuple[Endringslinje, ...]:
        """Change-log entries newer than `versjon`: what a site has not yet implemented."""
        return tuple(e for e in self.endringslogg if e.versjon > versjon)

    def godkjenning(self, versjon: Versjon) -> Endringslinje | None:
        """The change-log entry that approved `versjon` (the approval record; git only tells when it was merged)."""
        return next((e for e in self.endringslogg if e.versjon == versjon), None)

    @property
    def godkjent(self) -> date | None:
        """The day the current version was approved: `godkjent_dato`, else its change-log entry's date."""
        entry = self.godkjenning(self.versjon) if self.versjon else None
        return self.godkjent_dato or (entry.dato if entry else None)

    def revisjonsfrist(self, intervall_maaneder: int | None) -> Revisjonsfrist | None:
        """The one rule for the review date: `revideres_innen` as written, else the approval date (or the
        latest change-log date) plus the handbook's interval; None when neither is known."""
        if self.revideres_innen is not None:
            return Revisjonsfrist(self.revideres_innen)
        base = self.godkjent_dato or max((e.dato for e in self.endringslogg), default=None)
        if base is None or intervall_maaneder is None:
            return None
        return Revisjonsfrist(legg_til_maaneder(base, intervall_maaneder), utledet=True)

    def godkjent_per(self, versjon: Versjon) -> date | None:
        """The day `versjon` was approved: the current version's `godkjent`, else its change-log entry's date."""
        if versjon == self.versjon:
            return self.godkjent
        entry = self.godkjenning(versjon)
        return entry.dato if entry else None

    def i_kraft(self, dag: date) -> Versjon | None:
        """The approved version (MAJOR 1 or more) in force on `dag`: the newest approved by then; None when none was."""
        if self.godkjent is None and not self.endringslogg:
            return self.versjon  # no approval dates at all: nothing tells when it came into force
        versjoner = {e.versjon for e in self.endringslogg} | ({self.versjon} if self.versjon else set())
        approved = [v for v in versjoner if v.major >= 1 and (d := self.godkjent_per(v)) is not None and d <= dag]
        return max(approved, default=None)

    def reimplementeringsfrist(self, standard_dager: int) -> date | None:
        """After a MAJOR change: the day a site that implemented an older MAJOR must have implemented this one —
        the change-log entry's own deadline or period, else `standard_dager` after the MAJOR was approved."""
        if self.versjon is None:
            return None
        first = min((e for e in self.endringslogg if e.versjon.major == self.versjon.major),
                    key=lambda e: e.versjon, default=None)
        start = self.godkjent_per(first.versjon) if first else self.godkjent
        if first is not None and first.reimplementering_frist is not None:
            return first.reimplementering_frist
        days = first.reimplementering_innen_dager if first and first.reimplementering_innen_dager else standard_dager
        return start + timedelta(days=days) if start else None

    def ny_praksis(self, endring: Endringslinje) -> bool:
        """The entry brought a MAJOR change over the approved version before it (not a first approval)."""
        earlier = [e.versjon for e in self.endringslogg if e.versjon < endring.versjon and e.versjon.major >= 1]
        return bool(earlier) and endring.versjon.er_major_endring_fra(max(earlier))


@dataclass(frozen=True)
class Hjemmel:
    """A legal basis the routine rests on, with a link to its text (Lovdata) when one is given."""

    tekst: str
    url: str | None = None


@dataclass(frozen=True)
class Vedlegg:
    """An attachment: a file kept in the handbook's vedlegg/ folder (`fil` is repository-relative)."""

    fil: str
    tittel: str


class Relasjon(StrEnum):
    """How a routine is tied to another document in its `relaterte`."""

    RELATERT = "relatert"
    BYGGER_PA = "bygger-pa"
    SKJEMA = "skjema"
    ERSTATTER = "erstatter"

    @property
    def tekst(self) -> str:
        """The link's label on the routine that names it."""
        return _RELASJON_TEKST[self][0]

    @property
    def tilbake(self) -> str:
        """The back-link's label on the page it names («Brukes av»)."""
        return _RELASJON_TEKST[self][1]


_RELASJON_TEKST = {
    Relasjon.RELATERT: ("Relatert", "viser hit"),
    Relasjon.BYGGER_PA: ("Bygger på", "bygger på denne"),
    Relasjon.SKJEMA: ("Skjema", "bruker denne som skjema"),
    Relasjon.ERSTATTER: ("Erstatter", "erstatter denne"),
}


@dataclass(frozen=True)
class Relatert:
    id: str  # a routine or a role
    type: Relasjon = Relasjon.RELATERT


@dataclass(frozen=True)
class Revisjonsfrist:
    """When a routine is to be reviewed: written in `revideres_innen`, or derived from its approval
    and the handbook's interval (`utledet`); shown and warned about alike."""

    dato: date
    utledet: bool = False


def legg_til_maaneder(dag: date, maaneder: int) -> date:
    """`dag` plus whole months; a day the month lacks becomes its last (31 Jan + 1 month = 28/29 Feb)."""
    month = dag.month - 1 + maaneder
    year, month = dag.year + month // 12, month % 12 + 1
    return dag.replace(year=year, month=month, day=min(dag.day, calendar.monthrange(year, month)[1]))


@dataclass(frozen=True)
class Rutine(_Versjonert):
    id: str
    fil: str
    tittel: str
    versjon: Versjon
    dokumentstatus: Dokumentstatus
    eier: str | None  # None only on a draft or a routine in hearing, which may lack what a routine in force needs
    godkjent_av: str
    godkjent_dato: date | None
    revideres_innen: date | None
    gjelder_for: tuple[str, ...]
    ansvar: Mapping[str, str]
    endringslogg: tuple[Endringslinje, ...]
    sammendrag: str = ""
    kategorier: tuple[str, ...] = ()
    hjemmel: tuple[Hjemmel, ...] = ()
    erstattet_av: str | None = None
    tekst: str = ""
    dokumentnummer: str | None = None
    malgruppe: tuple[str, ...] = ()
    utarbeidet_av: str | None = None
    kontrollert_av: str | None = None
    vedlegg: tuple[Vedlegg, ...] = ()
    relaterte: tuple[Relatert, ...] = ()
    type: str = "rutine"  # or "retningslinje": a shared (e.g. national) guideline, recorded like a routine

    @property
    def retningslinje(self) -> bool:
        return self.type == "retningslinje"

    def gjelder(self, sted: str) -> bool:
        return "alle" in self.gjelder_for or sted in self.gjelder_for


@dataclass(frozen=True)
class Funksjon(_Versjonert):
    """A funksjonsbeskrivelse. Without `versjon` (a file from before role descriptions were versioned) it is
    in force but cannot be part of the implementation plan."""

    id: str
    fil: str
    tittel: str
    formaal: str
    ansvar: tuple[str, ...]
    kompetansekrav: tuple[str, ...] = ()
    rapporterer_til: str | None = None
    tekst: str = ""
    versjon: Versjon | None = None
    dokumentstatus: Dokumentstatus = Dokumentstatus.GJELDENDE
    godkjent_av: str = ""
    godkjent_dato: date | None = None
    endringslogg: tuple[Endringslinje, ...] = ()
    revideres_innen: date | None = None  # never written on a role description: its review date is derived

    def gjelder(self, sted: str) -> bool:
        """A role description applies at every site."""
        return True


Dokument = Rutine | Funksjon  # what a phase lists and a site records: a rutine or a versioned funksjonsbeskrivelse


class Rolletype(StrEnum):
    """The kinds of lighter role handbok.yaml declares: roles with responsibilities but no funksjonsbeskrivelse."""

    GRUPPE = "gruppe"
    UTVALG = "utvalg"
    EKSTERN = "ekstern"

    @property
    def tekst(self) -> str:
        return _ROLLETYPE_TEKST[self]


_ROLLETYPE_TEKST = {Rolletype.GRUPPE: "Gruppe", Rolletype.UTVALG: "Utvalg", Rolletype.EKSTERN: "Ekstern"}


@dataclass(frozen=True)
class Rolle:
    """A lighter role from handbok.yaml (alle ansatte, AMU, fastlege): `ansvar`, `eier` and `rapporterer_til`
    may name it beside a funksjonsbeskrivelse."""

    id: str
    navn: str
    type: Rolletype
    beskrivelse: str = ""
    kontakt: str = ""

    @property
    def tittel(self) -> str:
        return self.navn


@dataclass(frozen=True)
class Tjenestested:
    id: str
    navn: str
    aktiv: bool = True  # an inactive site no longer follows the handbook; its records stay as history


@dataclass(frozen=True)
class Fase:
    id: str
    navn: str
    start: date
    frist: date
    rutiner: tuple[str, ...]
    beskrivelse: str = ""
    funksjonsbeskrivelser: tuple[str, ...] = ()
    evalueringer: tuple[int, ...] = ()  # checkpoints: months after a site implemented (empty: the plan's default)

    @property
    def dokumenter(self) -> tuple[str, ...]:
        return self.rutiner + self.funksjonsbeskrivelser


@dataclass(frozen=True)
class Evalueringspunkter:
    """When a site evaluates a document it implemented: `maaneder` after the implementation date, then every
    `hver_maaneder` months after the last of them. Without `maaneder` the first is due `innen_dager` days after."""

    innen_dager: int = 90
    maaneder: tuple[int, ...] = ()
    hver_maaneder: int | None = None

    def frist(self, implementert: date, nummer: int) -> date | None:
        """The date evaluation number `nummer` (0: the first) is due; None when no more are due."""
        if nummer < len(self.maaneder):
            return legg_til_maaneder(implementert, self.maaneder[nummer])
        if nummer == 0:
            return implementert + timedelta(days=self.innen_dager)
        if self.hver_maaneder:  # after the last listed checkpoint (or the first evaluation), every hver_maaneder
            last = self.maaneder[-1] if self.maaneder else 0
            steps = nummer - len(self.maaneder) + (1 if self.maaneder else 0)
            return legg_til_maaneder(implementert, last + steps * self.hver_maaneder)
        return None


VET_IKKE = "vet-ikke"  # the answer «vet ikke», where the form allows it


@dataclass(frozen=True)
class Sporsmal:
    id: str
    tekst: str
    utgaatt: bool = False  # retired: not asked any more, but past answers to it stay valid
    vet_ikke: bool | None = None  # «vet ikke» allowed for this question; None: as the form says


@dataclass(frozen=True)
class Evaluering:
    dato: date
    svar: Mapping[str, int | None]  # question id -> score; None: «vet ikke»
    merknad: str = ""
    versjon: Versjon | None = None  # the version evaluated; None: the record's version (written before 0.x)

    @property
    def poeng(self) -> dict[str, int]:
        """The answers that are scores (not «vet ikke»)."""
        return {q: p for q, p in self.svar.items() if p is not None}


@dataclass(frozen=True)
class Evalueringsskjema:
    min: int
    maks: int
    sporsmal: tuple[Sporsmal, ...]
    tiltak_under: int | None = None  # an answer below this calls for a tiltak; None: no such rule
    vet_ikke: bool = False  # «vet ikke» is an allowed answer to every question (a question may say otherwise)

    def krever_tiltak(self, evaluering: Evaluering) -> bool:
        """The evaluation has an answer below the form's threshold, so the site should correct something."""
        return self.tiltak_under is not None and any(p < self.tiltak_under for p in evaluering.poeng.values())

    @property
    def aktive(self) -> tuple[Sporsmal, ...]:
        """The questions asked now: every one an evaluation must answer."""
        return tuple(q for q in self.sporsmal if not q.utgaatt)

    def tillater_vet_ikke(self, sporsmal: Sporsmal) -> bool:
        return self.vet_ikke if sporsmal.vet_ikke is None else sporsmal.vet_ikke


class Tiltaksstatus(StrEnum):
    """A corrective action's state: the two a site records, and `forfalt` (open past its deadline)."""

    APEN = "apen"
    FORFALT = "forfalt"
    LUKKET = "lukket"

    @property
    def tekst(self) -> str:
        return _TILTAK_TEKST[self]


_TILTAK_TEKST = {Tiltaksstatus.APEN: "Åpen", Tiltaksstatus.LUKKET: "Lukket", Tiltaksstatus.FORFALT: "Forfalt"}


@dataclass(frozen=True)
class Tiltak:
    """A corrective action (§ 9) for one site × routine: what, who (a role), by when, and what came of it."""

    id: str
    beskrivelse: str
    ansvarlig: str
    frist: date
    opprettet: date
    lukket: date | None = None  # the day it was closed (lukket_dato); None while open
    resultat: str = ""
    evaluering: date | None = None  # the date of the evaluation it answers
    versjon: Versjon | None = None  # the version of the document it concerns

    def status_per(self, dag: date) -> Tiltaksstatus | None:
        """Its state on `dag`; None when it was not opened yet."""
        if self.opprettet > dag:
            return None
        if self.lukket is not None and self.lukket <= dag:
            return Tiltaksstatus.LUKKET
        return Tiltaksstatus.FORFALT if self.frist < dag else Tiltaksstatus.APEN

    def svarer_pa(self, evaluering: Evaluering) -> bool:
        """It answers this evaluation: names its date, or (naming none) was opened on or after it."""
        return self.evaluering == evaluering.dato if self.evaluering else self.opprettet >= evaluering.dato


@dataclass(frozen=True)
class Tilbakeforing:
    """A status set back on purpose (`registrer --tilbake`), with the reason: kept as history."""

    dato: date
    fra: Implementeringsstatus
    grunn: str


class Hendelsestype(StrEnum):
    """What one entry of a site's history records."""

    PLANLAGT = "planlagt"
    I_GANG = "i-gang"
    IMPLEMENTERT = "implementert"
    EVALUERT = "evaluert"
    IKKE_AKTUELT = "ikke-aktuelt"
    TILBAKE = "tilbake"  # a step back, with the status it goes back to and the reason
    TILTAK = "tiltak"  # a corrective action opened
    TILTAK_FRIST = "tiltak-frist"  # an open corrective action given a new deadline
    TILTAK_LUKKET = "tiltak-lukket"  # a corrective action closed, with its result

    @property
    def tekst(self) -> str:
        return _HENDELSE_TEKST[self]

    @property
    def status(self) -> Implementeringsstatus | None:
        """The status this kind of entry sets (a step back names its own)."""
        return _HENDELSE_STATUS.get(self)


_HENDELSE_TEKST = {
    Hendelsestype.PLANLAGT: "Planlagt", Hendelsestype.I_GANG: "I gang", Hendelsestype.IMPLEMENTERT: "Implementert",
    Hendelsestype.EVALUERT: "Evaluert", Hendelsestype.IKKE_AKTUELT: "Ikke aktuelt", Hendelsestype.TILBAKE: "Satt tilbake",
    Hendelsestype.TILTAK: "Tiltak", Hendelsestype.TILTAK_FRIST: "Ny frist for tiltak",
    Hendelsestype.TILTAK_LUKKET: "Tiltak lukket",
}
_HENDELSE_STATUS = {
    Hendelsestype.PLANLAGT: Implementeringsstatus.PLANLAGT, Hendelsestype.I_GANG: Implementeringsstatus.I_GANG,
    Hendelsestype.IMPLEMENTERT: Implementeringsstatus.IMPLEMENTERT,
    Hendelsestype.IKKE_AKTUELT: Implementeringsstatus.IKKE_AKTUELT,
}


@dataclass(frozen=True)
class Hendelse:
    """One entry of a site's history for one document: what happened on which day. Entries are only ever
    added; the site's current record is derived from them (`historikk.registrering`)."""

    hendelse: Hendelsestype
    dato: date | None  # None only for a plan written without a day in the old form
    versjon: Versjon | None = None
    hvordan: str = ""
    begrunnelse: str = ""  # ikke-aktuelt: why
    status: Implementeringsstatus | None = None  # tilbake: the status it goes back to
    fra: Implementeringsstatus | None = None  # tilbake, old form: the status it went back from
    grunn: str = ""  # tilbake, tiltak-frist: why
    svar: Mapping[str, int | None] = field(default_factory=dict)  # evaluert; None: «vet ikke»
    merknad: str = ""
    id: str = ""  # tiltak, tiltak-frist, tiltak-lukket: the tiltak's id
    beskrivelse: str = ""
    ansvarlig: str = ""
    frist: date | None = None
    evaluering: date | None = None  # tiltak: the evaluation it answers
    resultat: str = ""
    fil: str = field(default="", compare=False)  # where it is written: file and key path (for findings)
    sti: tuple[str | int, ...] = field(default=(), compare=False)
    nokkel: str = field(default="", compare=False)  # identity across git history (`source.ledger.entry_key`)


@dataclass(frozen=True)
class Bevis:
    """The commit that first held an entry: what an inspector can check in the repository."""

    sha: str
    dato: date

    @property
    def kort(self) -> str:
        return self.sha[:7]


@dataclass(frozen=True)
class Registrering:
    """A site's current state for one document, derived from its history (`historikk.registrering`)."""

    status: Implementeringsstatus
    versjon: Versjon | None = None
    dato: date | None = None
    hvordan: str = ""
    begrunnelse: str = ""
    evalueringer: tuple[Evaluering, ...] = ()
    tiltak: tuple[Tiltak, ...] = ()
    tilbakeforinger: tuple[Tilbakeforing, ...] = ()
    hendelser: tuple[Hendelse, ...] = ()  # the history it is derived from, in date order
    hoyeste_implementert: Versjon | None = None  # the highest version the site ever recorded as implemented

    @property
    def status_hendelse(self) -> Hendelse | None:
        """The entry that set the current status (the newest that sets one): where a finding about it points."""
        return next((h for h in reversed(self.hendelser) if h.hendelse.status is not None or h.status is not None),
                    None)

    def evaluert_versjon(self, evaluering: Evaluering) -> Versjon | None:
        """The version an evaluation was made for: its own, else the record's."""
        return evaluering.versjon or self.versjon

    @property
    def gjeldende_evalueringer(self) -> tuple[Evaluering, ...]:
        """The evaluations of the version the site has now; older ones stay as history."""
        return tuple(e for e in self.evalueringer if self.evaluert_versjon(e) == self.versjon)

    def tiltak_per(self, dag: date) -> tuple[tuple[Tiltak, Tiltaksstatus], ...]:
        """The tiltak opened by `dag`, each with its state that day, in the order written."""
        found = ((t, t.status_per(dag)) for t in self.tiltak)
        return tuple((t, s) for t, s in found if s is not None)

    def lav_evaluering(self, skjema: Evalueringsskjema, dag: date) -> Evaluering | None:
        """The newest evaluation (by `dag`) of the version the site has now, when it calls for a tiltak
        and no tiltak opened by `dag` answers it."""
        done = [e for e in self.gjeldende_evalueringer if e.dato <= dag]
        newest = max(done, key=lambda e: e.dato, default=None)
        if newest is None or not skjema.krever_tiltak(newest):
            return None
        return None if any(t.svarer_pa(newest) for t, _ in self.tiltak_per(dag)) else newest


Historikk = Mapping[str, Mapping[str, tuple[Hendelse, ...]]]  # sted -> dokument -> entries, as written


@dataclass(frozen=True)
class Implementeringsplan:
    """The plan and every site's history; `implementering` is derived from `historikk`
    (`historikk.med_historikk` builds both)."""

    tjenestesteder: tuple[Tjenestested, ...] = ()
    faser: tuple[Fase, ...] = ()
    skjema: Evalueringsskjema = Evalueringsskjema(1, 5, ())
    implementering: Mapping[str, Mapping[str, Registrering]] = field(default_factory=dict)
    evaluering_innen_dager: int = DEFAULT_EVALUERING_INNEN_DAGER
    evaluering_hver_maaneder: int | None = None  # evaluations recur this often (None: after the phase's checkpoints, no more)
    historikk: Historikk = field(default_factory=dict)
    reimplementering_innen_dager: int = DEFAULT_REIMPLEMENTERING_INNEN_DAGER

    def registrering(self, sted: str, dokument: str) -> Registrering | None:
        return self.implementering.get(sted, {}).get(dokument)

    def evalueringspunkter(self, fase: Fase | None) -> Evalueringspunkter:
        """The checkpoints for a document in `fase` (None: in no phase): the phase's months, else the plan's."""
        return Evalueringspunkter(self.evaluering_innen_dager, fase.evalueringer if fase else (),
                                  self.evaluering_hver_maaneder)

    def sted(self, sted_id: str) -> Tjenestested | None:
        return next((s for s in self.tjenestesteder if s.id == sted_id), None)

    @property
    def aktive_steder(self) -> tuple[Tjenestested, ...]:
        """The sites that follow the handbook now: the ones status, pages and reports show."""
        return tuple(s for s in self.tjenestesteder if s.aktiv)


@dataclass(frozen=True)
class Varseloppsett:
    """Change notices by e-mail: where the published handbook is (for the links) and who the mail is from."""

    nettsted: str  # the published site's address, ending in "/"
    avsender: str


@dataclass(frozen=True)
class Innstillinger:
    """handbok.yaml: the handbook's own settings; every field has a default, so the file is optional."""

    navn: str = "Rutinehåndbok"
    repo_url: str | None = None
    synonymer: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    fellespostkasser: frozenset[str] = frozenset()  # lower case
    testnumre: frozenset[str] = frozenset()  # digits only
    redigering: str | None = None  # "github" | "gitlab"; None: told by the host in repo_url
    roller_epost: Mapping[str, str] = field(default_factory=dict)  # rolle id -> address for suggestions
    revisjon_maaneder: int | None = None  # months from approval to review when a routine names no date
    roller: Mapping[str, Rolle] = field(default_factory=dict)  # the lighter roles, by id
    avvik: AvvikOppsett | None = None  # how a deviation system's CSV export is read
    kompetanse: KompetanseOppsett | None = None  # the shared competence form
    bekreftelser: BekreftelsesOppsett | None = None  # «lest og forstått»: the form link, its export, headcounts
    tjenestested_epost: Mapping[str, str] = field(default_factory=dict)  # tjenestested id -> shared mailbox
    varsler: Varseloppsett | None = None  # change notices by e-mail (`handbok varsle`)

    @property
    def git_tjener(self) -> str:
        """Which web editor repo_url leads to: the setting, else GitLab when the host says so, else GitHub."""
        if self.redigering:
            return self.redigering
        host = (self.repo_url or "").split("/")[2:3]
        return "gitlab" if host and "gitlab" in host[0].lower() else "github"

    @property
    def personvern_nokkel(self) -> str:
        """Part of the privacy check's cache key: another allow-list, other verdicts."""
        return repr((sorted(self.fellespostkasser), sorted(self.testnumre)))


@dataclass(frozen=True)
class Handbok:
    rutiner: Mapping[str, Rutine]
    funksjoner: Mapping[str, Funksjon]
    plan: Implementeringsplan
    innstillinger: Innstillinger = Innstillinger()
    avvik: Avvikstall = Avvikstall()
    kompetanse: Kompetansetall = Kompetansetall()
    bekreftelser: Bekreftelsestall = Bekreftelsestall()

    def rolle_tittel(self, rolle: str) -> str:
        """What a reader sees for a role id: a funksjonsbeskrivelse's title, a lighter role's name, else the id."""
        found = self.rolle(rolle)
        return found.tittel if isinstance(found, Funksjon) else found.navn if found else rolle

    def ansvar_for(self, rolle: str) -> list[tuple[Rutine, str]]:
        """Derived: the routines where `rolle` carries responsibility, with the text from each."""
        return [(r, r.ansvar[rolle]) for r in self.rutiner.values() if rolle in r.ansvar]

    def revisjonsfrist(self, dokument: Dokument) -> Revisjonsfrist | None:
        """The document's effective review date under this handbook's interval (pages, checks, reports)."""
        return dokument.revisjonsfrist(self.innstillinger.revisjon_maaneder)

    def brukes_av(self) -> dict[str, list[tuple[Rutine, Relasjon]]]:
        """Derived, once per build: document id -> the routines naming it in `relaterte`, by title."""
        found: dict[str, list[tuple[Rutine, Relasjon]]] = {}
        for rutine in sorted(self.rutiner.values(), key=lambda r: tittelorden(r.tittel)):
            for relatert in rutine.relaterte:
                if relatert.id != rutine.id:
                    found.setdefault(relatert.id, []).append((rutine, relatert.type))
        return found
    def rolle(self, rolle_id: str) -> Funksjon | Rolle | None:
        """The one role lookup: a funksjonsbeskrivelse, else a lighter role from handbok.yaml."""
        return self.funksjoner.get(rolle_id) or self.innstillinger.roller.get(rolle_id)

    @property
    def rolle_ider(self) -> set[str]:
        """Every id `ansvar`, `eier` and `rapporterer_til` may name."""
        return set(self.funksjoner) | set(self.innstillinger.roller)

    def dokument(self, dokument_id: str) -> Dokument | None:
        """What a phase or a site's record names: a rutine, else a versioned funksjonsbeskrivelse (ids are
        unique across both; `references` reports a clash and the rutine wins)."""
        funksjon = self.funksjoner.get(dokument_id)
        return self.rutiner.get(dokument_id) or (funksjon if funksjon and funksjon.versjon else None)

    @property
    def dokumenter(self) -> list[Dokument]:
        """Every rutine and every versioned funksjonsbeskrivelse, rutiner first."""
        return [*self.rutiner.values(), *(f for f in self.funksjoner.values()
                                         if f.versjon and f.id not in self.rutiner)]
