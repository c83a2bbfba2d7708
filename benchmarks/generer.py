"""Synthetic handbook generator: writes a valid handbook of any size, optionally with git history.

    python benchmarks/generer.py --rutiner 2000 --funksjoner 300 --tjenestesteder 150 --per-sted 300 \
        --commits 3000 MAPPE

Everything is drawn from one seeded RNG, so the same arguments always give the same bytes. The
routine texts are assembled from realistic home-care sentences (400–800 words each). The handbook
is written so that `handbok sjekk --dato 2026-11-22` reports no findings at all: every role carries
responsibility in some routine in force, no review date has passed, and every site record that is
implemented long ago has been evaluated. What it does contain on purpose, because the derived
status must handle it: records at an older MAJOR than the routine (må oppdateres), phases whose
deadline has passed with sites not done (forsinket), `ikke-aktuelt` with a reason, drafts, routines
in consultation and superseded routines with `erstattet_av`.

With `--commits C` the folder becomes a git repository with C commits on main (every tenth a merged
pull request), written with `git fast-import`; the last commit's tree equals the written files.
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import random
import re
import subprocess
import sys
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import Iterator, Sequence

DATO = date(2026, 11, 22)  # the fixed "today" the handbook is generated for
EVALUERING_INNEN_DAGER = 90
FORSTE_COMMIT = datetime(2023, 1, 2, 8, 0, tzinfo=timezone(timedelta(hours=1)))
SISTE_COMMIT = datetime(2026, 11, 1, 16, 0, tzinfo=timezone(timedelta(hours=1)))
FORFATTERE = ("Kari Nordmann <kari.nordmann@example.org>", "Ola Hansen <ola.hansen@example.org>",
              "Aisha Ali <aisha.ali@example.org>", "Per Johansen <per.johansen@example.org>")
GIT_ENV = {"GIT_CONFIG_NOSYSTEM": "1", "GIT_CONFIG_GLOBAL": os.devnull, "LC_ALL": "C"}

# --- vocabulary ------------------------------------------------------------------------------------

ROLLER: tuple[tuple[str, str, str], ...] = (  # id, title, purpose
    ("avdelingsleder", "Avdelingsleder", "Leder tjenestestedet og har det overordnede ansvaret for forsvarlige tjenester."),
    ("sykepleier", "Sykepleier", "Sikrer forsvarlig sykepleie og faglige vurderinger hos brukerne."),
    ("helsefagarbeider", "Helsefagarbeider", "Gir praktisk og personlig bistand etter brukerens vedtak og tiltaksplan."),
    ("primaerkontakt", "Primærkontakt", "Følger opp brukerens mål, tiltak og samarbeidet med pårørende."),
    ("fagutviklingssykepleier", "Fagutviklingssykepleier", "Holder rutinene oppdatert og driver opplæring og fagutvikling."),
    ("vernepleier", "Vernepleier", "Gir miljøterapeutisk oppfølging og bistår brukere med kognitiv svikt."),
    ("fysioterapeut", "Fysioterapeut", "Vurderer funksjon, balanse og behov for trening i hjemmet."),
    ("ergoterapeut", "Ergoterapeut", "Vurderer hjelpemidler og tilrettelegging av boligen."),
    ("teamleder", "Teamleder", "Fordeler oppgavene i teamet og sikrer at vaktene er bemannet."),
    ("koordinator", "Koordinator", "Koordinerer tjenestene for brukere med behov for langvarige og koordinerte tjenester."),
    ("merkantil", "Merkantil medarbeider", "Ivaretar arkiv, nøkler, timelister og kontorstøtte."),
    ("assistent", "Assistent", "Utfører praktiske oppgaver etter opplæring og veiledning."),
    ("spesialsykepleier", "Spesialsykepleier", "Gir avansert sykepleie og veileder kolleger."),
    ("kreftsykepleier", "Kreftsykepleier", "Følger opp brukere med kreft og lindrende behandling."),
    ("demenskoordinator", "Demenskoordinator", "Følger opp brukere med demens og deres pårørende."),
    ("sarsykepleier", "Sårsykepleier", "Vurderer og behandler kroniske sår."),
    ("hygienesykepleier", "Hygienesykepleier", "Holder smittevernarbeidet oppdatert og gir råd ved utbrudd."),
    ("legemiddelansvarlig", "Legemiddelansvarlig sykepleier", "Har ansvar for legemiddelrommet og opplæring i legemiddelhåndtering."),
    ("tilsynslege", "Tilsynslege", "Gir medisinskfaglig rådgivning til tjenestestedet."),
    ("kvalitetsradgiver", "Kvalitetsrådgiver", "Følger opp avvik, internkontroll og forbedringsarbeid."),
)
KVALIFIKASJONER: tuple[tuple[str, str], ...] = (
    ("natt", "natt"), ("helg", "helg"), ("kveld", "kveld"), ("nord", "sone nord"), ("sor", "sone sør"),
    ("ost", "sone øst"), ("vest", "sone vest"), ("sentrum", "sentrum"), ("rehabilitering", "rehabilitering"),
    ("demens", "demensteamet"), ("psykisk-helse", "psykisk helse"), ("rus", "rus"),
    ("omsorgsbolig", "omsorgsbolig"), ("korttid", "korttidsopphold"), ("palliasjon", "lindrende enhet"),
)
STEDSNAVN = ("Nord", "Sør", "Øst", "Vest", "Sentrum", "Fjellet", "Sjøsiden", "Bakkehaugen", "Elvebredden",
             "Lia", "Dalen", "Moen", "Haugen", "Strand", "Vika", "Berget", "Skogen", "Nesset", "Øya", "Heia",
             "Sletta", "Bråten", "Tunet", "Holmen", "Kroken", "Myra", "Løkka", "Åsen", "Gården", "Bryggen")
TEMAER: tuple[tuple[str, str, tuple[str, ...]], ...] = (  # slug, title, categories
    ("legemiddelhandtering", "Legemiddelhåndtering", ("legemidler", "pasientsikkerhet")),
    ("fallforebygging", "Fallforebygging", ("pasientsikkerhet",)),
    ("primaerkontakt", "Primærkontakt og primærteam", ("samhandling",)),
    ("avviksmelding", "Avviksmelding og oppfølging av avvik", ("kvalitet",)),
    ("ernaering", "Ernæring og vektoppfølging", ("ernaering",)),
    ("trykksar", "Forebygging og behandling av trykksår", ("pasientsikkerhet", "sar")),
    ("smittevern", "Smittevern og håndhygiene", ("smittevern",)),
    ("nokkelhandtering", "Nøkkelhåndtering og nøkkelbokser", ("sikkerhet",)),
    ("dokumentasjon", "Dokumentasjon i journal", ("dokumentasjon",)),
    ("utskrivning", "Mottak av brukere ved utskrivning fra sykehus", ("samhandling",)),
    ("vold-og-trusler", "Vold og trusler i hjemmet", ("hms",)),
    ("brukermedvirkning", "Brukermedvirkning og brukerens mål", ("samhandling",)),
    ("parorendesamarbeid", "Samarbeid med pårørende", ("samhandling",)),
    ("lindrende-behandling", "Lindrende behandling i livets sluttfase", ("lindrende",)),
    ("demensomsorg", "Oppfølging av brukere med demens", ("demens",)),
    ("hjelpemidler", "Hjelpemidler og tilrettelegging i hjemmet", ("hjelpemidler",)),
    ("vaktrapport", "Vaktrapport og overlevering", ("dokumentasjon", "samhandling")),
    ("tvang", "Helsehjelp til pasienter uten samtykkekompetanse", ("rettigheter",)),
    ("taushetsplikt", "Taushetsplikt og opplysningsplikt", ("rettigheter",)),
    ("munnstell", "Munnstell og tannhelse", ("stell",)),
    ("diabetes", "Oppfølging av brukere med diabetes", ("sykdom",)),
    ("kols", "Oppfølging av brukere med KOLS", ("sykdom",)),
    ("sarbehandling", "Sårbehandling", ("sar",)),
    ("ikke-apnet-dor", "Når brukeren ikke åpner døren", ("pasientsikkerhet",)),
    ("brann", "Brannforebygging hos hjemmeboende", ("sikkerhet",)),
    ("velferdsteknologi", "Velferdsteknologi og trygghetsalarm", ("teknologi",)),
    ("opplaering", "Opplæring av nyansatte", ("kompetanse",)),
    ("kartlegging", "Kartlegging ved oppstart av tjenester", ("dokumentasjon",)),
    ("kontinens", "Inkontinens og kateterstell", ("stell",)),
    ("akutt-forverring", "Akutt forverring og bruk av NEWS", ("pasientsikkerhet",)),
)
ASPEKTER = ("ved oppstart", "på natt", "i helg", "i omsorgsbolig", "ved utskrivning", "for nye brukere",
            "i samarbeid med fastlegen", "ved korttidsopphold", "ved høy risiko", "i distriktet",
            "ved ferieavvikling", "ved bruk av vikarer")
HJEMLER = ("Forskrift om ledelse og kvalitetsforbedring § 6", "Forskrift om ledelse og kvalitetsforbedring § 7",
           "Forskrift om ledelse og kvalitetsforbedring § 8", "Forskrift om ledelse og kvalitetsforbedring § 9",
           "Helsepersonelloven § 39", "Helsepersonelloven § 21", "Pasient- og brukerrettighetsloven § 3-1",
           "Pasient- og brukerrettighetsloven kapittel 4A", "Legemiddelhåndteringsforskriften § 4",
           "Forskrift om smittevern i helse- og omsorgstjenesten", "Kvalitetsforskriften for pleie- og omsorgstjenestene",
           "Helse- og omsorgstjenesteloven § 4-1")
SUBJEKTER = ("primærkontakten", "sykepleieren på vakt", "helsefagarbeideren", "avdelingslederen",
             "fagutviklingssykepleieren", "den som utfører besøket", "teamlederen", "ergoterapeuten",
             "fysioterapeuten", "vernepleieren", "koordinatoren", "den ansvarlige sykepleieren")
HANDLINGER: tuple[tuple[str, str], ...] = (  # present tense, infinitive
    ("dokumenterer observasjonene i journalen", "dokumentere observasjonene i journalen"),
    ("vurderer behovet for økt tilsyn", "vurdere behovet for økt tilsyn"),
    ("kontakter fastlegen ved endringer i allmenntilstanden", "kontakte fastlegen ved endringer i allmenntilstanden"),
    ("melder avvik i kvalitetssystemet", "melde avvik i kvalitetssystemet"),
    ("gjennomgår tiltaksplanen sammen med brukeren", "gjennomgå tiltaksplanen sammen med brukeren"),
    ("informerer pårørende etter avtale med brukeren", "informere pårørende etter avtale med brukeren"),
    ("kontrollerer at legemidlene er gitt som forordnet", "kontrollere at legemidlene er gitt som forordnet"),
    ("oppdaterer legemiddellisten etter hver endring", "oppdatere legemiddellisten etter hver endring"),
    ("sørger for at hjelpemidlene er tilpasset brukeren", "sørge for at hjelpemidlene er tilpasset brukeren"),
    ("gir beskjed til koordinerende enhet", "gi beskjed til koordinerende enhet"),
    ("følger opp vekt og ernæringsstatus", "følge opp vekt og ernæringsstatus"),
    ("kartlegger fallrisiko med det felles skjemaet", "kartlegge fallrisiko med det felles skjemaet"),
    ("sikrer at smittevernrutinene følges", "sikre at smittevernrutinene følges"),
    ("avtaler nytt tidspunkt for hjemmebesøket", "avtale nytt tidspunkt for hjemmebesøket"),
    ("bestiller nytt forbruksmateriell i god tid", "bestille nytt forbruksmateriell i god tid"),
    ("måler blodtrykk, puls og temperatur", "måle blodtrykk, puls og temperatur"),
    ("vurderer huden for tegn til trykksår", "vurdere huden for tegn til trykksår"),
    ("gir muntlig rapport ved vaktskiftet", "gi muntlig rapport ved vaktskiftet"),
    ("sjekker at trygghetsalarmen virker", "sjekke at trygghetsalarmen virker"),
    ("tar kontakt med legevakten ved akutt forverring", "ta kontakt med legevakten ved akutt forverring"),
    ("lærer opp nye medarbeidere i rutinen", "lære opp nye medarbeidere i rutinen"),
    ("oppdaterer individuell plan", "oppdatere individuell plan"),
)
TIDSPUNKTER = ("samme vakt", "innen tre virkedager", "ved hvert hjemmebesøk", "før vaktskiftet",
               "etter innleggelse i sykehus", "ved oppstart av tjenesten", "minst én gang i måneden",
               "når brukerens situasjon endrer seg", "ved utskrivning fra sykehus", "hver morgen",
               "så snart som mulig", "innen utgangen av uken", "ved neste tverrfaglige møte")
BETINGELSER = ("brukeren har falt", "brukeren ikke åpner døren", "det oppstår tvil om legemidlene",
               "brukeren har feber eller nyoppstått forvirring", "pårørende melder bekymring",
               "brukeren avslår hjelp", "en dose er glemt", "det oppdages rødhet over hælene",
               "brukeren har gått ned i vekt", "nøkkelboksen ikke virker", "brukeren virker urolig",
               "vikaren ikke kjenner brukeren", "journalen mangler opplysninger")
SETNINGER = (
    "Brukerens egne ønsker og mål skal alltid være utgangspunktet for tjenesten.",
    "Rutinen gjelder alle ansatte som yter hjemmetjenester, også vikarer og studenter.",
    "Det skal gå tydelig fram av journalen hvem som har gjort hva og når.",
    "Ved tvil om ansvar spør den ansatte sykepleieren på vakt.",
    "Alle avvik skal meldes, også når det ikke har ført til skade.",
    "Rutinen evalueres på det faste personalmøtet hver tredje måned.",
    "Opplysninger om brukeren deles bare med dem som trenger dem for å gi forsvarlig hjelp.",
    "Hjemmebesøket skal ikke avsluttes før brukeren er trygg.",
    "Endringer i brukerens tilstand skal rapporteres muntlig og skriftlig.",
    "Tjenestestedet bestemmer selv hvordan rutinen gjennomføres i praksis, innenfor rammene her.",
    "Legemidler oppbevares utilgjengelig for andre enn brukeren.",
    "Brukeren skal få informasjon på en måte som er tilpasset den enkelte.",
    "Pårørende involveres når brukeren samtykker til det.",
    "Ved akutt sykdom ringer den ansatte 113 og deretter sykepleieren på vakt.",
    "Sjekklisten ligger i fagsystemet og brukes ved hvert besøk.",
    "Nyansatte skal ha gjennomgått rutinen før de går alene til brukere.",
    "Hjelpemidler som ikke fungerer, meldes til hjelpemiddelsentralen.",
    "Det er lov å si fra når noe ikke fungerer; det er slik vi blir bedre.",
    "Rutinen bygger på nasjonale faglige retningslinjer.",
    "Tiltakene skal være avtalt med brukeren og skrevet inn i tiltaksplanen.",
    "Den som oppdager en feil, har ansvar for å melde den.",
    "Hvis brukeren ikke ønsker hjelpen, skal det dokumenteres og meldes videre.",
    "Avtaler med fastlegen dokumenteres med dato og navn.",
    "Kjøreruten planlegges slik at tidskritiske legemidler gis til riktig tid.",
    "Smittevernutstyr skal alltid ligge i bilen.",
    "God håndhygiene er det viktigste tiltaket mot smitte.",
    "Ved vaktskiftet gjennomgås alle brukere med endringer siste døgn.",
    "Avdelingslederen følger opp at rutinen er kjent blant alle ansatte.",
    "Erfaringer fra avvik brukes til å forbedre rutinen.",
    "Rutinen er godkjent av implementeringsteamet etter høring på alle tjenestestedene.",
)
SVAR_SPORSMAL: tuple[tuple[str, str], ...] = (
    ("kjent", "De ansatte kjenner rutinen."),
    ("fungerer", "Rutinen fungerer i praksis."),
    ("dokumentert", "Det som rutinen krever, blir dokumentert."),
    ("opplaering", "Nyansatte får opplæring i rutinen."),
    ("brukermedvirkning", "Brukerne opplever at de blir tatt med i beslutningene."),
)
HVORDAN = ("Gjennomgått på personalmøte og lagt inn i introduksjonsprogrammet.",
           "Fagdag for alle ansatte med praktisk trening.",
           "Ressurspersoner på hvert team har lært opp kollegene.",
           "Tatt inn i morgenmøtet i fire uker.",
           "E-læringskurs og gjennomgang i teamene.",
           "Sjekklisten er hengt opp på vaktrommet og lagt i fagsystemet.")
BEGRUNNELSER = ("Tjenestestedet har ikke brukere med dette behovet.",
                "Oppgaven utføres av et annet tjenestested etter avtale.",
                "Gjelder ikke for korttidsopphold.")
MERKNADER = ("Bra start.", "Noen ansatte trenger mer opplæring.", "Fungerer godt på dagtid, mindre godt på natt.",
             "Tas opp igjen på neste personalmøte.", "Pårørende er fornøyde.")


# --- the handbook as data -------------------------------------------------------------------------

@dataclass(frozen=True)
class Rolle:
    id: str
    tittel: str
    formaal: str
    rapporterer_til: str | None


@dataclass(frozen=True)
class Rutine:
    id: str
    tittel: str
    sammendrag: str
    dokumentstatus: str
    eier: str
    gjelder_for: tuple[str, ...]
    ansvar: tuple[tuple[str, str], ...]
    kategorier: tuple[str, ...]
    hjemmel: tuple[str, ...]
    endringslogg: tuple[tuple[str, date, str], ...]  # versjon, dato, endring; oldest first
    revideres_innen: date | None
    erstattet_av: str | None
    avsnitt: tuple[str, ...]  # the Markdown body as blocks separated by a blank line

    @property
    def versjon(self) -> str:
        return self.endringslogg[-1][0]

    @property
    def major(self) -> int:
        return int(self.versjon.split(".")[0])


@dataclass(frozen=True)
class Sted:
    id: str
    navn: str


@dataclass(frozen=True)
class Evaluering:
    dato: date
    svar: dict[str, int]
    merknad: str = ""


Registrering = dict[str, str | date | list[Evaluering]]  # one site's record for one routine, in file order


@dataclass
class Handbok:
    roller: list[Rolle]
    rutiner: list[Rutine]
    steder: list[Sted]
    faser: list[tuple[str, str, date, date, list[str]]] = field(default_factory=list)
    registreringer: dict[str, list[tuple[str, Registrering]]] = field(default_factory=dict)


# --- generation -----------------------------------------------------------------------------------

def generer(dir: Path, rutiner: int, funksjoner: int, tjenestesteder: int, per_sted: int, commits: int = 0,
            seed: int = 1) -> Path:
    """Write a valid handbook into `dir` (new or empty); with `commits`, also its git history."""
    dir = Path(dir)
    if dir.exists() and any(dir.iterdir()):
        raise ValueError(f"{dir} finnes og er ikke tom")
    if rutiner < 1 or funksjoner < 1 or tjenestesteder < 1 or per_sted < 0:
        raise ValueError("antall rutiner, funksjoner og tjenestesteder må være minst 1")
    rng = random.Random(seed)
    handbok = Handbok(_roller(funksjoner), [], _steder(tjenestesteder))
    handbok.rutiner = _rutiner(rng, rutiner, handbok.roller, handbok.steder)
    handbok.faser = _faser(rng, handbok.rutiner)
    handbok.registreringer = _registreringer(rng, handbok, per_sted)
    files = {f"funksjonsbeskrivelser/{r.id}.md": rolle_tekst(r) for r in handbok.roller}
    files.update({f"rutiner/{r.id}.md": rutine_tekst(r) for r in handbok.rutiner})
    files["implementeringsplan.yaml"] = plan_tekst(handbok, seed)
    files.update({f"implementering/{sted}.yaml": historikk_tekst(sted, records)
                  for sted, records in handbok.registreringer.items()})
    for rel, text in files.items():
        path = dir / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    if commits > 0:
        _git_historikk(dir, handbok, files, commits, rng)
    return dir


def _roller(count: int) -> list[Rolle]:
    base = {rid for rid, _, _ in ROLLER}
    combos = itertools.chain(
        ((rid, tittel, formaal, None) for rid, tittel, formaal in ROLLER),
        ((f"{rid}-{q}", f"{tittel}, {qt}", formaal, rid)
         for (q, qt), (rid, tittel, formaal) in itertools.product(KVALIFIKASJONER, ROLLER)),
        ((f"{rid}-{n}", f"{tittel} {n}", formaal, rid) for n in itertools.count(2) for rid, tittel, formaal in ROLLER),
    )
    roller = []
    for rid, tittel, formaal, over in itertools.islice(combos, count):
        top = rid == "avdelingsleder"
        boss = None if top else (over if over in base and count > len(ROLLER) else "avdelingsleder")
        roller.append(Rolle(rid, tittel, formaal, boss if count > 1 else None))
    return roller


def _steder(count: int) -> list[Sted]:
    steder = []
    for n in range(count):
        navn = STEDSNAVN[n % len(STEDSNAVN)] + ("" if n < len(STEDSNAVN) else f" {n // len(STEDSNAVN) + 1}")
        steder.append(Sted(_slug(navn), f"Hjemmetjenesten {navn}"))
    return steder


def _rutiner(rng: random.Random, count: int, roller: list[Rolle], steder: list[Sted]) -> list[Rutine]:
    statuses = [_dokumentstatus(rng, i, count) for i in range(count)]
    gjeldende = [i for i, s in enumerate(statuses) if s == "gjeldende"]
    if len(gjeldende) * 6 < len(roller):
        raise ValueError(f"{len(roller)} roller får ikke ansvar i {len(gjeldende)} gjeldende rutiner; "
                         "bruk flere rutiner eller færre funksjoner")
    # Every role carries responsibility in at least one routine in force (no rolle-uten-ansvar).
    must: dict[int, list[str]] = {i: [] for i in range(count)}
    for k, rolle in enumerate(roller):
        must[gjeldende[k % len(gjeldende)]].append(rolle.id)
    ids = [f"{TEMAER[i % len(TEMAER)][0]}-{i + 1:04d}" for i in range(count)]
    rutiner = []
    for i in range(count):
        replacement = ids[rng.choice(gjeldende)] if statuses[i] == "utgaatt" else None
        rutiner.append(_rutine(rng, i, ids[i], statuses[i], must[i], roller, steder, replacement))
    return rutiner


def _dokumentstatus(rng: random.Random, index: int, count: int) -> str:
    if index < 3 or count < 10:
        return "gjeldende"
    roll = rng.random()
    return "utkast" if roll < 0.03 else "hoering" if roll < 0.07 else "utgaatt" if roll < 0.10 else "gjeldende"


def _rutine(rng: random.Random, index: int, rid: str, status: str, must: list[str], roller: list[Rolle],
            steder: list[Sted], erstattet_av: str | None) -> Rutine:
    _, tittel, kategorier = TEMAER[index % len(TEMAER)]
    aspekt = ASPEKTER[(index // len(TEMAER)) % len(ASPEKTER)]
    round_ = index // (len(TEMAER) * len(ASPEKTER))
    full_title = f"{tittel} {aspekt}" + (f" ({round_ + 1})" if round_ else "")
    wanted = rng.randint(max(3, len(must)), max(6, len(must)))
    others = [r.id for r in rng.sample(roller, min(len(roller), wanted + len(must))) if r.id not in must]
    ansvar_roller = (must + others)[:wanted]
    ansvar = tuple((rolle, _ansvar_tekst(rng)) for rolle in ansvar_roller)
    gjelder_for: tuple[str, ...] = ("alle",)
    if len(steder) > 1 and rng.random() < 0.15:
        gjelder_for = tuple(s.id for s in rng.sample(steder, rng.randint(1, min(5, len(steder) - 1))))
    return Rutine(
        id=rid, tittel=full_title, sammendrag=f"Slik arbeider vi med {tittel[0].lower()}{tittel[1:]} {aspekt}.",
        dokumentstatus=status, eier=rng.choice(ansvar_roller), gjelder_for=gjelder_for, ansvar=ansvar,
        kategorier=kategorier, hjemmel=tuple(rng.sample(HJEMLER, rng.randint(1, 3))),
        endringslogg=_endringslogg(rng), revideres_innen=DATO + timedelta(days=rng.randint(40, 760)),
        erstattet_av=erstattet_av, avsnitt=_avsnitt(rng, rng.randint(400, 800)),
    )


def _endringslogg(rng: random.Random) -> tuple[tuple[str, date, str], ...]:
    entries: list[tuple[str, date, str]] = []
    day = date(2021, 1, 4) + timedelta(days=rng.randint(0, 500))
    major, minor = 1, 0
    for step in range(rng.choice((1, 1, 2, 2, 3, 4, 5))):
        if step:
            if rng.random() < 0.4:
                major, minor = major + 1, 0
            else:
                minor += 1
            day += timedelta(days=rng.randint(60, 300))
        what = "Første versjon" if not step else ("Ny praksis: " if minor == 0 else "Språkvask: ") + rng.choice(
            ("tydeligere ansvar", "nye frister", "nytt skjema", "oppdatert etter avvik", "endret rekkefølge"))
        entries.append((f"{major}.{minor}", min(day, DATO - timedelta(days=30)), what))
    return tuple(entries)


def _ansvar_tekst(rng: random.Random) -> str:
    present, _ = rng.choice(HANDLINGER)
    return f"{present[0].upper()}{present[1:]} {rng.choice(TIDSPUNKTER)}."


def _setning(rng: random.Random) -> str:
    kind = rng.random()
    if kind < 0.35:
        return rng.choice(SETNINGER)
    subject = rng.choice(SUBJEKTER)
    present, infinitive = rng.choice(HANDLINGER)
    if kind < 0.7:
        return f"{subject[0].upper()}{subject[1:]} {present} {rng.choice(TIDSPUNKTER)}."
    return f"Dersom {rng.choice(BETINGELSER)}, skal {subject} {infinitive} {rng.choice(TIDSPUNKTER)}."


def _avsnitt(rng: random.Random, words: int) -> tuple[str, ...]:
    """The body: fixed headings, paragraphs and numbered steps until about `words` words."""
    blocks: list[str] = []
    count = 0

    def add(block: str) -> None:
        nonlocal count
        blocks.append(block)
        count += len(block.split())

    def paragraph(n: int) -> str:
        return " ".join(_setning(rng) for _ in range(n))

    add("## Formål")
    add(paragraph(3))
    add("## Omfang")
    add(paragraph(2))
    add("## Fremgangsmåte")
    add("\n".join(f"{k}. {_setning(rng)}" for k in range(1, rng.randint(5, 9))))
    for heading in ("## Dokumentasjon", "## Avvik og forbedring", "## Praktiske råd"):
        add(heading)
        add(paragraph(3))
    while count < words - 20:
        add(paragraph(min(4, max(1, (words - count) // 14))))
    return tuple(blocks)


def _faser(rng: random.Random, rutiner: list[Rutine]) -> list[tuple[str, str, date, date, list[str]]]:
    """About one phase per 50 routines, start dates spread over 2024–2027 (most deadlines passed)."""
    in_force = [r.id for r in rutiner if r.dokumentstatus == "gjeldende"]
    count = max(1, len(rutiner) // 50)
    span = (date(2027, 9, 1) - date(2024, 1, 8)).days
    faser = []
    for k in range(count):
        start = date(2024, 1, 8) + timedelta(days=span * k // count)
        ids = in_force[k::count]
        faser.append((f"fase-{k + 1}", f"Fase {k + 1}", start, start + timedelta(days=rng.choice((120, 180, 240))), ids))
    return faser


def _registreringer(rng: random.Random, handbok: Handbok, per_sted: int) -> dict[str, list[tuple[str, Registrering]]]:
    order = {r.id: i for i, r in enumerate(handbok.rutiner)}
    result = {}
    for sted in handbok.steder:
        applicable = [r for r in handbok.rutiner if r.dokumentstatus == "gjeldende"
                      and ("alle" in r.gjelder_for or sted.id in r.gjelder_for)]
        chosen = sorted(rng.sample(applicable, min(per_sted, len(applicable))), key=lambda r: order[r.id])
        result[sted.id] = [(r.id, _registrering(rng, r)) for r in chosen]
    return result


def _registrering(rng: random.Random, rutine: Rutine) -> Registrering:
    roll = rng.random()
    current = rutine.versjon
    if roll < 0.05:
        return {"status": "ikke-startet"}
    if roll < 0.10:
        return {"status": "ikke-aktuelt", "begrunnelse": rng.choice(BEGRUNNELSER)}
    if roll < 0.22:
        return {"status": "planlagt", "versjon": current, "dato": DATO + timedelta(days=rng.randint(10, 200))}
    if roll < 0.40:
        return {"status": "i-gang", "versjon": current, "dato": DATO - timedelta(days=rng.randint(5, 400)),
                "hvordan": rng.choice(HVORDAN)}
    older = [v for v, _, _ in rutine.endringslogg if int(v.split(".")[0]) < rutine.major]
    if older and rng.random() < 0.5:
        # Implemented at an older MAJOR: the site must re-implement (må oppdateres), so no evaluation is due.
        return {"status": rng.choice(("implementert", "evaluert")), "versjon": rng.choice(older),
                "dato": DATO - timedelta(days=rng.randint(300, 900)), "hvordan": rng.choice(HVORDAN)}
    if roll < 0.55:
        # Implemented recently: the evaluation is not due yet (no mangler-evaluering).
        return {"status": "implementert", "versjon": current,
                "dato": DATO - timedelta(days=rng.randint(1, EVALUERING_INNEN_DAGER - 5)), "hvordan": rng.choice(HVORDAN)}
    start = DATO - timedelta(days=rng.randint(120, 700))
    dates = [start + timedelta(days=60 + 90 * k) for k in range(rng.randint(1, 3))]
    return {"status": "evaluert", "versjon": current, "dato": start, "hvordan": rng.choice(HVORDAN),
            "evalueringer": [_evaluering(rng, d) for d in dates if d <= DATO]}


def _evaluering(rng: random.Random, dato: date) -> Evaluering:
    svar = {q: rng.randint(1, 5) for q, _ in SVAR_SPORSMAL}
    return Evaluering(dato, svar, rng.choice(MERKNADER) if rng.random() < 0.5 else "")


# --- writing --------------------------------------------------------------------------------------

_PLAIN = re.compile(r"[A-Za-zÆØÅæøåÉé][^:#\[\]{}\"',&*!|>%@`]*\Z")


def yaml_text(text: str) -> str:
    """A YAML scalar for `text`: plain when that is safe, else double-quoted (JSON is valid YAML)."""
    if _PLAIN.match(text) and text.lower() not in ("yes", "no", "on", "off", "true", "false", "null", "y", "n") \
            and not text.endswith(" "):
        return text
    return json.dumps(text, ensure_ascii=False)


def rolle_tekst(rolle: Rolle) -> str:
    lines = ["---", f"id: {rolle.id}", f"tittel: {yaml_text(rolle.tittel)}",
             f"rapporterer_til: {rolle.rapporterer_til or 'null'}", f"formaal: {yaml_text(rolle.formaal)}",
             "ansvar:", f"  - {yaml_text(rolle.formaal)}", "  - Følger rutinene i håndboka og melder avvik.",
             "kompetansekrav:", "  - Gjennomført opplæring i håndbokas rutiner", 'versjon: "1.0"',
             "dokumentstatus: gjeldende", "godkjent_av: Implementeringsteamet", "godkjent_dato: 2024-01-01",
             "endringslogg:", '  - {versjon: "1.0", dato: 2024-01-01, endring: "Første versjon"}', "---",
             f"{rolle.tittel} er en del av hjemmetjenestens tverrfaglige team.", ""]
    return "\n".join(lines)


def rutine_tekst(rutine: Rutine, upto: int | None = None, drop: int = 0) -> str:
    """The routine file; `upto` change-log entries and `drop` fewer body blocks give an older version."""
    log = rutine.endringslogg[: upto or len(rutine.endringslogg)]
    versjon, godkjent, _ = log[-1]
    lines = ["---", f"id: {rutine.id}", f"tittel: {yaml_text(rutine.tittel)}",
             f"sammendrag: {yaml_text(rutine.sammendrag)}", f'versjon: "{versjon}"',
             f"dokumentstatus: {rutine.dokumentstatus}", f"eier: {rutine.eier}", "godkjent_av: Implementeringsteamet"]
    if rutine.dokumentstatus in ("gjeldende", "utgaatt"):
        lines.append(f"godkjent_dato: {godkjent.isoformat()}")
    if rutine.dokumentstatus == "gjeldende" and rutine.revideres_innen:
        lines.append(f"revideres_innen: {rutine.revideres_innen.isoformat()}")
    lines.append(f"gjelder_for: [{', '.join(rutine.gjelder_for)}]")
    lines.append("ansvar:")
    lines += [f"  {rolle}: {yaml_text(tekst)}" for rolle, tekst in rutine.ansvar]
    lines.append(f"kategorier: [{', '.join(rutine.kategorier)}]")
    lines.append("hjemmel:")
    lines += [f"  - {yaml_text(h)}" for h in rutine.hjemmel]
    lines.append(f"erstattet_av: {rutine.erstattet_av or 'null'}")
    lines.append("endringslogg:")
    lines += [f'  - {{versjon: "{v}", dato: {d.isoformat()}, endring: {json.dumps(e, ensure_ascii=False)}}}'
              for v, d, e in log]
    lines.append("---")
    body = rutine.avsnitt[: max(2, len(rutine.avsnitt) - drop)]
    return "\n".join(lines) + "\n" + "\n\n".join(body) + "\n"


def plan_tekst(handbok: Handbok, seed: int) -> str:
    lines = [f"# Generert av benchmarks/generer.py (frø {seed}) for datoen {DATO.isoformat()}.",
             "innstillinger:", f"  evaluering_innen_dager: {EVALUERING_INNEN_DAGER}", "tjenestesteder:"]
    lines += [f"  - {{id: {s.id}, navn: {yaml_text(s.navn)}}}" for s in handbok.steder]
    lines.append("faser:")
    for fid, navn, start, frist, ids in handbok.faser:
        lines += [f"  - id: {fid}", f"    navn: {navn}", f"    start: {start.isoformat()}",
                  f"    frist: {frist.isoformat()}", f"    rutiner: [{', '.join(ids)}]"]
    lines += ["evalueringsskjema:", "  skala: {min: 1, maks: 5}", "  sporsmal:"]
    lines += [f"    - {{id: {q}, tekst: {json.dumps(t, ensure_ascii=False)}}}" for q, t in SVAR_SPORSMAL]
    return "\n".join(lines) + "\n"


def historikk_tekst(sted: str, records: list[tuple[str, Registrering]]) -> str:
    """One site's history file: each record as the dated entries it stands for."""
    lines = [f"# Generert av benchmarks/generer.py: historikken til {sted}.", f"tjenestested: {sted}", "dokumenter:"]
    for rid, record in records:
        entries = list(_entries(record))
        if entries:
            lines.append(f"  {rid}:")
            lines += entries
    return "\n".join(lines) + "\n"


