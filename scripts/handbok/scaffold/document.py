"""Scaffold: `handbok ny rutine|funksjon ID` -> a new, valid file to fill in (never overwrites)."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date
from pathlib import Path

from ..checks.run import check_corpus
from ..checks.schema import slugify
from ..core.errors import Refused
from ..source.cache import Cache
from ..source.loading import FUNKSJONER, RUTINER, Corpus, Kind, load_corpus, parse_markdown
from ..source.writing import create_exclusive

# An id becomes a file name and part of every link to the document; file systems stop at 255 bytes.
MAKS_ID = 64


class ScaffoldRefused(Refused):
    """A refusal with a Norwegian explanation; nothing was written."""


def ny(root: Path, today: date, kind: str, new_id: str, tittel: str, eier: str | None,
       cache: Cache | None = None) -> Path:
    if len(new_id) > MAKS_ID:
        raise ScaffoldRefused(f"Id-en er {len(new_id)} tegn lang; høyst {MAKS_ID} tegn er tillatt. Velg en kortere id, "
                            "f.eks. de viktigste ordene i tittelen.")
    if slugify(new_id) != new_id:
        raise ScaffoldRefused(f"«{new_id}» kan ikke brukes som id. Bruk små bokstaver a–z, tall og bindestrek, "
                            f"f.eks. «{slugify(new_id) or 'ny-rutine'}».")
    folder = RUTINER if kind == "rutine" else FUNKSJONER
    target = root / folder / f"{new_id}.md"
    if target.exists():
        raise ScaffoldRefused(f"{folder}/{new_id}.md finnes allerede. Velg en annen id eller endre den som finnes.")
    corpus = load_corpus(root, cache)
    rel = f"{folder}/{new_id}.md"
    if kind == "rutine":
        roles = sorted(d.stem for d in corpus.funksjoner)
        owner = eier or ("fagutviklingssykepleier" if "fagutviklingssykepleier" in roles else (roles or ["eier"])[0])
        text = routine_text(new_id, tittel, owner, today)
        _validate(corpus, today, rel, text, "rutine", cache, owner)
    else:
        text = role_text(new_id, tittel, today)
        _validate(corpus, today, rel, text, "funksjon", cache)
    target.parent.mkdir(parents=True, exist_ok=True)
    create_exclusive(target, text)
    return target


def routine_text(new_id: str, tittel: str, eier: str, today: date) -> str:
    q = json.dumps  # JSON strings are valid YAML double-quoted scalars, with æøå kept
    return f"""---
id: {new_id}
tittel: {q(tittel, ensure_ascii=False)}
sammendrag: "Én setning om hva rutinen gjelder."
versjon: "0.1"
dokumentstatus: utkast
eier: {eier}
godkjent_av: Implementeringsteamet
gjelder_for: [alle]
ansvar:
  {eier}: "Beskriv hva rollen har ansvar for i denne rutinen."
utarbeidet_av: {eier}
malgruppe: [Ansatte]
kategorier: []
hjemmel: []
# hjemmel: [{{tekst: "Helse- og omsorgstjenesteloven § 4-1", url: "https://lovdata.no/lov/2011-06-24-30/§4-1"}}]
# dokumentnummer: "RL-001"  (nummeret fra det gamle kvalitetssystemet, hvis rutinen har et)
# vedlegg: [{{fil: vedlegg/skjema.pdf, tittel: "Skjema"}}]  (filen legges i mappen vedlegg/)
# relaterte: [{{id: annen-rutine, type: relatert}}]  (relatert, bygger-pa, skjema eller erstatter)
erstattet_av: null
endringslogg:
  - {{versjon: "0.1", dato: {today.isoformat()}, endring: "Første utkast"}}
---
## Formål

Hvorfor rutinen finnes.

## Omfang

Hvem og hva rutinen gjelder for.

## Fremgangsmåte

1. Første trinn.
2. Neste trinn.

## Referanser

- Lov, forskrift eller veileder rutinen bygger på.
"""


def role_text(new_id: str, tittel: str, today: date) -> str:
    return f"""---
id: {new_id}
tittel: {json.dumps(tittel, ensure_ascii=False)}
rapporterer_til: null
formaal: "Hvorfor rollen finnes, i én eller to setninger."
ansvar:
  - "Rollens første ansvarsområde."
kompetansekrav:
  - "Krav til utdanning eller opplæring."
versjon: "0.1"
dokumentstatus: utkast
godkjent_av: Implementeringsteamet
endringslogg:
  - {{versjon: "0.1", dato: {today.isoformat()}, endring: "Første utkast"}}
---
## Om rollen

Kort om rollen i hverdagen.
"""


def _validate(corpus: Corpus, today: date, rel: str, text: str, kind: Kind, cache: Cache | None,
              eier: str | None = None) -> None:
    """Check the handbook with the new file in it; `eier` must be a role the handbook knows (the one role
    lookup: a funksjonsbeskrivelse or a lighter role in handbok.yaml)."""
    doc = parse_markdown(text, rel, kind)
    extended = (replace(corpus, rutiner=corpus.rutiner + (doc,)) if kind == "rutine"
                else replace(corpus, funksjoner=corpus.funksjoner + (doc,)))
    result = check_corpus(extended, today, cache)
    if eier is not None and eier not in result.handbok.rolle_ider:
        raise ScaffoldRefused(f"Rollen «{eier}» finnes ikke. Bruk --eier med en av: "
                            f"{', '.join(sorted(result.handbok.rolle_ider))}.")
    problems = [f for f in result.findings if f.fil == rel and f.alvor == "feil"]
    if problems:
        raise ScaffoldRefused("Den nye filen ville hatt feil og er ikke laget: " + "; ".join(p.melding for p in problems))
