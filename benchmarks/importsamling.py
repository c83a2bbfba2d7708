"""The importer's test collection: routines as municipalities really hand them over, written from templates.

    python benchmarks/importsamling.py MAPPE                 # the collection (about 70 documents)
    python benchmarks/importsamling.py MAPPE --antall 1000   # as many as asked, for the timing run

Every document is made the way the old quality systems and intranets make them: real Word files
(python-docx) with a header table before the heading, a department's name and a template word
(«RUTIN», «RUTINE», «CHECKLISTA») above the title and steps in the «List Number 2» and «List Bullet 2»
styles; real PDFs (headless Chromium) with a running header and «Sida 1 av 3», «Side 1 av 4», «1 [3]» or
«2/2» on every page; intranet pages with menus, scripts and «Sist endret»; Markdown with another tool's
front matter and lists written straight under a line of text; plain text from a Swedish export. Norwegian
(bokmål and nynorsk), Swedish and Danish. Many share a generic title word, several share a title but not
their text, some are the same text again (a copy, or the same file saved with other line endings), and
one holds a birth number. `manifest.json` beside the documents says, for each file, the title a person
would give it and what should happen to it: «utkast», «samme» (the same text as another file) or
«personopplysning» (refused). Everything is drawn from the arguments, so the same call gives the same files.
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import sys
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterator

from docx import Document
from docx.shared import Pt

MANIFEST = "manifest.json"


@dataclass(frozen=True)
class Tema:
    """One routine's content in one language: its title, purpose, who does what, and the steps."""

    sprak: str  # "nb", "nn", "sv", "da"
    tittel: str
    formal: str
    ansvar: tuple[tuple[str, str], ...]
    steg: tuple[tuple[str, tuple[str, ...]], ...]  # (step, its sub-steps)
    punkter: tuple[str, ...]  # a bullet list under «Dokumentasjon»


def _steg(*pairs: str) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """«Step|sub|sub» strings -> (step, sub-steps)."""
    return tuple((p.split("|")[0], tuple(p.split("|")[1:])) for p in pairs)


