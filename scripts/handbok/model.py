"""Model: schema-valid documents -> the typed, frozen Handbok (no I/O)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from typing import Any, Collection, Mapping

from .loading import Corpus, Document
from .yamlread import Path_

DEFAULT_EVALUERING_INNEN_DAGER = 90


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
    """One entry of a document's endringslogg (not a git change: that is history.Endring)."""

    versjon: Versjon
    dato: date
    endring: str


@dataclass(frozen=True)
class Rutine:
    id: str
    fil: str
    tittel: str
    versjon: Versjon
    dokumentstatus: Dokumentstatus
    eier: str
    godkjent_av: str
    godkjent_dato: date | None
    revideres_innen: date | None
    gjelder_for: tuple[str, ...]
    ansvar: Mapping[str, str]
    endringslogg: tuple[Endringslinje, ...]
    sammendrag: str = ""
    kategorier: tuple[str, ...] = ()
    hjemmel: tuple[str, ...] = ()
    erstattet_av: str | None = None
    tekst: str = ""

    @property
    def gjeldende(self) -> bool:
        return self.dokumentstatus is Dokumentstatus.GJELDENDE

    def gjelder(self, sted: str) -> bool:
        return "alle" in self.gjelder_for or sted in self.gjelder_for

    def endringer_etter(self, versjon: Versjon) -> tuple[Endringslinje, ...]:
        """Change-log entries newer than `versjon`: what a site has not yet implemented."""
        return tuple(e for e in self.endringslogg if e.versjon > versjon)

    def godkjenning(self, versjon: Versjon) -> Endringslinje | None:
        """The change-log entry that approved `versjon` (the approval record; git only tells when it was merged)."""
        return next((e for e in self.endringslogg if e.versjon == versjon), None)

    @property
    def godkjent(self) -> date | None:
        """The day the current version was approved: `godkjent_dato`, else its change-log entry's date."""
        entry = self.godkjenning(self.versjon)
        return self.godkjent_dato or (entry.dato if entry else None)

    def ny_praksis(self, endring: Endringslinje) -> bool:
        """The entry brought a MAJOR change over the approved version before it (not a first approval)."""
        earlier = [e.versjon for e in self.endringslogg if e.versjon < endring.versjon and e.versjon.major >= 1]
        return bool(earlier) and endring.versjon.er_major_endring_fra(max(earlier))


@dataclass(frozen=True)
class Funksjon:
    id: str
    fil: str
    tittel: str
    formaal: str
    ansvar: tuple[str, ...]
    kompetansekrav: tuple[str, ...] = ()
    rapporterer_til: str | None = None
    tekst: str = ""


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


@dataclass(frozen=True)
class Sporsmal:
    id: str
    tekst: str
    utgaatt: bool = False  # retired: not asked any more, but past answers to it stay valid


@dataclass(frozen=True)
class Evaluering:
    dato: date
    svar: Mapping[str, int]
    merknad: str = ""
    versjon: Versjon | None = None  # the version evaluated; None: the record's version (written before 0.x)


@dataclass(frozen=True)
class Evalueringsskjema:
    min: int
    maks: int
    sporsmal: tuple[Sporsmal, ...]
    tiltak_under: int | None = None  # an answer below this calls for a tiltak; None: no such rule

    def krever_tiltak(self, evaluering: Evaluering) -> bool:
        """The evaluation has an answer below the form's threshold, so the site should correct something."""
        return self.tiltak_under is not None and any(p < self.tiltak_under for p in evaluering.svar.values())


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


@dataclass(frozen=True)
class Registrering:
    status: Implementeringsstatus
    versjon: Versjon | None = None
    dato: date | None = None
    hvordan: str = ""
    begrunnelse: str = ""
    evalueringer: tuple[Evaluering, ...] = ()
    tiltak: tuple[Tiltak, ...] = ()
    tilbakeforinger: tuple[Tilbakeforing, ...] = ()

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


