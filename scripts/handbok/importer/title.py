"""Importer: a source -> the title a person would give it, where it came from, and the body without it.

In order: the title in the document's own front matter, the «Tittel» of its header table, the first real
heading (or short first line) of the text, the title in the file's properties, and last the file name
without what systems add to it. Template words, a department's name, a month, dates and metadata lines
are never a title; those standing above the title are taken away with it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from .header import Felt, label_field
from .residue import generic, is_running_line
from .textstructure import SECTIONS

_OWN_KEYS = ("tittel", "title", "titel", "dokumentnavn", "dokumenttittel", "name", "navn")
_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
_LIST_OR_TABLE = re.compile(r"^\s*([-*+]|\d+[.)]|\|)(\s|$)")
_NAVIGATION = re.compile(r"\]\(|[›»]|\s>\s|\s\|\s")
_SCAN = 40  # lines of the body looked at for the title


@dataclass(frozen=True)
class Tittel:
    tekst: str
    fra: str  # where it was found, for the report


def choose(own: dict[str, Any], header: list[Felt], body: str, properties: str, filnavn: str) -> tuple[Tittel, str]:
    """The title and the body without it (and without the template lines above it)."""
    lines = body.split("\n")
    found, drop = _in_text(lines)
    title: Tittel | None = None
    for key in _OWN_KEYS:
        value = own.get(key)
        if title is None and isinstance(value, str) and value.strip() and not generic(value) \
                and not _filename_like(value):
            title = Tittel(plain(value), f"kildens egen front matter ({key})")
    named = next((f for f in header if f.navn == "tittel" and not generic(f.verdi) and not _filename_like(f.verdi)),
                 None)
    if title is None and named is not None:
        title = Tittel(plain(named.verdi), f"topptabellen («{named.etikett}»)")
    if found is not None and (title is None or _same(_text_of(lines[found[0]]), title.tekst)):
        title = title or Tittel(_text_of(lines[found[0]]), found[1])
        drop.add(found[0])
    if title is None and properties.strip() and not generic(properties) and not _filename_like(properties):
        title = Tittel(plain(properties), "dokumentegenskapene")
    title = title or Tittel(from_filename(filnavn), "filnavnet")
    return title, "\n".join(line for i, line in enumerate(lines) if i not in drop)


def _in_text(lines: list[str]) -> tuple[tuple[int, str] | None, set[int]]:
    """(line index, how it was found) of the title in the text, or None; and the template lines above it."""
    template: set[int] = set()
    for index, line in enumerate(lines[:_SCAN]):
        text = line.strip()
        if not text or text.startswith("|") or _label_line(text):
            continue  # the header table or «Label: value» lines stay for the header reader
        if _LIST_OR_TABLE.match(text):
            break  # the text's first list: a title would have come before it
        if generic(text) or is_running_line(text) or (_NAVIGATION.search(text) and _short(text)):
            template.add(index)
            continue
        heading = _HEADING.match(text)
        if heading and SECTIONS.match(heading.group(2).strip("*_ ")):
            break  # «Formål»: the text has begun without a title
        if heading:
            return (index, "første overskrift"), template
        if _short(text):
            return (index, "første linje"), template
        break
    return None, template


def _label_line(text: str) -> bool:
    label = re.split(r":|\t| {3,}", re.sub(r"^[-*]\s+", "", text), maxsplit=1)
    return len(label) == 2 and label_field(label[0]) is not None


def _short(text: str) -> bool:
    return len(text) <= 100 and len(text.split()) <= 14 and not text.rstrip("*_").endswith((".", ":", ";", ",", "?", "!"))


def _text_of(line: str) -> str:
    heading = _HEADING.match(line.strip())
    return plain(heading.group(2) if heading else line)


def plain(text: str) -> str:
    """A title as text: no emphasis marks or escapes, one space between words, capitals only where they belong."""
    value = " ".join(re.sub(r"\\([^\w\s])", r"\1", re.sub(r"[*_`]", "", text)).split()).strip(" :")
    letters = [c for c in value if c.isalpha()]
    if len(letters) > 3 and value.upper() == value:  # «LEGEMIDDELHÅNDTERING» -> «Legemiddelhåndtering»
        value = value.capitalize()
    return value


def _same(a: str, b: str) -> bool:
    return " ".join(a.casefold().split()) == " ".join(plain(b).casefold().split())


def _filename_like(text: str) -> bool:
    return bool(re.search(r"_|\.(docx?|pdf|html?|md|txt)$|\(\d+\)|^(microsoft word|dokument\d|document\d)", text,
                          re.IGNORECASE))


_RESIDUE = (
    r"\((?:\d+|kopi|copy)\)", r"\b(?:kopi av|copy of|kopia av)\b", r"\bv(?:er(?:sion|sjon))?[ ._-]*\d+(?:[._]\d+)*\b",
    r"\b\d{4}[-_.]?\d{2}[-_.]?\d{2}\b", r"\b\d{1,2}[._-]\d{1,2}[._-]\d{2,4}\b", r"\bsida \d+\b", r"\bfinal\b",
    r"\bendelig\b", r"\butkast\b", r"\bny\b$",
)


def from_filename(filnavn: str) -> str:
    """«Rutine_legemiddelhandtering_v2 (1).docx» -> «Legemiddelhandtering»: the words of a file name without
    what systems add (copies, versions, dates, a department's short code after the last underscore)."""
    stem = filnavn.rsplit("/", 1)[-1].rsplit(".", 1)[0]
    stem = re.sub(r"_[a-zæøåäö]{2,4}$", "", stem, flags=re.IGNORECASE) if "_" in stem else stem  # «…rutin_vof»
    stem = stem.replace("_", " ")
    for pattern in _RESIDUE:
        stem = re.sub(pattern, " ", stem, flags=re.IGNORECASE)
    words = [w for w in re.split(r"[\s_]+|(?<=\w)-(?=\w)", stem) if w.strip("-.")]
    while words and generic(words[0]) == "malord":
        words.pop(0)
    while words and generic(words[-1]) == "malord":
        words.pop()
    text = " ".join(words).strip(" -.")
    return plain(text[:1].upper() + text[1:]) if text else "Importert rutine"