NB = "Sykepleier", "Helsefagarbeider", "Avdelingsleder"
SV = "Sjuksköterska", "Undersköterska", "Enhetschef"
TEMAER: tuple[Tema, ...] = (
    Tema("nb", "Legemiddelhåndtering i hjemmetjenesten", "Sikre at brukeren får riktig legemiddel til riktig tid.",
         ((NB[0], "Kontrollerer dosetter og multidose."), (NB[1], "Deler ut legemidler etter delegering.")),
         _steg("Kontroller dosetten før utdeling|Sjekk navn og fødselsdato på etiketten|Sjekk tidspunktet",
               "Gi legemiddelet og observer at det blir tatt", "Signer i kurven straks etter utdeling|Meld avvik ved feil"),
         ("Signatur i kurve", "Avvik i kvalitetssystemet")),
    Tema("nb", "Håndhygiene", "Forebygge smitte mellom brukere og ansatte.",
         ((NB[1], "Utfører håndhygiene før og etter hvert stell."), (NB[2], "Sørger for at det finnes desinfeksjon.")),
         _steg("Desinfiser hendene før brukerkontakt|Bruk hånddesinfeksjon når hendene er synlig rene",
               "Vask hendene med såpe og vann ved synlig smuss|Tørk godt med engangshåndkle", "Desinfiser etter hansker"),
         ("Opplæring registreres", "Etterlevelse måles hvert kvartal")),
    Tema("nb", "Forebygging av fall", "Redusere antall fall og skader hos hjemmeboende.",
         ((NB[0], "Kartlegger fallrisiko ved oppstart."), (NB[1], "Melder endringer i funksjon.")),
         _steg("Kartlegg fallrisiko ved oppstart av tjenesten|Bruk kartleggingsskjemaet|Vurder legemidler",
               "Lag tiltak sammen med brukeren|Fjern løse tepper|Foreslå trygghetsalarm", "Evaluer tiltakene etter tre måneder"),
         ("Kartlegging i journal", "Tiltak i tiltaksplan")),
    Tema("nb", "Sårstell", "Gi forsvarlig sårbehandling og dokumentere forløpet.",
         ((NB[0], "Vurderer såret og velger bandasje."), (NB[1], "Skifter bandasje etter plan.")),
         _steg("Vurder såret ved første besøk|Mål størrelse|Ta bilde etter samtykke", "Rengjør med lunkent vann",
               "Legg bandasje etter sårplanen|Noter dato på bandasjen"), ("Sårplan i journal", "Bilder i fagsystemet")),
    Tema("nb", "Trygghetsalarm", "Sikre at alarmer blir besvart og fulgt opp.",
         ((NB[2], "Sørger for at alarmsentralen har oppdaterte lister."), (NB[1], "Rykker ut på alarm.")),
         _steg("Ta imot alarmen fra sentralen|Bekreft mottak", "Rykk ut innen avtalt tid|Ta med nøkkel",
               "Dokumenter utrykningen"), ("Utrykning i journal", "Avvik ved forsinkelse")),
    Tema("nb", "Ernæring og måltider", "Forebygge underernæring hos brukere med hjemmetjenester.",
         ((NB[0], "Vurderer ernæringsstatus."), (NB[1], "Registrerer vekt hver måned.")),
         _steg("Vei brukeren ved oppstart og hver måned|Bruk samme vekt", "Kartlegg matinntak ved vekttap|Bruk kostregistrering i tre døgn",
               "Lag ernæringsplan sammen med brukeren"), ("Vekt i journal", "Ernæringsplan")),
    Tema("nb", "Munnstell", "Bevare god munnhelse hos brukere som trenger hjelp.",
         ((NB[1], "Gir munnstell morgen og kveld."), (NB[0], "Vurderer munnhulen ved endringer.")),
         _steg("Se etter sår og belegg|Bruk lommelykt", "Puss tennene med fluortannkrem|Rengjør protesen for seg",
               "Fukt leppene"), ("Munnstell i tiltaksplan",)),
    Tema("nb", "Nøkkelhåndtering", "Sikre at brukernes nøkler oppbevares og utleveres forsvarlig.",
         ((NB[2], "Har oversikt over nøkkelskapet."), (NB[1], "Kvitterer for nøkler.")),
         _steg("Kvitter ut nøkkelen i nøkkelprotokollen|Skriv tidspunkt", "Lever nøkkelen tilbake samme vakt",
               "Meld tapt nøkkel som avvik straks|Varsle avdelingsleder"), ("Nøkkelprotokoll",)),
    Tema("nn", "Sårstell i heimetenesta", "Sikre fagleg forsvarleg sårstell.",
         (("Sjukepleiar", "Vurderer såret og vel bandasje."), ("Helsefagarbeidar", "Skiftar bandasje etter plan.")),
         _steg("Vurder såret ved første besøk|Mål storleiken", "Reins såret med lunka vatn", "Legg på bandasje etter planen"),
         ("Sårplan i journal",)),
    Tema("nn", "Handhygiene i heimetenesta", "Førebyggje smitte mellom brukarar og tilsette.",
         (("Helsefagarbeidar", "Utfører handhygiene før og etter stell."),),
         _steg("Desinfiser hendene før brukarkontakt|Bruk handsprit", "Vask hendene ved synleg skit", "Desinfiser etter hanskar"),
         ("Opplæring vert registrert",)),
    Tema("sv", "Läkemedelshantering i hemtjänsten", "Säkerställa att brukaren får rätt läkemedel i rätt tid.",
         ((SV[0], "Ansvarar för ordination och delegering."), (SV[1], "Överlämnar läkemedel enligt delegering.")),
         _steg("Kontrollera dosetten före överlämnandet|Kontrollera namn och personnummer på etiketten|Kontrollera tidpunkten",
               "Överlämna läkemedlet och se att det tas", "Signera på signeringslistan|Rapportera avvikelse vid fel"),
         ("Signeringslista", "Avvikelse i verksamhetssystemet")),
    Tema("sv", "Basala hygienrutiner", "Förebygga smitta mellan brukare och personal.",
         ((SV[1], "Följer basala hygienrutiner i varje vårdmoment."), (SV[2], "Ser till att skyddsutrustning finns.")),
         _steg("Desinfektera händerna före och efter vårdmoment|Använd handsprit", "Använd handskar vid kontakt med kroppsvätskor",
               "Använd plastförkläde vid nära kontakt"), ("Egenkontroll varje kvartal",)),
    Tema("sv", "Fallprevention i hemtjänsten", "Minska antalet fall och fallskador.",
         ((SV[0], "Gör riskbedömning med Downton."), (SV[1], "Rapporterar förändringar.")),
         _steg("Gör en riskbedömning vid inflyttning|Använd Downton index", "Planera åtgärder med brukaren|Ta bort lösa mattor",
               "Följ upp åtgärderna efter tre månader"), ("Riskbedömning i journalen",)),
    Tema("sv", "Trycksårsprevention", "Förebygga trycksår hos brukare med nedsatt rörlighet.",
         ((SV[0], "Gör riskbedömning med Norton."), (SV[1], "Vänder brukaren enligt schema.")),
         _steg("Gör riskbedömning inom ett dygn|Använd Nortonskalan", "Inspektera huden dagligen|Var extra noga vid hälar",
               "Lägg upp vändschema vid risk"), ("Riskbedömning i journalen", "Vändschema")),
    Tema("sv", "Nyckelfri låsning", "Säkerställa säker hantering av digitala nycklar.",
         ((SV[2], "Ansvarar för behörigheter i systemet."), (SV[1], "Loggar in före besöket.")),
         _steg("Logga in i appen före besöket|Kontrollera att rätt brukare visas", "Lås upp dörren med appen",
               "Kontrollera att dörren är låst efter besöket"), ("Logg i låssystemet",)),
    Tema("sv", "Utskrivning från sjukhus", "Säkerställa en trygg hemgång efter sjukhusvistelse.",
         ((SV[0], "Tar emot information från sjukhuset."), (SV[2], "Planerar insatser.")),
         _steg("Ta emot meddelandet om utskrivningsklar|Kontrollera läkemedelslistan", "Planera första besöket",
               "Gör uppföljning efter en vecka"), ("Samordnad individuell plan",)),
    Tema("sv", "Munvård", "Bevara god munhälsa hos brukare med behov av hjälp.",
         ((SV[1], "Ger munvård morgon och kväll."),), _steg("Inspektera munhålan|Använd ficklampa",
                                                           "Borsta tänderna med fluortandkräm", "Smörj läpparna"),
         ("Munbedömning enligt ROAG",)),
    Tema("da", "Håndhygiejne i hjemmeplejen", "Forebygge smitte mellem borgere og medarbejdere.",
         (("Sygeplejerske", "Underviser nye medarbejdere."), ("Social- og sundhedshjælper", "Udfører håndhygiejne.")),
         _steg("Desinficer hænderne før og efter plejen|Brug hånddesinfektion", "Vask hænderne ved synligt snavs",
               "Brug handsker ved kontakt med kropsvæsker"), ("Audit hvert halve år",)),
    Tema("da", "Medicinhåndtering", "Sikre at borgeren får den rigtige medicin.",
         (("Sygeplejerske", "Doserer medicin."), ("Social- og sundhedsassistent", "Giver medicin efter delegering.")),
         _steg("Kontroller doseringsæsken|Kontroller navn", "Giv medicinen", "Dokumenter i medicinmodulet"),
         ("Medicinmodulet",)),
)

