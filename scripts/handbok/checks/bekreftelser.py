"""Receipt checks: the `bekreftelser` settings, the site mailboxes and the imported receipts against the
handbook -> findings (a form link without the document or version, a site, document, version or role that
does not exist, more receipts than staff), and the threshold warning for a site that has registered a
document as implemented while few have confirmed it."""

from __future__ import annotations

from typing import Iterator

from ..core.bekreftelser import PAKREVDE_PLASSHOLDERE, PLASSHOLDERE, plassholdere
from ..core.bekreftet import andel, gjelder, registrert_implementert
from ..core.findings import Finding, advarsel, feil
from ..core.formatting import prosent
from ..core.model import Handbok, Versjon
from ..source.loading import Corpus, Document
from ..source.yamlread import field_name


def check_receipts(corpus: Corpus, handbok: Handbok) -> Iterator[Finding]:
    steder = {s.id for s in handbok.plan.tjenestesteder}
    if corpus.innstillinger is not None:
        yield from _settings(corpus.innstillinger, handbok, steder)
    counts = corpus.statistikkfil("bekreftelser")
    if counts is not None and counts.data is not None and isinstance(counts.data.get("tall"), dict):
        yield from _counts(counts, handbok, steder)
    yield from _threshold({d.fil: d for d in corpus.documents}, handbok)


def _settings(doc: Document, handbok: Handbok, steder: set[str]) -> Iterator[Finding]:
    for sted in handbok.innstillinger.tjenestested_epost:
        if sted not in steder:
            yield feil("epost-ukjent-tjenestested", doc.fil, doc.line("tjenestested_epost", sted),
                       f"tjenestested_epost.{sted}", f"Tjenestestedet «{sted}» finnes ikke i implementeringsplan.yaml.")
    oppsett = handbok.innstillinger.bekreftelser
    if oppsett is None:
        return
    named = plassholdere(oppsett.skjema or "")
    for name in [n for n in named if n not in PLASSHOLDERE]:
        yield feil("bekreftelser-ukjent-plassholder", doc.fil, doc.line("bekreftelser", "skjema"), "bekreftelser.skjema",
                   f"Plassholderen {{{name}}} finnes ikke. Bruk " + ", ".join(f"{{{p}}}" for p in PLASSHOLDERE) + ".")
    missing = [p for p in PAKREVDE_PLASSHOLDERE if oppsett.skjema and p not in named]
    if missing:
        yield feil("bekreftelser-mangler-plassholder", doc.fil, doc.line("bekreftelser", "skjema"), "bekreftelser.skjema",
                   "Skjemalenken må ha med " + " og ".join(f"{{{p}}}" for p in missing) + ", ellers vet ikke "
                   "svarene hvilket dokument og hvilken versjon de gjelder. Legg plassholderne inn i adressen der "
                   "skjemaverktøyet tar imot forhåndsutfylte svar.")
    for sted, ansatte in oppsett.ansatte.items():
        if sted not in steder:
            yield feil("bekreftelser-ukjent-tjenestested", doc.fil, doc.line("bekreftelser", "ansatte", sted),
                       f"bekreftelser.ansatte.{sted}", f"Tjenestestedet «{sted}» finnes ikke i implementeringsplan.yaml.")
        for rolle in ansatte.roller:
            if rolle not in handbok.rolle_ider:
                yield feil("bekreftelser-ukjent-rolle", doc.fil, doc.line("bekreftelser", "ansatte", sted, "roller", rolle),
                           f"bekreftelser.ansatte.{sted}.roller.{rolle}",
                           f"Rollen «{rolle}» finnes ikke. Skriv id-en til en funksjonsbeskrivelse eller en rolle i "
                           "handbok.yaml.")