def _entries(record: Registrering) -> Iterator[str]:
    status = record["status"]
    if status == "ikke-startet":
        return
    if status == "ikke-aktuelt":
        yield f"    - {{hendelse: ikke-aktuelt, begrunnelse: {yaml_text(record['begrunnelse'])}}}"
        return
    kind = "implementert" if status == "evaluert" else status
    yield f"    - dato: {record['dato'].isoformat()}"
    yield f"      hendelse: {kind}"
    yield f'      versjon: "{record["versjon"]}"'
    if record.get("hvordan"):
        yield f"      hvordan: {yaml_text(record['hvordan'])}"
    for evaluering in record.get("evalueringer") or ():
        svar = ", ".join(f"{q}: {p}" for q, p in evaluering.svar.items())
        yield f"    - dato: {evaluering.dato.isoformat()}"
        yield "      hendelse: evaluert"
        yield f'      versjon: "{record["versjon"]}"'
        yield f"      svar: {{{svar}}}"
        if evaluering.merknad:
            yield f"      merknad: {yaml_text(evaluering.merknad)}"


def _slug(text: str) -> str:
    table = str.maketrans({"æ": "ae", "ø": "o", "å": "a", "Æ": "ae", "Ø": "o", "Å": "a"})
    return re.sub(r"[^a-z0-9]+", "-", text.translate(table).lower()).strip("-")