@dataclass(frozen=True)
class Implementeringsplan:
    tjenestesteder: tuple[Tjenestested, ...] = ()
    faser: tuple[Fase, ...] = ()
    skjema: Evalueringsskjema = Evalueringsskjema(1, 5, ())
    implementering: Mapping[str, Mapping[str, Registrering]] = field(default_factory=dict)
    evaluering_innen_dager: int = DEFAULT_EVALUERING_INNEN_DAGER

    def registrering(self, sted: str, rutine: str) -> Registrering | None:
        return self.implementering.get(sted, {}).get(rutine)

    def sted(self, sted_id: str) -> Tjenestested | None:
        return next((s for s in self.tjenestesteder if s.id == sted_id), None)

    @property
    def aktive_steder(self) -> tuple[Tjenestested, ...]:
        """The sites that follow the handbook now: the ones status, pages and reports show."""
        return tuple(s for s in self.tjenestesteder if s.aktiv)


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


def build_innstillinger(data: Mapping[str, Any] | None) -> Innstillinger:
    """Settings from schema-valid handbok.yaml data (None: the defaults)."""
    if not data:
        return Innstillinger()
    sok = data.get("sok") or {}
    personvern = data.get("personvern") or {}
    return Innstillinger(
        navn=data.get("navn") or Innstillinger.navn, repo_url=data.get("repo_url"),
        synonymer={word: tuple(others) for word, others in (sok.get("synonymer") or {}).items()},
        fellespostkasser=frozenset(a.lower() for a in personvern.get("fellespostkasser") or ()),
        testnumre=frozenset("".join(c for c in n if c.isdigit()) for n in personvern.get("testnumre") or ()),
        redigering=data.get("redigering"), roller_epost=dict(data.get("roller_epost") or {}),
    )


@dataclass(frozen=True)
class Handbok:
    rutiner: Mapping[str, Rutine]
    funksjoner: Mapping[str, Funksjon]
    plan: Implementeringsplan
    innstillinger: Innstillinger = Innstillinger()

    def rolle_tittel(self, rolle: str) -> str:
        """What a reader sees for a role id: its title, or the id when no description has it."""
        funksjon = self.funksjoner.get(rolle)
        return funksjon.tittel if funksjon else rolle

    def ansvar_for(self, rolle: str) -> list[tuple[Rutine, str]]:
        """Derived: the routines where `rolle` carries responsibility, with the text from each."""
        return [(r, r.ansvar[rolle]) for r in self.rutiner.values() if rolle in r.ansvar]


def build_handbok(corpus: Corpus, bad: Mapping[str, Collection[Path_]],
                  innstillinger: Innstillinger = Innstillinger()) -> Handbok:
    """Build the model from the documents, leaving out every part that has an error.

    `bad` maps a file to the paths of its schema errors; a routine or role with any error is
    left out, and in the plan only the site, phase or record that holds the error.
    """
    rutiner: dict[str, Rutine] = {}
    for doc in corpus.rutiner:
        if doc.data is not None and not bad.get(doc.fil):
            rutine = _rutine(doc)
            rutiner.setdefault(rutine.id, rutine)  # a duplicate id is reported by the references check
    funksjoner: dict[str, Funksjon] = {}
    for doc in corpus.funksjoner:
        if doc.data is not None and not bad.get(doc.fil):
            funksjon = _funksjon(doc)
            funksjoner.setdefault(funksjon.id, funksjon)
    plan = Implementeringsplan()
    if corpus.plan is not None and corpus.plan.data is not None:
        plan = _plan(corpus.plan.data, set(bad.get(corpus.plan.fil, ())))
    return Handbok(rutiner, funksjoner, plan, innstillinger)


def _rutine(doc: Document) -> Rutine:
    d = doc.data or {}
    return Rutine(
        id=d["id"], fil=doc.fil, tittel=d["tittel"], versjon=Versjon.parse(d["versjon"]),
        dokumentstatus=Dokumentstatus(d["dokumentstatus"]), eier=d["eier"], godkjent_av=d["godkjent_av"],
        godkjent_dato=_date(d.get("godkjent_dato")), revideres_innen=_date(d.get("revideres_innen")),
        gjelder_for=tuple(d["gjelder_for"]), ansvar=dict(d["ansvar"]),
        endringslogg=tuple(Endringslinje(Versjon.parse(e["versjon"]), date.fromisoformat(e["dato"]), e["endring"])
                           for e in d["endringslogg"]),
        sammendrag=d.get("sammendrag") or "", kategorier=tuple(d.get("kategorier") or ()),
        hjemmel=tuple(d.get("hjemmel") or ()), erstattet_av=d.get("erstattet_av"), tekst=doc.body,
    )