def _counts(doc: Document, handbok: Handbok, steder: set[str]) -> Iterator[Finding]:
    assert doc.data is not None
    for sted, documents in doc.data["tall"].items():
        if sted not in steder:
            yield feil("bekreftelser-ukjent-tjenestested", doc.fil, doc.line("tall", sted), f"tall.{sted}",
                       f"Tjenestestedet «{sted}» finnes ikke i implementeringsplan.yaml. Rett bekreftelser.tjenestesteder "
                       "i handbok.yaml og importer på nytt, eller legg tjenestestedet til i planen.")
        for dokument_id, versions in (documents.items() if isinstance(documents, dict) else ()):
            where = f"tall.{sted}.{dokument_id}"
            dokument = handbok.dokument(dokument_id)
            if dokument is None:
                yield feil("bekreftelser-ukjent-dokument", doc.fil, doc.line("tall", sted, dokument_id), where,
                           f"«{dokument_id}» er ikke en rutine eller en funksjonsbeskrivelse med versjon. Importer "
                           "bekreftelsene på nytt i stedet for å skrive tall for hånd.")
                continue
            known = {e.versjon for e in dokument.endringslogg} | ({dokument.versjon} if dokument.versjon else set())
            for versjon, counted in (versions.items() if isinstance(versions, dict) else ()):
                line = doc.line("tall", sted, dokument_id, versjon)
                if _version(versjon) not in known:
                    yield advarsel("bekreftelser-ukjent-versjon", doc.fil, line, f"{where}.{versjon}",
                                   f"{dokument.tittel} har ingen versjon {versjon} i endringsloggen, så bekreftelsene "
                                   "for den telles ikke.")
                for rolle in (counted.get("roller") or {}) if isinstance(counted, dict) else ():
                    if rolle not in handbok.rolle_ider:
                        yield feil("bekreftelser-ukjent-rolle", doc.fil, doc.line("tall", sted, dokument_id, versjon,
                                                                                  "roller", rolle),
                                   f"{where}.{versjon}.roller.{rolle}",
                                   f"Rollen «{rolle}» finnes ikke. Rett bekreftelser.roller i handbok.yaml og importer "
                                   "på nytt.")
            if sted in steder and dokument.versjon is not None and dokument.gjeldende:
                yield from _more_than_staff(doc, handbok, sted, dokument_id)


def _version(text: str) -> Versjon | None:
    try:
        return Versjon.parse(text)
    except ValueError:  # the schema check reports it
        return None


def _more_than_staff(doc: Document, handbok: Handbok, sted: str, dokument_id: str) -> Iterator[Finding]:
    dokument = handbok.dokument(dokument_id)
    assert dokument is not None
    counted = andel(handbok, sted, dokument)
    if counted.ansatte is not None and counted.antall > counted.ansatte:
        yield advarsel("bekreftelser-flere-enn-ansatte", doc.fil, doc.line("tall", sted, dokument_id),
                       f"tall.{sted}.{dokument_id}",
                       f"{counted.antall} har bekreftet versjon {counted.versjoner} av {dokument.tittel}, men "
                       f"{_site_name(handbok, sted)} har {counted.ansatte} ansatte. Oppdater bekreftelser.ansatte i handbok.yaml, eller la "
                       "skjemaet ta imot bare ett svar per person.")


def _site_name(handbok: Handbok, sted: str) -> str:
    found = handbok.plan.sted(sted)
    return found.navn if found else sted


def _threshold(docs: dict[str, Document], handbok: Handbok) -> Iterator[Finding]:
    """A site that registered the version in force as implemented while fewer than the threshold confirmed it."""
    oppsett = handbok.innstillinger.bekreftelser
    if oppsett is None or oppsett.terskel is None:
        return
    for sted in handbok.plan.aktive_steder:
        if sted.id not in oppsett.ansatte:
            continue
        for dokument_id, record in handbok.plan.implementering.get(sted.id, {}).items():
            dokument = handbok.dokument(dokument_id)
            if dokument is None or not gjelder(handbok, sted.id, dokument) or not registrert_implementert(record, dokument):
                continue
            counted = andel(handbok, sted.id, dokument)
            entry = record.status_hendelse if record else None
            if counted.under(oppsett.terskel) and entry is not None:
                doc = docs.get(entry.fil)
                yield advarsel("bekreftelser-under-terskel", entry.fil, doc.line(*entry.sti) if doc else None,
                               field_name(entry.sti),
                               f"{dokument.tittel} er registrert som {record.status.tekst.lower()} ved {sted.navn}, men "
                               f"bare {counted.tekst(' ')}; terskelen er {prosent(oppsett.terskel / 100, ' ')}. Minn de "
                               "ansatte på å lese og bekrefte, og importer bekreftelsene på nytt.")