KOMMUNER = ("Fjordvik", "Åsen", "Nordby", "Sørdal", "Bergvik", "Lia", "Elvestad", "Holmen")
KOMMUNER_SV = ("Sjöstad", "Ängby", "Norrvik", "Bergsjö", "Älvdal", "Skogså")
OVERSKRIFTER = {
    "nb": ("Formål", "Ansvar", "Fremgangsmåte", "Dokumentasjon"),
    "nn": ("Føremål", "Ansvar", "Framgangsmåte", "Dokumentasjon"),
    "sv": ("Syfte", "Ansvar", "Genomförande", "Dokumentation"),
    "da": ("Formål", "Ansvar", "Fremgangsmåde", "Dokumentation"),
}


def _plass(tema: Tema, kommune: str, n: int) -> str:
    """A sentence that makes each municipality's text its own."""
    return {"nb": f"Rutinen gjelder hjemmetjenesten i {kommune} kommune, sone {n}.",
            "nn": f"Rutinen gjeld heimetenesta i {kommune} kommune, sone {n}.",
            "sv": f"Rutinen gäller hemtjänsten i {kommune} kommun, område {n}.",
            "da": f"Instruksen gælder hjemmeplejen i {kommune} kommune, distrikt {n}."}[tema.sprak]


def _slug(text: str) -> str:
    plain = "".join(c for c in unicodedata.normalize("NFKD", text.lower()) if not unicodedata.combining(c))
    return re.sub(r"[^a-z0-9]+", "_", plain.replace("ø", "o").replace("æ", "ae")).strip("_")


# --- Markdown, the body every writer starts from ----------------------------------------------------------


