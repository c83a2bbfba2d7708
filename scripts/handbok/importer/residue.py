"""Importer: the template around a routine's text -> recognised and taken away.

Page markers («Side 1 av 4», «Sida 2 (3)», «1 [3]», «2/2»), the lines a PDF repeats at the top or bottom
of every page (a department's name, «Utskrift er ukontrollert»), and the lines a template puts above a
title: a template word alone («RUTIN», «CHECKLISTA», «Prosedyre»), a department or municipality in
capitals («VÅRD- OCH OMSORGSFÖRVALTNINGEN»), a month («JANUARI»), a date or «Sist endret: …».
"""

from __future__ import annotations

import re
from collections import Counter

_WORD = r"(?:side|sida|sidan|sid|page|s\.)"
_TOTAL = (rf"(?:{_WORD}\s*\d{{1,4}}\s*(?:(?:av|af|of|/)\s*\d{{1,4}}|\(\s*\d{{1,4}}\s*\))"
          r"|\d{1,4}\s*\[\s*\d{1,4}\s*\]|\d{1,4}\s*\(\s*\d{1,4}\s*\)|\d{1,4}\s*/\s*\d{1,4})")
PAGE_MARKER = re.compile(rf"^\s*(?:{_TOTAL}|{_WORD}\s*\d{{1,4}}|-\s*\d{{1,4}}\s*-)\s*$", re.IGNORECASE)
# A running header or footer: a short line that starts or ends with a page marker that names the page count.
_WITH_MARKER = re.compile(rf"^(?:{_TOTAL}\s+\S.{{0,100}}|.{{0,100}}\S\s+{_TOTAL})\s*$", re.IGNORECASE)
# The same with only the page's own number («Legemiddelprosedyre Grimstad kommune Side 1»): a header only when it
# comes again on the following pages, with another number.
_WITH_PAGE = re.compile(rf"^(?:{_WORD}\s*\d{{1,4}}\s+\S.{{0,100}}|.{{0,100}}\S\s+{_WORD}\s*\d{{1,4}})\s*$",
                        re.IGNORECASE)

TEMPLATE_WORDS = frozenset({
    "rutine", "rutinen", "rutin", "rutiner", "prosedyre", "prosedyren", "procedure", "prosedyrer", "retningslinje",
    "retningslinjer", "retningsline", "retningsliner", "riktlinje", "riktlinjer", "instruks", "instruktion",
    "instruktioner", "instruks", "vejledning", "veiledning", "rettleiing", "sjekkliste", "sjekkliste", "checklista",
    "checkliste", "tjekliste", "lathund", "huskeliste", "informationsbrev", "informasjonsskriv", "informasjonsbrev",
    "dokument", "dokumentmal", "mal", "rutinemal", "mall", "skjema", "blankett", "kvalitetsdokument",
    "kvalitetssystem", "kvalitetshandbok", "kvalitetshåndbok", "prosess", "process", "arbeidsbeskrivelse",
    "metodbeskrivning", "pm", "policy", "plan", "handlingsplan", "avdelingsrutine", "fellesrutine", "utkast", "kopi",
    "original", "internt", "intern", "untitled", "uten tittel", "dokument1", "document", "title", "tittel", "titel",
    "intranett", "intranet", "intranätet", "forside", "startside", "startsida", "hjem", "home", "meny", "menu",
})
MONTHS = frozenset({
    "januar", "januari", "january", "februar", "februari", "february", "mars", "marts", "march", "april",
    "mai", "maj", "may", "juni", "june", "juli", "july", "august", "augusti", "september", "oktober", "october",
    "november", "desember", "december",
})
# Words that make a line in capitals an organisation's name, not a title.
_ORGANISATION = re.compile(r"(förvaltning|förvaltningen|forvaltningen|avdelingen|avdelningen|forvaltning|forvaltning|kommune|kommun|kommunen|fylkeskommune|region|"
                           r"sektor|sektoren|avdelning|avdeling|afdeling|omsorgskontoret|kontoret|nämnden|utvalg|"
                           r"etaten|virksomhet|verksamhet|förvaltningen|divisjon|stab|seksjon|enhet|eining)\b",
                           re.IGNORECASE)
_DEPARTMENT = re.compile(r"^(?:[\w]+-?\s+(?:och|og|and)\s+)?\w*(förvaltning|forvaltning|avdeling|avdelning|afdeling|"
                         r"sektor|kontor|etat|nämnd|utvalg)(en|et|a)?$")
