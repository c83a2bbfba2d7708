"""Importer: the «Ansvar» section of a routine -> (who, what) pairs, matched to the handbook's roles."""

from __future__ import annotations

import difflib
import re
import unicodedata
from dataclasses import dataclass

from ..checks.schema import slugify

_SECTION = re.compile(r"^(#{1,6})\s+(?:\d+(?:\.\d+)*\.?\s+)?(ansvar\w*|roller og ansvar|ansvar og roller|roller och ansvar|"
                      r"ansvar och roller|ansvarsfordeling|ansvarsfördelning|ansvar og myndighet|ansvar og mynde|"
                      r"ansvarsforhold|ansvarlige)\b.*$", re.IGNORECASE | re.MULTILINE)
_ITEM = re.compile(r"^\s*(?:[-*+]|\d+[.)])\s+(.+)$")
# «**Sykepleier**: …», «Sykepleier – …», «Sykepleier: …»
_NAMED = re.compile(r"^[*_]{0,2}([^:*_–—]{2,60}?)[*_]{0,2}\s*(?::|\s[–—-]\s)\s*(.+)$")
# «Avdelingsleder har ansvar for …», «Enhetschef ansvarar för …», «Sykepleiar skal …»
_SENTENCE = re.compile(r"^([A-ZÆØÅÄÖ][\wæøåäöÆØÅÄÖ -]{1,50}?)\s+(har (?:det )?ansvar\w*|har ansvaret|ansvarer|ansvarar|"
                       r"skal|ska|sørger for|syter for|sørger|ser til)\b(.*)$")


@dataclass(frozen=True)
class Ansvarslinje:
    """One responsibility as the source wrote it: who (as written) and what."""

    hvem: str
    hva: str


def ansvar_section(body: str) -> list[Ansvarslinje]:
    """Every (who, what) the «Ansvar» section names: list items, table rows or sentences."""
    found = _SECTION.search(body)
    if not found:
        return []
    level = len(found.group(1))
    rest = body[found.end():]
    stop = re.search(rf"^#{{1,{level}}}\s", rest, re.MULTILINE)
    lines = rest[: stop.start() if stop else len(rest)].split("\n")
    result: list[Ansvarslinje] = []
    for line in lines:
        entry = _entry(line)
        if entry is not None and entry.hvem.lower() not in ("rolle", "roll", "hvem", "vem", "ansvar"):
            result.append(entry)
    return result


def _entry(line: str) -> Ansvarslinje | None:
    if line.strip().startswith("|"):
        cells = [c.strip(" *_") for c in line.strip().strip("|").split("|")]
        if len(cells) >= 2 and cells[0] and cells[1] and not set(cells[0]) <= set("-: "):
            return Ansvarslinje(cells[0], " ".join(c for c in cells[1:] if c))
        return None
    item = _ITEM.match(line)
    text = re.sub(r"\*\*|__", "", item.group(1) if item else line).strip()
    named = _NAMED.match(text)
    if named and len(named.group(1).split()) <= 5:
        return Ansvarslinje(named.group(1).strip(), named.group(2).strip())
    sentence = _SENTENCE.match(text)
    if sentence:
        return Ansvarslinje(sentence.group(1).strip(), (sentence.group(2) + sentence.group(3)).strip())
    return None


def slug(text: str) -> str:
    """A slug for any Nordic text: æ and ø as the handbook writes them (slugify), å, ä, ö, é without their marks."""
    return slugify("".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c)))


# Role names in nynorsk, Swedish and Danish -> the bokmål word a handbook's role ids are made from.
_SYNONYMS = {
    "sjukepleiar": "sykepleier", "sjukepleiarar": "sykepleier", "sjukskoterska": "sykepleier",
    "sjukskoterskor": "sykepleier", "sygeplejerske": "sykepleier", "sygeplejersker": "sykepleier",
    "helsefagarbeidar": "helsefagarbeider", "underskoterska": "helsefagarbeider",
    "underskoterskor": "helsefagarbeider", "social-og-sundhedsassistent": "helsefagarbeider",
    "avdelingsleiar": "avdelingsleder", "avdelningschef": "avdelingsleder", "afdelingsleder": "avdelingsleder",
    "einingsleiar": "enhetsleder", "enhetschef": "enhetsleder", "enhedsleder": "enhetsleder",
    "lakare": "lege", "laege": "lege", "verksamhetschef": "virksomhetsleder", "tenesteleiar": "tjenesteleder",
    "fagutviklingssjukepleiar": "fagutviklingssykepleier",
}


def match_role(name: str, roles: dict[str, str]) -> str | None:
    """The id of the known role `name` means (by id or title, as a slug, or nearly so); None when none fits.

    `roles` maps each role's id and the slug of its title to its id."""
    written = slug(name)
    written = _SYNONYMS.get(written, written)
    if written in roles:
        return roles[written]
    singular = re.sub(r"(ene|erne|arna|orna|er|ar|na)$", "", written)  # Swedish and Danish plurals: «enhetschefer»
    singular_plural = re.sub(r"(ne|na|a|e)$", "", written)  # «sykepleierne», «sykepleiere»
    for candidate in (singular_plural, singular, *difflib.get_close_matches(written, list(roles), n=1, cutoff=0.88)):
        if candidate in roles:
            return roles[candidate]
    return None
