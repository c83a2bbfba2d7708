"""References: the model -> findings for every broken cross-reference and inconsistency."""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from typing import Any, Iterable, Iterator
from urllib.parse import urlsplit

from ..core.findings import Finding, advarsel, feil
from ..core.formatting import dato
from ..core.model import Funksjon, Handbok, Rutine
from ..core.suggest import closest, mente_du
from ..source.loading import Corpus, Document
from ..source.yamlread import field_name


class Known:
    """The ids that exist, counting files that failed validation (so one error does not cascade)."""

    def __init__(self, corpus: Corpus, handbok: Handbok) -> None:
        self.rutiner = set(handbok.rutiner) | {d.stem for d in corpus.rutiner}
        self.funksjoner = set(handbok.funksjoner) | {d.stem for d in corpus.funksjoner}
        lighter = {r["id"]: r.get("navn") for r in _raw_list(corpus.innstillinger, "roller")
                   if isinstance(r, dict) and isinstance(r.get("id"), str)}
        self.roller = self.funksjoner | set(lighter) | set(handbok.innstillinger.roller)
        # Role titles for suggestions: «Alle ansatte» written as alle-ansatt is found through the title too.
        self.titler = {f.tittel: f.id for f in handbok.funksjoner.values()} | {
            navn: rolle for rolle, navn in lighter.items() if isinstance(navn, str)}
        self.dokumenter = self.rutiner | self.funksjoner
        raw_sites = _raw_list(corpus.plan, "tjenestesteder")
        self.steder = {s.id for s in handbok.plan.tjenestesteder} | {
            s["id"] for s in raw_sites if isinstance(s, dict) and isinstance(s.get("id"), str)}
        # Without a readable list of sites they are unknown, not absent: do not flag every site reference.
        self.plan_lest = bool(raw_sites) and all(
            isinstance(s, dict) and isinstance(s.get("id"), str) for s in raw_sites)


def check_references(corpus: Corpus, handbok: Handbok, today: date, known: Known | None = None) -> Iterator[Finding]:
    known = known or Known(corpus, handbok)
    docs = {d.fil: d for d in corpus.documents}
    yield from _check_ids(corpus)
    for rutine in handbok.rutiner.values():
        yield from _check_rutine(rutine, docs[rutine.fil], known, today)
        yield from _check_review(rutine, docs[rutine.fil], handbok, today)
        yield from _check_metadata(rutine, docs[rutine.fil], known)
    yield from _check_document_numbers(handbok, docs)
    for funksjon in handbok.funksjoner.values():
        doc = docs[funksjon.fil]
        if funksjon.rapporterer_til and funksjon.rapporterer_til not in known.roller:
            yield _unknown_role(doc, ("rapporterer_til",), funksjon.rapporterer_til, known)
        yield from _check_role_version(funksjon, doc)
    yield from _check_lighter_roles(corpus, known)
    yield from _check_roles_used(corpus, handbok)
    if corpus.plan is not None and corpus.plan.data is not None:
        yield from _check_plan(corpus.plan, handbok, known, today)


def _check_ids(corpus: Corpus) -> Iterator[Finding]:
    for docs in (corpus.rutiner, corpus.funksjoner):
        by_id: dict[str, list[Document]] = defaultdict(list)
        by_folded: dict[str, list[Document]] = defaultdict(list)
        for doc in docs:
            by_folded[doc.stem.casefold()].append(doc)
            doc_id = (doc.data or {}).get("id")
            if not isinstance(doc_id, str):
                continue
            by_id[doc_id].append(doc)
            if doc_id != doc.stem:
                yield feil("id-ulik-filnavn", doc.fil, doc.line("id"), "id",
                           f"id «{doc_id}» er ikke lik filnavnet «{doc.stem}». Endre id til «{doc.stem}», "
                           f"eller gi filen navnet {doc_id}.md (id og filnavn må være like).")
        for doc_id, same in by_id.items():
            for doc in same[1:]:
                yield feil("duplikat-id", doc.fil, doc.line("id"), "id",
                           f"id «{doc_id}» brukes også i {same[0].fil}. Hver fil må ha sin egen id.")
        for same in by_folded.values():
            for doc in same[1:]:
                yield feil("filnavn-kollisjon", doc.fil, None, "",
                           f"Filnavnet skiller seg bare i store/små bokstaver fra {same[0].fil}; på Windows og "
                           "Mac blir det samme fil. Bruk bare små bokstaver og gi filene ulike navn.")