# --- git history ----------------------------------------------------------------------------------

def _git_historikk(root: Path, handbok: Handbok, files: dict[str, str], commits: int, rng: random.Random) -> None:
    """C commits on main touching routine files; each file reaches its written content at its last touch."""
    touched = [rng.sample(handbok.rutiner, k=min(len(handbok.rutiner), rng.choice((1, 1, 2, 3))))
               for _ in range(commits - 1)]
    remaining = {r.id: 0 for r in handbok.rutiner}
    for group in touched:
        for rutine in group:
            remaining[rutine.id] += 1
    initial = dict(files)
    for rutine in handbok.rutiner:
        initial[f"rutiner/{rutine.id}.md"] = _stage(rutine, remaining[rutine.id])
    stream = [_commit("refs/heads/main", 1, 0, commits, "Første versjon av håndboka", sorted(initial.items()), ())]
    for n, group in enumerate(touched, start=2):
        changed = []
        for rutine in group:
            remaining[rutine.id] -= 1
            changed.append((f"rutiner/{rutine.id}.md", _stage(rutine, remaining[rutine.id])))
        names = ", ".join(r.id for r in group)
        if n % 10:
            stream.append(_commit("refs/heads/main", n, n, commits, f"Språkvask i {names} (#{n})", changed, (n - 1,)))
            continue
        branch = commits + n  # a pull request: one commit on its branch, merged with a merge commit
        stream.append(_commit(f"refs/heads/pr-{n}", branch, n, commits, f"Oppdater {names}", changed, (n - 1,)))
        stream.append(_commit("refs/heads/main", n, n, commits, f"Merge pull request #{n} from kommune/pr-{n}",
                              changed, (n - 1, branch), body=f"Ny praksis i {names}"))
    env = {**os.environ, **GIT_ENV}
    subprocess.run(["git", "init", "-q", "-b", "main", str(root)], check=True, env=env)
    subprocess.run(["git", "fast-import", "--quiet"], cwd=root, input=b"".join(stream), check=True, env=env)
    for n in range(10, commits + 1, 10):
        subprocess.run(["git", "update-ref", "-d", f"refs/heads/pr-{n}"], cwd=root, check=True, env=env)
    subprocess.run(["git", "reset", "-q", "--hard", "main"], cwd=root, check=True, env=env)