_DATE = re.compile(r"^\s*(?:\d{1,2}[./-]\d{1,2}[./-]\d{2,4}|\d{4}-\d{1,2}-\d{1,2})\s*$")
_CHANGED = re.compile(r"^\s*[*_]*(sist endret|sist endra|sist oppdatert|sist oppdatert|senast ändrad|senast ändrat|"
                      r"senast uppdaterad|senest ændret|senest opdateret|sist revidert|utskriftsdato|utskrift|utskrevet|"
                      r"printed|last modified|last updated|publisert|publicerad|udskrevet)\b", re.IGNORECASE)
_UNCONTROLLED = re.compile(r"^\s*(utskrift(en)? er (ukontrollert|ikkje kontrollert|ikke kontrollert)|utskrivet dokument "
                           r"är (ostyrt|inte styrt)|udskrevne dokumenter er ikke styrede|papirkopi er ukontrollert|"
                           r"ukontrollert kopi|ostyrd kopia)\b.*$", re.IGNORECASE)


def page_lines(pages: list[str]) -> str:
    """The pages' text without page markers and without the lines repeated at the top or bottom of the pages —
    except the first line of the first page when it may be the title (a document often repeats its title as
    the header of every page): the title is chosen from it, and it does not stay in the text."""
    split = [page.replace("\r\n", "\n").split("\n") for page in pages]
    running = _running(split)
    kept: list[str] = []
    for number, lines in enumerate(split):
        edge = {i for i in range(len(lines)) if i < 4 or i >= len(lines) - 4}
        title = next((i for i, line in enumerate(lines) if line.strip()), None) if number == 0 else None
        kept += [line for i, line in enumerate(lines)
                 if (i == title and not generic(line)) or not (
                     (i in edge and (shape(line) in running or is_running_line(line))) or is_page_furniture(line))]
        kept.append("")
    return "\n".join(kept)


def _running(pages: list[list[str]]) -> set[str]:
    """Lines (digits aside) at the top or bottom of at least half the pages, and of two pages or more."""
    if len(pages) < 2:
        return set()
    seen: Counter[str] = Counter()
    for lines in pages:
        edges = [line for line in (*lines[:4], *lines[-4:]) if line.strip()]
        seen.update(set(map(shape, edges)))
    return {shape for shape, count in seen.items() if count >= max(2, len(pages) / 2) and shape}


def shape(line: str) -> str:
    """A line with its numbers left out: the same header on every page, whatever its page number."""
    return re.sub(r"\d+", "#", " ".join(line.split())).casefold()


def is_page_furniture(line: str) -> bool:
    """A page marker alone on its line, or «Utskrift er ukontrollert»: never part of a routine's text."""
    text = line.strip()
    return bool(text) and (bool(PAGE_MARKER.match(text)) or bool(_UNCONTROLLED.match(text)))


def is_running_line(line: str) -> bool:
    """A short line that starts or ends with a page marker: a page's header or footer (at a page's edge, or
    above the title; in the middle of the text «… på side 3» is text)."""
    return bool(_WITH_MARKER.match(line.strip()))


def names_its_page(line: str) -> bool:
    """A short line that starts or ends with «Side 3» (no page count): a header when it comes on more pages."""
    return bool(_WITH_PAGE.match(line.strip()))


def generic(text: str) -> str:
    """Why `text` is no title («malord», «avdeling», «måned», «dato», «tall», «metadata»), or "" when it may be one."""
    plain = re.sub(r"[*_`#>]", "", text).strip().strip(":.-–— ")
    folded = " ".join(plain.casefold().split())
    words = re.findall(r"[^\W\d_]+", folded)
    if not words:
        return "dato" if _DATE.match(plain) else "tall" if plain else "tom"
    if all(w in TEMPLATE_WORDS for w in words):
        return "malord"
    if all(w in MONTHS for w in words) or (words[0] in MONTHS and len(words) == 1):
        return "måned"
    if _CHANGED.match(plain) or is_page_furniture(plain) or is_running_line(plain):
        return "metadata"
    letters = [c for c in plain if c.isalpha()]
    if plain.upper() == plain and len(letters) >= 4 and len(words) <= 6 and _ORGANISATION.search(plain):
        return "avdeling"
    if _DEPARTMENT.match(folded):
        return "avdeling"  # «Vård- och omsorgsförvaltningen», «Helse- og omsorgsavdelingen», «Omsorgskontoret»
    return ""