def _funksjon(doc: Document) -> Funksjon:
    d = doc.data or {}
    return Funksjon(
        id=d["id"], fil=doc.fil, tittel=d["tittel"], formaal=d["formaal"], ansvar=tuple(d["ansvar"]),
        kompetansekrav=tuple(d.get("kompetansekrav") or ()), rapporterer_til=d.get("rapporterer_til"),
        tekst=doc.body,
    )


def _plan(d: dict[str, Any], bad: set[Path_]) -> Implementeringsplan:
    bad = {p for p in bad if p}  # a missing top-level section is simply empty

    def clean(*path: str | int) -> bool:
        """No error inside this item, nor in anything that contains it."""
        return not any(p[: len(path)] == path or path[: len(p)] == p for p in bad)

    steder = tuple(Tjenestested(s["id"], s["navn"], s.get("aktiv", True))
                   for i, s in enumerate(_list(d, "tjenestesteder")) if clean("tjenestesteder", i))
    faser = tuple(Fase(f["id"], f["navn"], date.fromisoformat(f["start"]), date.fromisoformat(f["frist"]),
                       tuple(f["rutiner"]), f.get("beskrivelse") or "")
                  for i, f in enumerate(_list(d, "faser")) if clean("faser", i))
    skjema = Evalueringsskjema(1, 5, ())
    if clean("evalueringsskjema") and isinstance(d.get("evalueringsskjema"), dict):
        s = d["evalueringsskjema"]
        skjema = Evalueringsskjema(s["skala"]["min"], s["skala"]["maks"],
                                   tuple(Sporsmal(q["id"], q["tekst"], q.get("utgaatt", False))
                                         for q in s["sporsmal"]), s.get("tiltak_under"))
    implementering: dict[str, dict[str, Registrering]] = {}
    raw = d.get("implementering")
    for sted, records in (raw.items() if isinstance(raw, dict) else ()):
        if isinstance(records, dict):
            implementering[sted] = {rutine: _registrering(r) for rutine, r in records.items()
                                    if clean("implementering", sted, rutine)}
    settings = d.get("innstillinger") if clean("innstillinger") else None
    days = (settings or {}).get("evaluering_innen_dager", DEFAULT_EVALUERING_INNEN_DAGER)
    return Implementeringsplan(steder, faser, skjema, implementering, days)


def _registrering(r: dict[str, Any]) -> Registrering:
    return Registrering(
        status=Implementeringsstatus(r["status"]), versjon=_versjon(r.get("versjon")),
        dato=_date(r.get("dato")),
        hvordan=r.get("hvordan") or "", begrunnelse=r.get("begrunnelse") or "",
        evalueringer=tuple(Evaluering(date.fromisoformat(e["dato"]), dict(e["svar"]), e.get("merknad") or "",
                                      _versjon(e.get("versjon")))
                           for e in r.get("evalueringer") or ()),
        tiltak=tuple(_tiltak(t) for t in r.get("tiltak") or ()),
        tilbakeforinger=tuple(Tilbakeforing(date.fromisoformat(t["dato"]), Implementeringsstatus(t["fra"]), t["grunn"])
                              for t in r.get("tilbakeforinger") or ()),
    )


def _tiltak(t: dict[str, Any]) -> Tiltak:
    return Tiltak(
        id=t["id"], beskrivelse=t["beskrivelse"], ansvarlig=t["ansvarlig"], frist=date.fromisoformat(t["frist"]),
        opprettet=date.fromisoformat(t["opprettet"]),
        lukket=_date(t.get("lukket_dato")) if t["status"] == Tiltaksstatus.LUKKET else None,
        resultat=t.get("resultat") or "", evaluering=_date(t.get("evaluering")),
    )


def _versjon(value: str | None) -> Versjon | None:
    return Versjon.parse(value) if value else None


def _list(d: dict[str, Any], key: str) -> list[Any]:
    value = d.get(key)
    return value if isinstance(value, list) else []


def _date(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None