def _check_rutine(rutine: Rutine, doc: Document, known: Known, today: date) -> Iterator[Finding]:
    if rutine.eier is not None and rutine.eier not in known.roller:
        yield _unknown_role(doc, ("eier",), rutine.eier, known)
    for rolle in rutine.ansvar:
        if rolle not in known.roller:
            yield _unknown_role(doc, ("ansvar", rolle), rolle, known)
    for i, sted in enumerate(rutine.gjelder_for):
        if sted != "alle" and known.plan_lest and sted not in known.steder:
            yield unknown("ukjent-tjenestested", doc, ("gjelder_for", i), sted, known.steder | {"alle"},
                           "Tjenestestedet", "tjenestesteder i implementeringsplan.yaml")
    if rutine.erstattet_av is not None and (rutine.erstattet_av not in known.rutiner
                                            or rutine.erstattet_av == rutine.id):
        yield unknown("erstattet-av-ukjent", doc, ("erstattet_av",), rutine.erstattet_av,
                       known.rutiner - {rutine.id}, "Rutinen", "rutiner/")
    yield from _check_changelog(rutine, doc, "rutinens")


def _check_review(rutine: Rutine, doc: Document, handbok: Handbok, today: date) -> Iterator[Finding]:
    """The effective review date (written, or derived from the handbook's interval) for a routine in force."""
    if not rutine.gjeldende:
        return
    frist = handbok.revisjonsfrist(rutine)
    if frist is None:
        yield feil("mangler-felt", doc.fil, doc.line(), "revideres_innen",
                   "Feltet «revideres_innen» mangler. Skriv revideres_innen: ÅÅÅÅ-MM-DD, eller sett en felles "
                   "frist for alle rutiner i handbok.yaml: revisjon: {intervall_maaneder: 24} (måneder etter "
                   "godkjent_dato).")
    elif frist.dato < today and frist.utledet:
        yield advarsel("revisjon-forfalt", doc.fil, doc.line("godkjent_dato"), "godkjent_dato",
                       f"Rutinen skulle vært gjennomgått innen {dato(frist.dato)} "
                       f"({handbok.innstillinger.revisjon_maaneder} måneder etter godkjenningen, etter "
                       "revisjon.intervall_maaneder i handbok.yaml). Eieren gjennomgår den og setter ny "
                       "godkjent_dato, eller revideres_innen (og øker versjon hvis noe endres).")
    elif frist.dato < today:
        yield advarsel("revisjon-forfalt", doc.fil, doc.line("revideres_innen"), "revideres_innen",
                       f"Rutinen skulle vært gjennomgått innen {dato(frist.dato)}. "
                       "Eieren gjennomgår den og setter ny revideres_innen (og øker versjon hvis noe endres).")


def _check_metadata(rutine: Rutine, doc: Document, known: Known) -> Iterator[Finding]:
    """Related documents that exist, and links to the legal basis that are https addresses."""
    for i, relatert in enumerate(rutine.relaterte):
        if relatert.id == rutine.id or relatert.id not in known.dokumenter:
            yield unknown("relatert-ukjent", doc, ("relaterte", i), relatert.id,
                           known.dokumenter - {rutine.id}, "Dokumentet", "rutiner/ og funksjonsbeskrivelser/")
    for i, hjemmel in enumerate(rutine.hjemmel):
        if hjemmel.url is not None and not _https(hjemmel.url):
            path = ("hjemmel", i, "url")
            yield feil("hjemmel-url-ugyldig", doc.fil, doc.line(*path), field_name(path),
                       f"«{hjemmel.url}» er ikke en gyldig https-adresse. Kopier adressen fra nettleseren, "
                       "f.eks. https://lovdata.no/lov/2011-06-24-30/§4-1.")