def _markdown_body(tema: Tema, kommune: str, n: int, tett: bool = False) -> str:
    """The routine's sections as Markdown; `tett`: lists straight under a line of text and sub-steps
    indented two spaces, as hand-written Markdown often is (GitHub still shows the lists)."""
    formal, ansvar, fremgang, dok = OVERSKRIFTER[tema.sprak]
    lines = [f"## {formal}", "", tema.formal + " " + _plass(tema, kommune, n), "", f"## {ansvar}", ""]
    lines += [f"- **{hvem}**: {hva}" for hvem, hva in tema.ansvar]
    lines += ["", f"## {fremgang}", "", "Slik gjør du det:" if tema.sprak != "sv" else "Gör så här:"]
    if not tett:
        lines.append("")
    for i, (step, subs) in enumerate(tema.steg, start=1):
        lines.append(f"{i}. {step}")
        lines += [("  - " if tett else "   - ") + sub for sub in subs]
    lines += ["", f"## {dok}", "", "Dette dokumenteres:" if tema.sprak != "sv" else "Detta dokumenteras:"]
    if not tett:
        lines.append("")
    lines += [f"- {p}" for p in tema.punkter]
    return "\n".join(lines) + "\n"


# --- Word --------------------------------------------------------------------------------------------------


def _word(path: Path, tema: Tema, kommune: str, n: int, over: tuple[str, ...], tabell: list[tuple[str, str]],
          topptekst: str) -> None:
    """A Word file: lines above the title (a department, a template word), the header table, then the title
    as «Heading 1», sections as «Heading 2», steps as «List Number» with «List Number 2» sub-steps and
    bullets as «List Bullet»/«List Bullet 2»; a running header pandoc never sees."""
    doc = Document()
    doc.sections[0].header.paragraphs[0].text = topptekst
    doc.sections[0].footer.paragraphs[0].text = f"{kommune} kommune – kvalitetssystem"
    for line in over:
        run = doc.add_paragraph().add_run(line)
        run.bold, run.font.size = True, Pt(14)
    table = doc.add_table(rows=0, cols=4)
    table.style = "Table Grid"
    for k in range(0, len(tabell), 2):
        cells = table.add_row().cells
        for j, (label, value) in enumerate(tabell[k:k + 2]):
            cells[2 * j].text, cells[2 * j + 1].text = label, value
    doc.add_heading(tema.tittel, level=1)
    formal, ansvar, fremgang, dok = OVERSKRIFTER[tema.sprak]
    doc.add_heading(formal, level=2)
    doc.add_paragraph(tema.formal + " " + _plass(tema, kommune, n))
    doc.add_heading(ansvar, level=2)
    for hvem, hva in tema.ansvar:
        doc.add_paragraph(f"{hvem}: {hva}", style="List Bullet")
    doc.add_heading(fremgang, level=2)
    for step, subs in tema.steg:
        doc.add_paragraph(step, style="List Number")
        for sub in subs:
            doc.add_paragraph(sub, style="List Number 2")
    doc.add_heading(dok, level=2)
    for p in tema.punkter:
        doc.add_paragraph(p, style="List Bullet")
        doc.add_paragraph("Se også rutine for avvik", style="List Bullet 2")
    doc.core_properties.title = ""  # old systems leave it empty, or write the template's name in it
    doc.core_properties.author = "Kvalitetsrådgiver"
    doc.save(str(path))


def word_norsk(mappe: Path, tema: Tema, kommune: str, n: int) -> tuple[str, str]:
    name = [f"Rutine_{_slug(tema.tittel)}_v2 (1).docx", f"{_slug(tema.tittel)}-version-2.docx",
            f"RUTINE {tema.tittel} (3).docx"][n % 3]
    over = ("RUTINE",) if n % 2 else ()
    tabell = [("Dokument-ID", f"HO-{100 + n}"), ("Versjon", f"{n % 4 + 1}.0"), ("Godkjent av", "Kommunalsjef helse"),
              ("Gyldig fra", f"0{n % 9 + 1}.03.2024"), ("Revideres", f"0{n % 9 + 1}.03.2026"),
              ("Dokumentansvarlig", "Avdelingsleder")]
    _word(mappe / name, tema, kommune, n, over, tabell, f"{kommune} kommune – Helse og omsorg")
    return name, tema.tittel


