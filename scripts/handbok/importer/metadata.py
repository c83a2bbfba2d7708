"""Importer: a read source -> the draft's front matter, and what was recognised, what is missing and what to decide."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from ..core.formatting import dato
from .ansvar import Ansvarslinje, ansvar_section, match_role, slug
from .cleanup import IMAGE, clean
from .header import Felt, Hode, label_field, read_header
from .reading import Kilde
from .title import choose
from .values import parse_date, parse_version, until_further_notice

MAKS_ID = 64
_OWN_FIELDS = ("tittel", "sammendrag", "dokumentnummer", "godkjent_av", "utarbeidet_av", "kontrollert_av", "eier",
               "versjon", "godkjent_dato", "revideres_innen", "gjelder_for", "malgruppe", "hjemmel", "kategorier")
_ALL = re.compile(r"^(alle|all|samtlige|samtliga|hele kommunen|heile kommunen|alle enheter|alle einingar|"
                  r"alle tjenestesteder|alle tenestestader)\b", re.IGNORECASE)
_PREFIX = re.compile(r"^(rutine|rutinen|rutin|prosedyre|prosedyren|retningslinje|retningslinjer|instruks)-(for|för|"
                     r"om|ved|vid|til)-")
_PURPOSE = re.compile(r"^#{2,6}\s+(?:\d+(?:\.\d+)*\.?\s+)?(formål|føremål|hensikt|syfte|formål og omfang)\b.*$",
                      re.IGNORECASE | re.MULTILINE)


@dataclass(frozen=True)
class Kjente:
    """What the handbook already has: roles by id and title slug, sites by id and name slug."""

    roller: dict[str, str]
    steder: dict[str, str]


@dataclass
class Utkast:
    """A draft routine: its id, front matter and body, and the report lines about it."""

    id: str
    data: dict[str, Any]
    tekst: str
    gjenkjent: list[str] = field(default_factory=list)
    forslag: list[str] = field(default_factory=list)
    merknader: list[str] = field(default_factory=list)
    bilder: dict[str, bytes] = field(default_factory=dict)  # attachment file (vedlegg/…) -> its bytes, to write


def draft(kilde: Kilde, filnavn: str, kjente: Kjente, today: date, taken: set[str] | frozenset[str] = frozenset()) -> Utkast:
    """The draft of one source; its id is one not `taken` (the report says so when the first choice was)."""
    hode, body = read_header(kilde.tekst)
    hode.felt[:0] = _own_fields(kilde.forside)
    tittel, body = choose(kilde.forside, hode.felt, body, kilde.tittel, filnavn)
    below, body = read_header(body)  # «Label: value» lines between the title and the first section
    hode.felt += below.felt
    hode.tilsvidare = hode.tilsvidare or below.tilsvidare
    values = {f.navn: f for f in reversed(hode.felt)}  # the first one written wins
    rutine_id, id_note = _id(tittel.tekst, taken)
    vedlegg = _attachments(kilde, body, rutine_id)
    tidied = clean(body, {ref: (f"../{fil}", tittel) for ref, (fil, tittel) in vedlegg.items()})
    utkast = Utkast(rutine_id, {}, tidied.tekst, merknader=[*kilde.merknader, *tidied.merknader],
                    bilder={fil: kilde.bilder[ref].data for ref, (fil, _) in vedlegg.items()})
    utkast.gjenkjent.append(f"tittel: «{tittel.tekst}» (fra {tittel.fra})")
    utkast.merknader += [id_note] if id_note else []
    utkast.merknader += [f"Bilde lagret som vedlegg: {fil} («{tittel}»)." for fil, tittel in vedlegg.values()]
    data: dict[str, Any] = {"id": utkast.id, "tittel": tittel.tekst}
    _text_fields(values, data, utkast)
    data["versjon"] = "0.1"
    data["dokumentstatus"] = "utkast"
    _people(values, data, utkast, kjente)
    _dates(values, hode, data, utkast)
    _scope(values, data, utkast, kjente)
    _responsibilities(kilde, tidied.tekst, data, utkast, kjente)
    _lists(values, data, utkast)
    if vedlegg:
        data["vedlegg"] = [{"fil": fil, "tittel": tittel} for fil, tittel in vedlegg.values()]
    data["kilde"] = {"fil": filnavn, "sha256": kilde.sha256, "tekst_sha256": fingerprint(tittel.tekst, tidied.tekst),
                     **_old_system(values, utkast)}
    data["endringslogg"] = [{"versjon": "0.1", "dato": today, "endring": _origin(filnavn, values)}]
    utkast.data = data
    return utkast


def fingerprint(title: str, body: str) -> str:
    """What a source *is*: its title and text, whatever the file, its line endings, spacing or letter case."""
    return hashlib.sha256(" ".join(f"{title}\n{body}".casefold().split()).encode("utf-8")).hexdigest()


def _old_system(values: dict[str, Felt], utkast: Utkast) -> dict[str, Any]:
    """What the old quality system said about the document (approval, version, what it replaced, last change):
    kept under `kilde`, never as the handbook's own approval."""
    found: dict[str, Any] = {}
    for name in ("godkjent_av", "versjon", "erstatter", "sist_endret"):
        if name in values:
            found[name] = values[name].verdi
    approved = parse_date(values["godkjent_dato"].verdi) if "godkjent_dato" in values else None
    if approved:
        found["godkjent_dato"] = approved
    if "godkjent_av" in found or approved:
        by = f" av {found['godkjent_av']}" if "godkjent_av" in found else ""
        when = f" {dato(approved)}" if approved else ""
        utkast.gjenkjent.append(f"godkjent i det gamle systemet{when}{by} (står under kilde; rutinen godkjennes på "
                                "nytt i håndboka)")
    for name, what in (("erstatter", "erstattet i det gamle systemet"), ("sist_endret", "sist endret i det gamle systemet")):
        if name in found:
            utkast.gjenkjent.append(f"{what}: «{found[name]}» (står under kilde)")
    return found