def _stage(rutine: Rutine, later_touches: int) -> str:
    """The routine as it was with `later_touches` changes still to come (0: as written)."""
    if later_touches == 0:
        return rutine_tekst(rutine)
    entries = len(rutine.endringslogg)
    return rutine_tekst(rutine, upto=max(1, entries - later_touches), drop=later_touches)


def _commit(ref: str, mark: int, tick: int, total: int, subject: str, changed: Sequence[tuple[str, str]],
            parents: tuple[int, ...], body: str = "") -> bytes:
    author = FORFATTERE[tick % len(FORFATTERE)]
    span = (SISTE_COMMIT - FORSTE_COMMIT).total_seconds()
    when = FORSTE_COMMIT + timedelta(seconds=int(span * tick / max(1, total)))
    stamp = f"{int(when.timestamp())} +0100"
    message = f"{subject}\n\n{body}\n" if body else f"{subject}\n"
    parts = [f"commit {ref}\nmark :{mark}\nauthor {author} {stamp}\ncommitter {author} {stamp}\n".encode(),
             _data(message)]
    parts += [f"{kind} :{parent}\n".encode() for kind, parent in zip(("from", "merge"), parents)]
    for name, content in changed:
        parts += [f"M 100644 inline {name}\n".encode(), _data(content)]
    parts.append(b"\n")
    return b"".join(parts)


