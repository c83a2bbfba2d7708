"""Assemble: schema-valid documents -> the typed, frozen Handbok; a part with an error is left out."""

from __future__ import annotations

from datetime import date
from typing import Any, Collection, Mapping

from ..core.bekreftelser import Bekreftelsestall, build_bekreftelses_oppsett, build_bekreftelsestall
from ..core.historikk import med_historikk
from ..core.model import (DEFAULT_EVALUERING_INNEN_DAGER, DEFAULT_REIMPLEMENTERING_INNEN_DAGER, VET_IKKE,
                          Dokumentstatus, Endringslinje, Evalueringsskjema, Fase, Funksjon, Handbok, Hendelse,
                          Hendelsestype, Historikk, Hjemmel, Implementeringsplan, Implementeringsstatus, Innstillinger,
                          Relasjon, Relatert, Rolle, Rolletype, Rutine, Sporsmal, Tjenestested, Varseloppsett, Vedlegg,
                          Versjon)
from ..core.statistikk import (Avvikstall, Kompetansetall, build_avvik_oppsett, build_avvikstall,
                               build_kompetanse_oppsett, build_kompetansetall)
from .ledger import RawEntry, keys, raw_entries
from .loading import Corpus, Document
from .yamlread import Path_


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
        revisjon_maaneder=(data.get("revisjon") or {}).get("intervall_maaneder"),
        roller={r["id"]: Rolle(r["id"], r["navn"], Rolletype(r["type"]), r.get("beskrivelse") or "",
                               r.get("kontakt") or "") for r in data.get("roller") or ()},
        avvik=build_avvik_oppsett(data.get("avvik")), kompetanse=build_kompetanse_oppsett(data.get("kompetanse")),
        bekreftelser=build_bekreftelses_oppsett(data.get("bekreftelser")),
        tjenestested_epost=dict(data.get("tjenestested_epost") or {}), varsler=_varsler(data.get("varsler")),
    )


def _varsler(data: Mapping[str, Any] | None) -> Varseloppsett | None:
    if not data:
        return None
    return Varseloppsett(data["nettsted"].rstrip("/") + "/", data["avsender"])


