"""Search page: sok/ with its word list and synonyms; the index itself is a post-build pass (Pagefind).

The browser side (assets/sok.js) makes the search forgiving, which Pagefind is not: ord.json holds the
words of titles, summaries and headings (for «Mente du …?» and for words typed without æøå), and
synonymer.json the implementation team's synonyms (medisin → legemiddel).
"""

from __future__ import annotations

import json
import re
from collections import Counter
from typing import Iterable, Mapping

from ...core.model import Handbok
from .render import render

SOK = "sok/index.md"
ORD = "sok/ord.json"
SYNONYMER = "sok/synonymer.json"
MIN_LENGDE = 3  # shorter words are too many edits away from everything to correct
_WORD = re.compile(r"[^\W\d_]+")
_HEADING = re.compile(r"^#{1,6}\s+(.+)$", re.MULTILINE)
_FRONT_MATTER = re.compile(r"\A---\n.*?\n---\n", re.DOTALL)

Synonymer = dict[str, list[str]]


def search_page() -> str:
    """The search page: where the results are listed, and the word list and synonyms its script reads."""
    return render("sider/sok.md", side=SOK, ORD=ORD, SYNONYMER=SYNONYMER)


def word_list_file(handbok: Handbok, written: Iterable[str]) -> str:
    """ord.json, from the handbook and the hand-written pages."""
    return _json(word_list(handbok, written, synonyms(handbok)))


def synonyms_file(handbok: Handbok) -> str:
    """synonymer.json: the synonyms the implementation team keeps in handbok.yaml (`sok.synonymer`, checked by
    `sjekk`)."""
    return _json(dict(sorted(synonyms(handbok).items())))


def synonyms(handbok: Handbok) -> Synonymer:
    return {key.lower(): [w.lower() for w in words] for key, words in handbok.innstillinger.synonymer.items()}


def word_list(handbok: Handbok, written: Iterable[str], synonymer: Mapping[str, list[str]]) -> dict[str, int]:
    """Every word of titles, summaries and headings, lower-case, with how often it occurs (the likelier
    correction wins a tie). Synonyms count too, so «legemidel» can become «legemiddel»."""
    texts: list[str] = []
    for rutine in handbok.rutiner.values():
        texts += [rutine.tittel, rutine.sammendrag or "", *_HEADING.findall(rutine.tekst)]
    for funksjon in handbok.funksjoner.values():
        texts += [funksjon.tittel, *_HEADING.findall(funksjon.tekst)]
    for text in written:
        texts += _HEADING.findall(text)
    texts += [word for key, words in synonymer.items() for word in (key, *words)]
    counts = Counter(w.lower() for text in texts for w in _WORD.findall(text) if len(w) >= MIN_LENGDE)
    return dict(sorted(counts.items()))


def searchable(text: str) -> str:
    """A hand-written page of docs/ marked for the search index, its front matter kept in front."""
    match = _FRONT_MATTER.match(text)
    front = match.group(0).rstrip("\n") if match else ""
    return render("sider/skrevet.md", front_matter=front, tekst=text[len(front):].strip("\n"))


def _json(value: object) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")) + "\n"