def word_svensk(mappe: Path, tema: Tema, kommune: str, n: int) -> tuple[str, str]:
    name = [f"{_slug(tema.tittel)}_rutin_vof.docx", f"Rutin {_slug(tema.tittel)} (2).docx"][n % 2]
    over = ("VÅRD- OCH OMSORGSFÖRVALTNINGEN", "RUTIN") if n % 2 == 0 else ("JANUARI", "RIKTLINJE")
    tabell = [("Fastställd av", "Verksamhetschef"), ("Dnr", f"VON 2023/{n}"), ("Gäller från", "2023-01-15"),
              ("Gäller till", "2025-12-31"), ("Dokumentägare", "Enhetschef"), ("Ersätter", "Rutin 2019-04-02")]
    _word(mappe / name, tema, kommune, n, over, tabell, "VÅRD- OCH OMSORGSFÖRVALTNINGEN")
    return name, tema.tittel


# --- PDF ---------------------------------------------------------------------------------------------------


def _pdf_html(tema: Tema, kommune: str, n: int, meta: list[tuple[str, str]], over: str) -> str:
    formal, ansvar, fremgang, dok = OVERSKRIFTER[tema.sprak]
    steps = []
    for i, (step, subs) in enumerate(tema.steg, start=1):
        steps.append(f"<p>{i}. {step}</p>")
        steps += [f'<p style="margin-left:2em">{chr(97 + j)}) {sub}</p>' for j, sub in enumerate(subs)]
    filler = " ".join([tema.formal] * 6)
    return (f"<html><head><meta charset='utf-8'><style>body{{font:12pt sans-serif}} p{{margin:.4em 0}}</style>"
            f"</head><body><p><b>{over}</b></p><h1>{tema.tittel}</h1>"
            + "".join(f"<p>{k}: {v}</p>" for k, v in meta)
            + f"<h2>{formal}</h2><p>{tema.formal} {_plass(tema, kommune, n)}</p>"
            + f"<h2>{ansvar}</h2>" + "".join(f"<p>• {hvem}: {hva}</p>" for hvem, hva in tema.ansvar)
            + f"<h2>{fremgang}</h2>" + "".join(steps)
            + f"<h2>{dok}</h2>" + "".join(f"<p>• {p}</p>" for p in tema.punkter)
            + "".join(f"<p>{filler}</p>" for _ in range(14)) + "</body></html>")


_SIDETALL = (
    "Sida <span class='pageNumber'></span> av <span class='totalPages'></span>",
    "<span class='pageNumber'></span> [<span class='totalPages'></span>]",
    "Side <span class='pageNumber'></span> av <span class='totalPages'></span>",
    "<span class='pageNumber'></span>/<span class='totalPages'></span>",
)


class Skriver:
    """One headless Chromium for every PDF of a collection."""

    def __init__(self) -> None:
        from playwright.sync_api import sync_playwright

        self._playwright = sync_playwright().start()
        self._browser = self._playwright.chromium.launch(executable_path="/usr/bin/chromium")
        self._page = self._browser.new_page()

    def pdf(self, path: Path, html: str, topptekst: str, sidetall: str) -> None:
        self._page.set_content(html)
        style = "<div style='font-size:9px;width:100%;padding:0 1.5cm;display:flex;justify-content:space-between'>"
        self._page.pdf(path=str(path), format="A4", display_header_footer=True,
                       header_template=f"{style}<span>{topptekst}</span><span>{sidetall}</span></div>",
                       footer_template=f"{style}<span>Utskrift er ukontrollert</span><span>{sidetall}</span></div>",
                       margin={"top": "2.5cm", "bottom": "2.5cm", "left": "2cm", "right": "2cm"})

    def close(self) -> None:
        self._browser.close()
        self._playwright.stop()


def pdf_dokument(skriver: Skriver) -> Callable[[Path, Tema, str, int], tuple[str, str]]:
    def make(mappe: Path, tema: Tema, kommune: str, n: int) -> tuple[str, str]:
        if tema.sprak == "sv":
            name = f"{_slug(tema.tittel)}_rutin (Sida {n}).pdf" if n % 2 else f"RUTIN_{_slug(tema.tittel)}.pdf"
            meta = [("Fastställd av", "Verksamhetschef"), ("Gäller från", "2024-01-15"), ("Revideras senast", "2026-01-15")]
            head, over = "VÅRD- OCH OMSORGSFÖRVALTNINGEN – Rutin", "RUTIN"
        else:
            name = f"Prosedyre {_slug(tema.tittel)} ({n}).pdf"
            meta = [("Godkjent av", "Kommunalsjef"), ("Godkjent dato", "12.03.2024"), ("Revideres innen", "12.03.2026")]
            head, over = f"{kommune} kommune – Prosedyre", "PROSEDYRE"
        skriver.pdf(mappe / name, _pdf_html(tema, kommune, n, meta, over), head, _SIDETALL[n % len(_SIDETALL)])
        return name, tema.tittel
    return make


