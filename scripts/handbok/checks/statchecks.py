"""Statistics checks: the imported counts and the competence form against the handbook -> findings
(a site, area, role or routine that does not exist; a count per level that does not match the levels)."""

from __future__ import annotations

from typing import Iterator

from ..core.findings import Finding, feil
from ..core.model import Handbok
from ..source.loading import Corpus, Document


def check_statistics(corpus: Corpus, handbok: Handbok) -> Iterator[Finding]:
    steder = {s.id for s in handbok.plan.tjenestesteder}
    avvik = corpus.statistikkfil("avvik")
    if avvik is not None and avvik.data is not None:
        yield from _deviations(avvik, steder)
    if corpus.innstillinger is not None and handbok.innstillinger.kompetanse is not None:
        yield from _form(corpus.innstillinger, handbok)
    kompetanse = corpus.statistikkfil("kompetanse")
    if kompetanse is not None and kompetanse.data is not None:
        yield from _mapping(kompetanse, handbok, steder)


def _deviations(doc: Document, steder: set[str]) -> Iterator[Finding]:
    perioder = set(doc.data.get("perioder") or ()) if doc.data else set()
    tall = doc.data.get("tall") if doc.data else None
    for kategori, sites in (tall.items() if isinstance(tall, dict) else ()):
        for sted, months in (sites.items() if isinstance(sites, dict) else ()):
            if sted not in steder:
                yield feil("avvik-ukjent-tjenestested", doc.fil, doc.line("tall", kategori, sted), f"tall.{kategori}.{sted}",
                           f"Tjenestestedet «{sted}» finnes ikke i implementeringsplan.yaml. Importer på nytt etter "
                           "å ha rettet avvik.tjenestesteder i handbok.yaml, eller legg tjenestestedet til i planen.")
            for month in (months if isinstance(months, dict) else ()):
                if month not in perioder:
                    yield feil("avvik-periode-mangler", doc.fil, doc.line("tall", kategori, sted, month),
                               f"tall.{kategori}.{sted}.{month}",
                               f"Måneden {month} står ikke under perioder, så tallene for den vises ikke. Importer "
                               "måneden på nytt med «handbok avvik importer» i stedet for å skrive tall for hånd.")


def _form(doc: Document, handbok: Handbok) -> Iterator[Finding]:
    oppsett = handbok.innstillinger.kompetanse
    assert oppsett is not None
    if oppsett.malniva > len(oppsett.nivaer):
        yield feil("kompetanse-ugyldig-malniva", doc.fil, doc.line("kompetanse", "malniva"), "kompetanse.malniva",
                   f"Målnivået {oppsett.malniva} finnes ikke: skjemaet har {len(oppsett.nivaer)} nivåer. Velg et "
                   f"tall fra 1 til {len(oppsett.nivaer)}.")
    for index, omrade in enumerate(oppsett.omrader):
        for place, rolle in enumerate(omrade.roller):
            if rolle not in handbok.funksjoner:
                yield feil("kompetanse-ukjent-rolle", doc.fil, doc.line("kompetanse", "omrader", index, "roller", place),
                           f"kompetanse.omrader[{index}].roller[{place}]",
                           f"Rollen «{rolle}» har ingen funksjonsbeskrivelse. Skriv id-en til en funksjonsbeskrivelse.")
        for place, rutine in enumerate(omrade.rutiner):
            if rutine not in handbok.rutiner:
                yield feil("kompetanse-ukjent-rutine", doc.fil, doc.line("kompetanse", "omrader", index, "rutiner", place),
                           f"kompetanse.omrader[{index}].rutiner[{place}]",
                           f"Rutinen «{rutine}» finnes ikke. Skriv id-en til en rutine under rutiner/.")


def _mapping(doc: Document, handbok: Handbok, steder: set[str]) -> Iterator[Finding]:
    oppsett = handbok.innstillinger.kompetanse
    if oppsett is None:
        yield feil("kompetanse-mangler-skjema", doc.fil, 1, "",
                   "Det finnes en kompetansekartlegging, men handbok.yaml har ikke noe kompetanse-skjema (nivåer og "
                   "områder). Legg det til under kompetanse i handbok.yaml.")
        return
    kartlegginger = doc.data.get("kartlegginger") if doc.data else None
    for sted, kartlegging in (kartlegginger.items() if isinstance(kartlegginger, dict) else ()):
        if sted not in steder:
            yield feil("kompetanse-ukjent-tjenestested", doc.fil, doc.line("kartlegginger", sted), f"kartlegginger.{sted}",
                       f"Tjenestestedet «{sted}» finnes ikke i implementeringsplan.yaml.")
        omrader = kartlegging.get("omrader") if isinstance(kartlegging, dict) else None
        for omrade, counts in (omrader.items() if isinstance(omrader, dict) else ()):
            where, line = f"kartlegginger.{sted}.omrader.{omrade}", doc.line("kartlegginger", sted, "omrader", omrade)
            if oppsett.omrade(omrade) is None:
                yield feil("kompetanse-ukjent-omrade", doc.fil, line, where,
                           f"Området «{omrade}» finnes ikke under kompetanse.omrader i handbok.yaml. Legg det til "
                           "der, eller importer kartleggingen på nytt.")
            elif isinstance(counts, list) and len(counts) != len(oppsett.nivaer):
                yield feil("kompetanse-feil-antall-nivaer", doc.fil, line, where,
                           f"Det står {len(counts)} tall, men skjemaet har {len(oppsett.nivaer)} nivåer. Importer "
                           "kartleggingen på nytt med «handbok kompetanse importer».")