def _https(url: str) -> bool:
    parts = urlsplit(url)
    return parts.scheme == "https" and "." in parts.netloc and not any(c.isspace() for c in url)


def _check_document_numbers(handbok: Handbok, docs: dict[str, Document]) -> Iterator[Finding]:
    """The old system's document number names one routine (compared without case and outer spaces)."""
    first: dict[str, Rutine] = {}
    for rutine in sorted(handbok.rutiner.values(), key=lambda r: r.fil):
        if rutine.dokumentnummer is None:
            continue
        key = rutine.dokumentnummer.strip().casefold()
        if key in first:
            yield feil("dokumentnummer-duplikat", rutine.fil, docs[rutine.fil].line("dokumentnummer"),
                       "dokumentnummer",
                       f"Dokumentnummeret «{rutine.dokumentnummer}» brukes også av {first[key].fil}. Hver rutine "
                       "må ha sitt eget nummer; rett det ene, eller fjern det.")
        else:
            first[key] = rutine
def _check_changelog(dokument: Rutine | Funksjon, doc: Document, whose: str) -> Iterator[Finding]:
    """The change log has a line for the current version and none ahead of it (a versioned document only)."""
    if dokument.versjon is None:
        return
    if dokument.endringslogg and all(e.versjon != dokument.versjon for e in dokument.endringslogg):
        yield feil("mangler-endringslogg", doc.fil, doc.line("versjon"), "versjon",
                   f"Endringsloggen har ingen linje for gjeldende versjon {dokument.versjon}. Legg til "
                   f'{{versjon: "{dokument.versjon}", dato: ÅÅÅÅ-MM-DD, endring: "Hva som er endret"}} '
                   "nederst i endringslogg.")
    for i, entry in enumerate(dokument.endringslogg):
        if entry.versjon > dokument.versjon:
            yield feil("endringslogg-foran-versjon", doc.fil, doc.line("endringslogg", i, "versjon"),
                       field_name(("endringslogg", i, "versjon")),
                       f"Endringsloggen har versjon {entry.versjon}, som er høyere enn {whose} versjon "
                       f"{dokument.versjon}. Øk versjon til {entry.versjon} eller rett linjen i endringsloggen.")


def _check_role_version(funksjon: Funksjon, doc: Document) -> Iterator[Finding]:
    if funksjon.versjon is None:
        yield advarsel("funksjonsbeskrivelse-uten-versjon", doc.fil, doc.line("id"), "versjon",
                       f"Funksjonsbeskrivelsen «{funksjon.tittel}» har ingen versjon, så endringer i den kan ikke "
                       "følges opp, og den kan ikke være med i implementeringsplanen. Legg til som for en rutine: "
                       'versjon: "1.0", dokumentstatus: gjeldende, godkjent_av, godkjent_dato og en endringslogg '
                       'med {versjon: "1.0", dato: ÅÅÅÅ-MM-DD, endring: "Første versjon"}.')
    yield from _check_changelog(funksjon, doc, "funksjonsbeskrivelsens")


def _check_lighter_roles(corpus: Corpus, known: Known) -> Iterator[Finding]:
    """A lighter role in handbok.yaml has its own id: not another lighter role's, not a funksjonsbeskrivelse's."""
    doc = corpus.innstillinger
    if doc is None:
        return
    seen: set[str] = set()
    for i, rolle in enumerate(_raw_list(doc, "roller")):
        rolle_id = rolle.get("id") if isinstance(rolle, dict) else None
        if not isinstance(rolle_id, str):
            continue
        path = ("roller", i, "id")
        if rolle_id in seen:
            yield feil("duplikat-id", doc.fil, doc.line(*path), field_name(path),
                       f"id «{rolle_id}» står flere ganger i roller. Gi hver rolle sin egen id.")
        elif rolle_id in known.funksjoner:
            yield feil("duplikat-id", doc.fil, doc.line(*path), field_name(path),
                       f"«{rolle_id}» har allerede en funksjonsbeskrivelse (funksjonsbeskrivelser/{rolle_id}.md). "
                       "Fjern rollen fra roller i handbok.yaml; funksjonsbeskrivelsen gjelder.")
        seen.add(rolle_id)