# --- HTML, Markdown, text ----------------------------------------------------------------------------------


def intranett(mappe: Path, tema: Tema, kommune: str, n: int) -> tuple[str, str]:
    from markdown_it import MarkdownIt

    name = f"{_slug(tema.tittel)}_intranett.html" if n % 2 else f"vis_dokument_{n}.html"
    body = MarkdownIt("commonmark").render(_markdown_body(tema, kommune, n))
    godkjent = "Godkjend av" if tema.sprak == "nn" else "Godkjent av"
    html = (f"<!DOCTYPE html><html><head><meta charset='utf-8'><title>{kommune} kommune – Intranett</title>"
            "<script src='https://analytics.example/a.js'></script></head><body>"
            f"<nav><a href='/'>Forside</a> › <a href='/helse'>Helse og omsorg</a> › Rutiner</nav>"
            f"<header><p>{kommune.upper()} KOMMUNE</p></header><main><h1>{tema.tittel}</h1>"
            f"<table><tr><td>{godkjent}</td><td>Kommunalsjef</td></tr><tr><td>Versjon</td><td>{n % 3 + 1}.0</td></tr>"
            f"<tr><td>Dokumentansvarlig</td><td>Sykepleier</td></tr></table>{body}</main>"
            "<footer><p>Sist endret: 29.06.2016</p><p>Skriv ut | Del på e-post</p></footer>"
            "<script>track()</script></body></html>")
    (mappe / name).write_text(html, encoding="utf-8")
    return name, tema.tittel


def markdown_fremmed(mappe: Path, tema: Tema, kommune: str, n: int) -> tuple[str, str]:
    """Markdown from another tool: its own front matter (title, author, date, tags), lists written tight."""
    name = f"{_slug(tema.tittel)}_{n}.md"
    front = (f"---\ntitle: \"{tema.tittel}\"\nauthor: Kvalitetsavdelingen\ndate: 2022-05-0{n % 9 + 1}\n"
             f"approved_by: Enhetsleder\ntags: [hygiene, helse]\nlayout: rutine\n---\n")
    (mappe / name).write_text(front + "RUTINE\n\n" + _markdown_body(tema, kommune, n, tett=True), encoding="utf-8")
    return name, tema.tittel


def markdown_sist_endret(mappe: Path, tema: Tema, kommune: str, n: int) -> tuple[str, str]:
    """A page saved from an intranet: «Sist endret» first, the title as a heading after it, lists tight."""
    name = f"{_slug(tema.tittel)}_(kopi).md"
    word = {"sv": "CHECKLISTA", "da": "INSTRUKS"}.get(tema.sprak, "LATHUND")
    text = (f"Sist endret: 29.06.2016\n\n{word}\n\n# {tema.tittel}\n\nUtarbeidet av: Fagsykepleier\n"
            + _markdown_body(tema, kommune, n, tett=True))
    (mappe / name).write_text(text, encoding="utf-8")
    return name, tema.tittel


def tekst_svensk(mappe: Path, tema: Tema, kommune: str, n: int) -> tuple[str, str]:
    """Text copied out of a Swedish quality system: department, template word, title, «Sida 1 av 2»."""
    name = f"{_slug(tema.tittel)}.txt"
    formal, ansvar, fremgang, dok = OVERSKRIFTER[tema.sprak]
    lines = ["VÅRD- OCH OMSORGSFÖRVALTNINGEN", "RUTIN", tema.tittel, "Fastställd av: MAS", "Gäller från: 2024-02-01",
             "Gäller tillsvidare", "Sida 1 av 2", "", formal, tema.formal + " " + _plass(tema, kommune, n), "", ansvar]
    lines += [f"• {hvem}: {hva}" for hvem, hva in tema.ansvar]
    lines += ["", fremgang]
    for i, (step, subs) in enumerate(tema.steg, start=1):
        lines.append(f"{i}. {step}")
        lines += [f"{chr(97 + j)}) {sub}" for j, sub in enumerate(subs)]
    lines += ["", "VÅRD- OCH OMSORGSFÖRVALTNINGEN", "Sida 2 av 2", "", dok, *(f"• {p}" for p in tema.punkter)]
    (mappe / name).write_text("\n".join(lines) + "\n", encoding="utf-8")
    return name, tema.tittel