def _attachments(kilde: Kilde, body: str, rutine_id: str) -> dict[str, tuple[str, str]]:
    """Image reference -> (vedlegg/<routine id>-<n>.<ending>, its title), numbered in the order the text shows
    them; only the pictures the source holds as PNG or JPEG."""
    found: dict[str, tuple[str, str]] = {}
    for image in IMAGE.finditer(body):
        ref, alt = image.group(2), " ".join(image.group(1).split())
        if ref in kilde.bilder and ref not in found:
            n = len(found) + 1
            found[ref] = (f"vedlegg/{rutine_id}-{n}.{kilde.bilder[ref].endelse}", alt or f"Bilde {n}")
    return found


def _own_fields(forside: dict[str, Any]) -> list[Felt]:
    found: list[Felt] = []
    for key, value in forside.items():
        name = key if key in _OWN_FIELDS else label_field(str(key).replace("_", " "))
        if name is None or value is None or isinstance(value, dict):
            continue
        text = "; ".join(str(v) for v in value) if isinstance(value, list) else str(value)
        if text.strip():
            found.append(Felt(str(key), name, text.strip()))
    return found


def _id(title: str, taken: set[str] | frozenset[str]) -> tuple[str, str]:
    """An id from the title, shortened at a word; when another routine has it, the first free «id-2», «id-3», …"""
    made = _PREFIX.sub("", slug(title)) or slug(title) or "importert-rutine"
    while len(made) > MAKS_ID - 4:
        made = made.rsplit("-", 1)[0] if "-" in made else made[:MAKS_ID - 4]
    if made not in taken:
        return made, ""
    free = next(f"{made}-{n}" for n in range(2, len(taken) + 3) if f"{made}-{n}" not in taken)
    return free, (f"Id-en «{made}» har en annen rutine med annen tekst; denne fikk «{free}». Slå dem sammen eller "
                  "gi den et bedre navn før høring.")


def _text_fields(values: dict[str, Felt], data: dict[str, Any], utkast: Utkast) -> None:
    for name in ("sammendrag", "dokumentnummer"):
        if name in values:
            data[name] = values[name].verdi
            utkast.gjenkjent.append(f"{name}: «{values[name].verdi}» (fra «{values[name].etikett}»)")
    if "sammendrag" not in data:
        purpose = _purpose(utkast.tekst)
        if purpose:
            data["sammendrag"] = purpose
            utkast.gjenkjent.append(f"sammendrag: første setning i avsnittet om formål: «{purpose}»")


def _purpose(body: str) -> str:
    found = _PURPOSE.search(body)
    if not found:
        return ""
    paragraph = body[found.end():].strip().split("\n\n", 1)[0]
    if paragraph.startswith(("#", "|", "-", "1.")):
        return ""
    sentence = re.split(r"(?<=[.!?])\s", " ".join(paragraph.split()), maxsplit=1)[0]
    return sentence if 10 <= len(sentence) <= 300 else ""


def _people(values: dict[str, Felt], data: dict[str, Any], utkast: Utkast, kjente: Kjente) -> None:
    for name in ("utarbeidet_av", "kontrollert_av"):
        if name in values:
            data[name] = values[name].verdi
            utkast.gjenkjent.append(f"{name}: «{values[name].verdi}» (fra «{values[name].etikett}»)")
    if "eier" in values:
        written = values["eier"].verdi
        role = match_role(written, kjente.roller)
        if role:
            data["eier"] = role
            utkast.gjenkjent.append(f"eier: {role} (fra «{values['eier'].etikett}: {written}»)")
        else:
            utkast.forslag.append(f"eier: «{written}» er ingen kjent rolle. Velg eieren blant funksjonsbeskrivelsene, "
                                  f"eller lag rollen «{slug(written)}».")
    if "versjon" in values:
        version = parse_version(values["versjon"].verdi)
        if version:
            utkast.gjenkjent.append(f"versjon: {version} i kilden (står under kilde og i endringsloggen; utkastet får 0.1)")