def _check_roles_used(corpus: Corpus, handbok: Handbok) -> Iterator[Finding]:
    """A role nothing refers to: no responsibility in a routine in force, no routine it owns, nobody reporting
    to it. Owning a routine and leading other roles are tasks too, so those roles are in use."""
    if len(handbok.rutiner) < len(corpus.rutiner) or len(handbok.funksjoner) < len(corpus.funksjoner):
        return  # a document failed validation; what it refers to is unknown, so any warning here could be wrong
    current = [r for r in handbok.rutiner.values() if r.gjeldende]
    used = ({rolle for r in current for rolle in r.ansvar} | {r.eier for r in current}
            | {f.rapporterer_til for f in handbok.funksjoner.values() if f.rapporterer_til})
    docs = {d.fil: d for d in corpus.funksjoner}
    for funksjon in handbok.funksjoner.values():
        if funksjon.id not in used and funksjon.gjeldende:
            yield advarsel("rolle-uten-ansvar", funksjon.fil, docs[funksjon.fil].line("id"), "id",
                           f"Rollen «{funksjon.tittel}» har ikke ansvar i noen gjeldende rutine, eier ingen og har "
                           "ingen som rapporterer til seg. Legg rollen til under ansvar i rutinene der den har en "
                           "oppgave, eller sett dokumentstatus: utgaatt hvis den ikke brukes lenger.")
    settings = corpus.innstillinger
    if settings is None:
        return
    for i, raw in enumerate(_raw_list(settings, "roller")):
        rolle = handbok.innstillinger.roller.get(str(raw.get("id"))) if isinstance(raw, dict) else None
        if rolle is not None and rolle.id not in used:
            yield advarsel("rolle-uten-ansvar", settings.fil, settings.line("roller", i, "id"),
                           field_name(("roller", i, "id")),
                           f"Rollen «{rolle.navn}» har ikke ansvar i noen gjeldende rutine. Legg den til under "
                           "ansvar i rutinene der den har en oppgave, eller fjern den fra roller i handbok.yaml.")


def _check_plan(plan: Document, handbok: Handbok, known: Known, today: date) -> Iterator[Finding]:
    data = plan.data or {}
    for section in ("tjenestesteder", "faser"):
        yield from _duplicate_ids(plan, (section,), _raw_list(plan, section))
    skjema_raw = data.get("evalueringsskjema")
    if isinstance(skjema_raw, dict):
        yield from _duplicate_ids(plan, ("evalueringsskjema", "sporsmal"), skjema_raw.get("sporsmal"))
    skjema = handbok.plan.skjema
    if skjema.min > skjema.maks:
        yield feil("ugyldig-skala", plan.fil, plan.line("evalueringsskjema", "skala"), "evalueringsskjema.skala",
                   f"Skalaen går fra {skjema.min} til {skjema.maks}; min må være lavere enn maks, f.eks. "
                   "{min: 1, maks: 5}.")
    raw_faser = _raw_list(plan, "faser")
    for fase in handbok.plan.faser:
        i = _index(raw_faser, fase.id)
        if fase.frist < fase.start:
            yield feil("frist-for-start", plan.fil, plan.line("faser", i, "frist"), field_name(("faser", i, "frist")),
                       f"Fasen «{fase.navn}» har frist {dato(fase.frist)} før start "
                       f"{dato(fase.start)}. Rett datoene.")
        for j, rutine_id in enumerate(fase.rutiner):
            if rutine_id not in known.rutiner:
                yield unknown("ukjent-rutine", plan, ("faser", i, "rutiner", j), rutine_id, known.rutiner,
                               "Rutinen", "rutiner/")
        for j, rolle_id in enumerate(fase.funksjonsbeskrivelser):
            yield from check_role_in_plan(plan, ("faser", i, "funksjonsbeskrivelser", j), rolle_id, handbok, known)