def dansk(mappe: Path, tema: Tema, kommune: str, n: int) -> tuple[str, str]:
    name = f"Instruks_{_slug(tema.tittel)}.md"
    text = (f"# Instruks\n\n## {tema.tittel}\n\n| Godkendt af | Sundhedschef |\n|---|---|\n| Gældende fra | 1. marts 2024 |\n"
            f"| Dokumentejer | Sygeplejerske |\n\n" + _markdown_body(tema, kommune, n))
    (mappe / name).write_text(text, encoding="utf-8")
    return name, tema.tittel


def konvertert(mappe: Path, tema: Tema, kommune: str, n: int) -> tuple[str, str]:
    """A PDF someone else converted to Markdown: their front matter (its title the file name), the department
    and template word above the heading, «•» bullets, a list straight under text, and on every page a page
    marker and a running header with the date."""
    name = f"{_slug(tema.tittel)}_rutin_vof ({n % 4}).md"
    formal, ansvar, fremgang, dok = OVERSKRIFTER[tema.sprak]
    running = f"{tema.tittel} – reviderad 2016-06-29"
    marker = ["1 [3]", "2 [3]", "3 [3]"] if n % 2 else ["Sida 1 av 3", "Sida 2 av 3", "Sida 3 av 3"]
    lines = ["---", f"title: {name[:-3]}", f"source: {name[:-3]}.pdf", "pages: 3", "converter: pdf2md 1.4", "---",
             "", "VÅRD- OCH OMSORGSFÖRVALTNINGEN", "", "RUTIN", "", f"# {tema.tittel}", "",
             "Fastställd av: Socialnämnden", "Gäller från: 2016-06-29", "Ersätter: Rutin 2012-03-01", "",
             f"## {formal}", "", tema.formal + " " + _plass(tema, kommune, n), "", running, "", marker[0], "",
             f"## {ansvar}", ""]
    lines += [f"• {hvem}: {hva}" for hvem, hva in tema.ansvar]
    lines += ["", f"## {fremgang}", "", "Gör så här:"]
    for i, (step, subs) in enumerate(tema.steg, start=1):
        lines.append(f"{i}. {step}")
        lines += [f"    ◦ {sub}" for sub in subs]
    lines += ["", running, "", marker[1], "", f"## {dok}", "", *(f"• {p}" for p in tema.punkter), "", running, "",
              marker[2], ""]
    (mappe / name).write_text("\n".join(lines), encoding="utf-8")
    return name, tema.tittel


def word_tittelrad(mappe: Path, tema: Tema, kommune: str, n: int) -> tuple[str, str]:
    """An old quality system's export: only «Formål» etc. as headings, the title a row of the header table,
    and the file's own title property the template's name."""
    name = f"Dokument{n}.docx"
    doc = Document()
    table = doc.add_table(rows=0, cols=2)
    table.style = "Table Grid"
    for label, value in (("Tittel", tema.tittel), ("Dokumentnummer", f"KS-{n}"), ("Godkjent av", "Rådmann"),
                         ("Gyldig til", "31.12.2026"), ("Erstatter", "Versjon 2 fra 2019")):
        cells = table.add_row().cells
        cells[0].text, cells[1].text = label, value
    formal, ansvar, fremgang, dok = OVERSKRIFTER[tema.sprak]
    doc.add_heading(formal, level=1)
    doc.add_paragraph(tema.formal + " " + _plass(tema, kommune, n))
    doc.add_heading(fremgang, level=1)
    for step, subs in tema.steg:
        doc.add_paragraph(step, style="List Number")
        for sub in subs:
            doc.add_paragraph(sub, style="List Bullet 2")
    doc.core_properties.title = "Rutinemal"
    doc.save(str(mappe / name))
    return name, tema.tittel


def intranett_malord(mappe: Path, tema: Tema, kommune: str, n: int) -> tuple[str, str]:
    """An intranet page whose <h1> is the template word and whose real title is the <h2> under it."""
    from markdown_it import MarkdownIt

    name = f"rutine-{n}.html"
    body = MarkdownIt("commonmark").render(_markdown_body(tema, kommune, n).replace("## ", "### "))
    (mappe / name).write_text(f"<html><head><title>Rutine</title></head><body><h1>Rutine</h1><h2>{tema.tittel}</h2>"
                              f"<p>Sist endret: 0{n % 9 + 1}.02.2021</p>{body}<p>Til toppen</p></body></html>",
                              encoding="utf-8")
    return name, tema.tittel


# --- the collection ----------------------------------------------------------------------------------------

Lager = Callable[[Path, Tema, str, int], tuple[str, str]]