def _dates(values: dict[str, Felt], hode: Hode, data: dict[str, Any], utkast: Utkast) -> None:
    if "godkjent_dato" in values and parse_date(values["godkjent_dato"].verdi) is None:
        utkast.merknader.append(f"«{values['godkjent_dato'].etikett}: {values['godkjent_dato'].verdi}» er ingen "
                                "dato som kan leses.")
    review = values.get("revideres_innen")
    if review and until_further_notice(review.verdi) or hode.tilsvidare:
        phrase = hode.tilsvidare or (review.verdi if review else "")
        utkast.gjenkjent.append(f"revideres_innen: ingen dato («{phrase}»); håndbokas revisjonsintervall gjelder")
    elif review:
        day = parse_date(review.verdi)
        if day:
            data["revideres_innen"] = day
            utkast.gjenkjent.append(f"revideres_innen: {day.isoformat()} (fra «{review.etikett}: {review.verdi}»)")
        else:
            utkast.merknader.append(f"«{review.etikett}: {review.verdi}» er ingen dato som kan leses.")


def _scope(values: dict[str, Felt], data: dict[str, Any], utkast: Utkast, kjente: Kjente) -> None:
    if "gjelder_for" in values:
        written = values["gjelder_for"].verdi
        sites = sorted({kjente.steder[s] for part in re.split(r"[,;/]| og | och ", written)
                        if (s := slug(part)) in kjente.steder})
        if _ALL.match(written.strip()) and not sites:
            data["gjelder_for"] = ["alle"]
        elif sites:
            data["gjelder_for"] = sites
        if "gjelder_for" in data:
            utkast.gjenkjent.append(f"gjelder_for: {data['gjelder_for']} (fra «{written}»)")
        if "gjelder_for" not in data or not sites:
            data["malgruppe"] = [written]
            utkast.gjenkjent.append(f"malgruppe: «{written}» (fra «{values['gjelder_for'].etikett}»)")
    if "malgruppe" in values:
        groups = [g.strip() for g in re.split(r"[;,]", values["malgruppe"].verdi) if g.strip()]
        data["malgruppe"] = [*data.get("malgruppe", []), *(g for g in groups if g not in data.get("malgruppe", []))]
        utkast.gjenkjent.append(f"malgruppe: {groups}")


def _responsibilities(kilde: Kilde, body: str, data: dict[str, Any], utkast: Utkast, kjente: Kjente) -> None:
    own = kilde.forside.get("ansvar")
    lines = [Ansvarslinje(str(k), str(v)) for k, v in own.items()] if isinstance(own, dict) else ansvar_section(body)
    ansvar: dict[str, str] = {}
    for line in lines:
        role = match_role(line.hvem, kjente.roller)
        if role is None:
            utkast.forslag.append(f"ansvar: «{line.hvem}» ({slug(line.hvem)}) er ingen kjent rolle: «{line.hva}». "
                                  "Legg rollen til i handbok.yaml under roller: eller lag en funksjonsbeskrivelse, "
                                  "og før ansvaret inn under ansvar.")
        elif role not in ansvar:
            what = " ".join(line.hva.split())
            ansvar[role] = what[:1].upper() + what[1:]
    if ansvar:
        data["ansvar"] = ansvar
        utkast.gjenkjent.append(f"ansvar: {', '.join(ansvar)} (fra avsnittet om ansvar)")


def _lists(values: dict[str, Felt], data: dict[str, Any], utkast: Utkast) -> None:
    if "kategorier" in values:
        slugs = list(dict.fromkeys(s for part in re.split(r"[,;/]", values["kategorier"].verdi) if (s := slug(part))))
        if slugs:
            data["kategorier"] = slugs
            utkast.gjenkjent.append(f"kategorier: {slugs}")
    if "hjemmel" in values:
        items = [h.strip() for h in re.split(r";|\n", values["hjemmel"].verdi) if h.strip()]
        data["hjemmel"] = items
        utkast.gjenkjent.append(f"hjemmel: {items}")


def _origin(filnavn: str, values: dict[str, Felt]) -> str:
    facts = []
    if "versjon" in values and parse_version(values["versjon"].verdi):
        facts.append(f"versjon {parse_version(values['versjon'].verdi)}")
    approved = parse_date(values["godkjent_dato"].verdi) if "godkjent_dato" in values else None
    by = f" av {values['godkjent_av'].verdi}" if "godkjent_av" in values else ""
    if approved or by:
        facts.append(f"godkjent{' ' + dato(approved) if approved else ''}{by}")
    return f"Importert fra {filnavn}" + (f" (der {', '.join(facts)})" if facts else "")