def check_role_in_plan(plan: Document, path: tuple[Any, ...], rolle_id: str, handbok: Handbok,
                        known: Known) -> Iterator[Finding]:
    """A funksjonsbeskrivelse the plan names must exist, have a version and not share its id with a routine."""
    if rolle_id not in known.funksjoner:
        yield unknown("ukjent-funksjonsbeskrivelse", plan, path, rolle_id, known.funksjoner,
                       "Funksjonsbeskrivelsen", "funksjonsbeskrivelser/")
    elif rolle_id in known.rutiner:
        yield feil("samme-id-som-rutine", plan.fil, plan.line(*path), field_name(path),
                   f"«{rolle_id}» er id både for en rutine og en funksjonsbeskrivelse, så i planen betyr den "
                   "rutinen. Gi funksjonsbeskrivelsen en egen id (nytt filnavn og id, og endre ansvar, eier og "
                   "rapporterer_til som nevner den) før den tas med i planen.")
    elif (funksjon := handbok.funksjoner.get(rolle_id)) is not None and funksjon.versjon is None:
        yield feil("uversjonert-funksjonsbeskrivelse", plan.fil, plan.line(*path), field_name(path),
                   f"Funksjonsbeskrivelsen «{funksjon.tittel}» har ingen versjon, så tjenestestedene kan ikke "
                   f"registrere hvilken versjon de har implementert. Legg til versjon, dokumentstatus, godkjent_av, "
                   f"godkjent_dato og endringslogg i {funksjon.fil}.")


def _duplicate_ids(plan: Document, path: tuple[str, ...], items: Any) -> Iterator[Finding]:
    seen: set[str] = set()
    for i, item in enumerate(items if isinstance(items, list) else []):
        item_id = item.get("id") if isinstance(item, dict) else None
        if isinstance(item_id, str) and item_id in seen:
            yield feil("duplikat-id", plan.fil, plan.line(*path, i, "id"), field_name((*path, i, "id")),
                       f"id «{item_id}» står flere ganger i {field_name(path)}. Gi hver sin egen id.")
        if isinstance(item_id, str):
            seen.add(item_id)


def unknown(kode: str, doc: Document, path: tuple[Any, ...], value: str, candidates: Iterable[str],
             what: str, where: str) -> Finding:
    hint = mente_du(value, candidates, f" Sjekk stavingen mot {where}.")
    return feil(kode, doc.fil, doc.line(*path), field_name(path), f"{what} «{value}» finnes ikke.{hint}")


def _unknown_role(doc: Document, path: tuple[Any, ...], value: str, known: Known) -> Finding:
    """An unknown role, with a suggestion only when it is nearly the same word as a real role's id or title:
    a plausible but different role («hjelpepleier» beside «vernepleier») gets none."""
    guess = suggest_role(value, known.roller, known.titler)
    hint = (f" Mente du «{guess}»?" if guess else " Sjekk stavingen mot funksjonsbeskrivelser/, eller legg rollen til "
            "under roller i handbok.yaml hvis den er en gruppe, et utvalg eller en ekstern part.")
    return feil("ukjent-rolle", doc.fil, doc.line(*path), field_name(path), f"Rollen «{value}» finnes ikke.{hint}")


def suggest_role(value: str, ids: Iterable[str], titler: dict[str, str]) -> str | None:
    """The real role id `value` is most likely a misspelling of, by its id or its title; None when no role
    is close enough on the whole word."""
    by_title = {tittel.replace(" ", "-"): rolle for tittel, rolle in titler.items()}
    title = closest(value, by_title)
    return closest(value, ids) or (by_title[title] if title else None)


def _raw_list(doc: Document | None, key: str) -> list[Any]:
    value = (doc.data or {}).get(key) if doc else None
    return value if isinstance(value, list) else []


def _index(items: list[Any], item_id: str) -> int:
    return next((i for i, item in enumerate(items) if isinstance(item, dict) and item.get("id") == item_id), 0)