def _data(text: str) -> bytes:
    raw = text.encode("utf-8")
    return b"data %d\n" % len(raw) + raw + b"\n"


# --- command line ---------------------------------------------------------------------------------

def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Lag en syntetisk, gyldig håndbok for målinger.")
    parser.add_argument("--rutiner", type=int, required=True, help="antall rutiner")
    parser.add_argument("--funksjoner", type=int, required=True, help="antall funksjonsbeskrivelser (roller)")
    parser.add_argument("--tjenestesteder", type=int, required=True, help="antall tjenestesteder")
    parser.add_argument("--per-sted", type=int, required=True, help="antall registreringer per tjenestested")
    parser.add_argument("--commits", type=int, default=0, help="lag git-historikk med så mange commits")
    parser.add_argument("--seed", type=int, default=1, help="frø for tilfeldige valg (standard 1)")
    parser.add_argument("mappe", type=Path, help="ny eller tom mappe å skrive håndboka i")
    args = parser.parse_args(argv)
    try:
        generer(args.mappe, args.rutiner, args.funksjoner, args.tjenestesteder, args.per_sted, args.commits, args.seed)
    except ValueError as error:
        print(f"generer: {error}", file=sys.stderr)
        return 2
    print(f"Skrev en håndbok med {args.rutiner} rutiner, {args.funksjoner} roller og {args.tjenestesteder} "
          f"tjenestesteder i {args.mappe}" + (f" ({args.commits} commits)." if args.commits else "."))
    return 0


if __name__ == "__main__":
    sys.exit(main())