def _oppskrifter(skriver: Skriver) -> dict[str, Lager]:
    return {"word_norsk": word_norsk, "word_svensk": word_svensk, "pdf": pdf_dokument(skriver),
            "intranett": intranett, "markdown_fremmed": markdown_fremmed, "markdown_sist_endret": markdown_sist_endret,
            "tekst_svensk": tekst_svensk, "dansk": dansk, "konvertert": konvertert, "word_tittelrad": word_tittelrad,
            "intranett_malord": intranett_malord}


_PASSER = {"word_norsk": ("nb", "nn"), "word_svensk": ("sv",), "pdf": ("nb", "sv"), "intranett": ("nb", "nn"),
           "markdown_fremmed": ("nb", "sv", "nn"), "markdown_sist_endret": ("nb", "sv", "da"),
           "tekst_svensk": ("sv",), "dansk": ("da",), "konvertert": ("sv",), "word_tittelrad": ("nb", "nn"),
           "intranett_malord": ("nb", "nn")}


def _plan(antall: int) -> Iterator[tuple[str, Tema, str, int]]:
    """(recipe, theme, municipality, n) for `antall` documents: every recipe in turn, each over its themes."""
    n = 0
    while True:
        for k, (recipe, languages) in enumerate(_PASSER.items()):
            themes = [t for t in TEMAER if t.sprak in languages]
            tema = themes[(n // len(_PASSER) * 5 + k) % len(themes)]  # a stride that reaches every language
            kommuner = KOMMUNER_SV if tema.sprak == "sv" else KOMMUNER
            yield recipe, tema, kommuner[(n // 3) % len(kommuner)], n
            n += 1
            if n >= antall:
                return


def lag_samling(mappe: Path, antall: int = 66) -> dict[str, dict[str, str]]:
    """Write the collection into `mappe` (made empty first) and its manifest; returns the manifest."""
    if mappe.exists():
        shutil.rmtree(mappe)
    mappe.mkdir(parents=True)
    skriver = Skriver()
    recipes = _oppskrifter(skriver)
    manifest: dict[str, dict[str, str]] = {}
    try:
        for recipe, tema, kommune, n in _plan(antall):
            scratch = mappe / ".ny"
            scratch.mkdir()
            name, title = recipes[recipe](scratch, tema, kommune, n)
            rel, older = f"{kommune.lower()}/{name}", 1
            while rel in manifest:  # the same name again: another export of the same routine, text changed
                rel, older = f"{kommune.lower()}/eldre-{older}/{name}", older + 1
            (mappe / rel).parent.mkdir(parents=True, exist_ok=True)
            (scratch / name).rename(mappe / rel)
            scratch.rmdir()
            manifest[rel] = {"tittel": title, "utfall": "utkast", "oppskrift": recipe}
    finally:
        skriver.close()
    _same_text(mappe, manifest)
    _birth_number(mappe, manifest)
    (mappe / MANIFEST).write_text(json.dumps(manifest, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return manifest


def _same_text(mappe: Path, manifest: dict[str, dict[str, str]]) -> None:
    """Copies a municipality keeps by accident: the same file under another name (Word, PDF), and the same
    Markdown saved again with Windows line endings."""
    kopier = mappe / "kopier"
    kopier.mkdir()
    originals = [rel for rel, m in manifest.items() if m["oppskrift"] in ("word_norsk", "pdf", "markdown_fremmed")]
    for rel in originals[:: max(1, len(originals) // 4)][:4]:
        source = mappe / rel
        copy = kopier / f"Kopi av {source.name}"
        if source.suffix == ".md":
            copy.write_bytes(source.read_bytes().replace(b"\n", b"\r\n"))
        else:
            shutil.copyfile(source, copy)
        manifest[f"kopier/{copy.name}"] = {"tittel": manifest[rel]["tittel"], "utfall": "samme", "oppskrift": "kopi"}


def _birth_number(mappe: Path, manifest: dict[str, dict[str, str]]) -> None:
    path = mappe / "kopier" / "Rutine_for_Ola.md"
    path.write_text("# Oppfølging av Ola\n\nGjelder bruker med fødselsnummer 13097248022.\n\n## Fremgangsmåte\n\n"
                    "1. Ring pårørende\n", encoding="utf-8")
    manifest["kopier/Rutine_for_Ola.md"] = {"tittel": "", "utfall": "personopplysning", "oppskrift": "personopplysning"}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("mappe", type=Path)
    parser.add_argument("--antall", type=int, default=66)
    args = parser.parse_args(argv)
    manifest = lag_samling(args.mappe, args.antall)
    print(f"{len(manifest)} dokumenter i {args.mappe}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