def build_handbok(corpus: Corpus, bad: Mapping[str, Collection[Path_]],
                  innstillinger: Innstillinger = Innstillinger()) -> Handbok:
    """Build the model from the documents, leaving out every part that has an error.

    `bad` maps a file to the paths of its schema errors; a routine or role with any error is
    left out, and in the plan only the site, phase or history entry that holds the error.
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
    plan = med_historikk(plan, _historikk(corpus, bad))
    avvik, kompetanse = _statistics(corpus, bad)
    return Handbok(rutiner, funksjoner, plan, innstillinger, avvik, kompetanse, _receipts(corpus, bad))


def _statistics(corpus: Corpus, bad: Mapping[str, Collection[Path_]]) -> tuple[Avvikstall, Kompetansetall]:
    """The imported counts; a file with any error is left out whole (its findings say why)."""
    def valid(kind: Any) -> dict[str, Any] | None:
        doc = corpus.statistikkfil(kind)
        return doc.data if doc is not None and doc.data is not None and not doc.findings and not bad.get(doc.fil) else None

    return build_avvikstall(valid("avvik")), build_kompetansetall(valid("kompetanse"))


def _receipts(corpus: Corpus, bad: Mapping[str, Collection[Path_]]) -> Bekreftelsestall:
    """The imported receipts; a file with any error is left out whole, like the other counts."""
    doc = corpus.statistikkfil("bekreftelser")
    valid = doc is not None and doc.data is not None and not doc.findings and not bad.get(doc.fil)
    return build_bekreftelsestall(doc.data if valid and doc is not None else None)


def _rutine(doc: Document) -> Rutine:
    d = doc.data or {}
    return Rutine(
        id=d["id"], fil=doc.fil, tittel=d["tittel"], versjon=Versjon.parse(d["versjon"]),
        dokumentstatus=Dokumentstatus(d["dokumentstatus"]), eier=d.get("eier"), godkjent_av=d.get("godkjent_av", ""),
        godkjent_dato=_date(d.get("godkjent_dato")), revideres_innen=_date(d.get("revideres_innen")),
        gjelder_for=tuple(d.get("gjelder_for") or ()), ansvar=dict(d.get("ansvar") or {}),
        endringslogg=_endringslogg(d),
        sammendrag=d.get("sammendrag") or "", kategorier=tuple(d.get("kategorier") or ()),
        hjemmel=tuple(Hjemmel(h) if isinstance(h, str) else Hjemmel(h["tekst"], h.get("url"))
                      for h in d.get("hjemmel") or ()),
        erstattet_av=d.get("erstattet_av"), tekst=doc.body,
        dokumentnummer=d.get("dokumentnummer"), malgruppe=tuple(d.get("malgruppe") or ()),
        utarbeidet_av=d.get("utarbeidet_av"), kontrollert_av=d.get("kontrollert_av"),
        vedlegg=tuple(Vedlegg(v["fil"], v["tittel"]) for v in d.get("vedlegg") or ()),
        relaterte=tuple(Relatert(r) if isinstance(r, str) else Relatert(r["id"], Relasjon(r.get("type", "relatert")))
                        for r in d.get("relaterte") or ()),
        type=d.get("type") or "rutine",
    )


def _funksjon(doc: Document) -> Funksjon:
    d = doc.data or {}
    return Funksjon(
        id=d["id"], fil=doc.fil, tittel=d["tittel"], formaal=d["formaal"], ansvar=tuple(d["ansvar"]),
        kompetansekrav=tuple(d.get("kompetansekrav") or ()), rapporterer_til=d.get("rapporterer_til"),
        tekst=doc.body, versjon=Versjon.parse(d["versjon"]) if d.get("versjon") else None,
        dokumentstatus=Dokumentstatus(d.get("dokumentstatus") or Dokumentstatus.GJELDENDE),
        godkjent_av=d.get("godkjent_av") or "", godkjent_dato=_date(d.get("godkjent_dato")),
        endringslogg=_endringslogg(d),
    )


def _endringslogg(d: dict[str, Any]) -> tuple[Endringslinje, ...]:
    return tuple(Endringslinje(Versjon.parse(e["versjon"]), date.fromisoformat(e["dato"]), e["endring"],
                               e.get("reimplementering_innen_dager"), _date(e.get("reimplementering_frist")))
                 for e in d.get("endringslogg") or ())


def _plan(d: dict[str, Any], bad: set[Path_]) -> Implementeringsplan:
    bad = {p for p in bad if p}  # a missing top-level section is simply empty

    def clean(*path: str | int) -> bool:
        return _clean(bad, path)

    steder = tuple(Tjenestested(s["id"], s["navn"], s.get("aktiv", True))
                   for i, s in enumerate(_list(d, "tjenestesteder")) if clean("tjenestesteder", i))
    faser = tuple(Fase(f["id"], f["navn"], date.fromisoformat(f["start"]), date.fromisoformat(f["frist"]),
                       tuple(f.get("rutiner") or ()), f.get("beskrivelse") or "",
                       tuple(f.get("funksjonsbeskrivelser") or ()), tuple(f.get("evalueringer") or ()))
                  for i, f in enumerate(_list(d, "faser")) if clean("faser", i))
    skjema = Evalueringsskjema(1, 5, ())
    if clean("evalueringsskjema") and isinstance(d.get("evalueringsskjema"), dict):
        s = d["evalueringsskjema"]
        skjema = Evalueringsskjema(s["skala"]["min"], s["skala"]["maks"],
                                   tuple(Sporsmal(q["id"], q["tekst"], q.get("utgaatt", False), q.get("vet_ikke"))
                                         for q in s["sporsmal"]), s.get("tiltak_under"), s.get("vet_ikke", False))
    settings = (d.get("innstillinger") if clean("innstillinger") else None) or {}
    return Implementeringsplan(steder, faser, skjema, {},
                               settings.get("evaluering_innen_dager", DEFAULT_EVALUERING_INNEN_DAGER),
                               settings.get("evaluering_hver_maaneder"),
                               reimplementering_innen_dager=settings.get("reimplementering_innen_dager",
                                                                         DEFAULT_REIMPLEMENTERING_INNEN_DAGER))


def _clean(bad: Collection[Path_], path: Path_) -> bool:
    """No error inside this item, nor in anything that contains it."""
    return not any(p[: len(path)] == path or path[: len(p)] == p for p in bad)


def _historikk(corpus: Corpus, bad: Mapping[str, Collection[Path_]]) -> Historikk:
    """Every site's entries as the model's, leaving out an entry with an error (and, in the old form, the
    whole record that holds one); each keeps its place and its identity across git history."""
    entries = raw_entries(corpus)
    identities = keys(entries)
    historikk: dict[str, dict[str, tuple[Hendelse, ...]]] = {}
    for (sted, dokument), written in entries.items():
        kept = tuple(_hendelse(entry, key) for entry, key in zip(written, identities[sted, dokument])
                     if _usable(entry, bad))
        if kept:
            historikk.setdefault(sted, {})[dokument] = kept
    return historikk


def _usable(entry: RawEntry, bad: Mapping[str, Collection[Path_]]) -> bool:
    errors = [p for p in bad.get(entry.fil, ()) if p]
    where = entry.sti[:3] if entry.gammel else entry.sti  # the old form: the whole record
    return _clean(errors, where)


def _hendelse(entry: RawEntry, nokkel: str) -> Hendelse:
    d = entry.data
    svar = d.get("svar") or {}
    return Hendelse(
        hendelse=Hendelsestype(d["hendelse"]), dato=_date(d.get("dato")), versjon=_versjon(d.get("versjon")),
        hvordan=d.get("hvordan") or "", begrunnelse=d.get("begrunnelse") or "",
        status=Implementeringsstatus(d["status"]) if d.get("status") else None,
        fra=Implementeringsstatus(d["fra"]) if d.get("fra") else None, grunn=d.get("grunn") or "",
        svar={q: (None if p == VET_IKKE else p) for q, p in svar.items()}, merknad=d.get("merknad") or "",
        id=d.get("id") or "", beskrivelse=d.get("beskrivelse") or "", ansvarlig=d.get("ansvarlig") or "",
        frist=_date(d.get("frist")), evaluering=_date(d.get("evaluering")), resultat=d.get("resultat") or "",
        fil=entry.fil, sti=entry.sti, nokkel=nokkel,
    )


def _versjon(value: str | None) -> Versjon | None:
    return Versjon.parse(value) if value else None


def _list(d: dict[str, Any], key: str) -> list[Any]:
    value = d.get(key)
    return value if isinstance(value, list) else []


def _date(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None
