"""Ledger file: append entries to a site's history file (implementering/<sted>.yaml) by position.

Only lines are added, at the end of the document's list (or a new document at the end of `dokumenter`);
every line that was there stays as written, with its comments and line ending. A new file gets a header
that says how it is kept.
"""

from __future__ import annotations

from datetime import date
from typing import Any, Mapping, Sequence

from ruamel.yaml.comments import CommentedMap
from ruamel.yaml.scalarstring import DoubleQuotedScalarString

from ..source.ledger import KEY_ORDER
from ..source.loading import normalise, parse_settings
from .yamlfile import EditRefused, Linjer, block_end, dump, indent_of

_TEXT_KEYS = frozenset({"hvordan", "begrunnelse", "grunn", "merknad", "beskrivelse", "resultat"})
_DATE_KEYS = frozenset({"dato", "frist", "evaluering"})
_EMPTY = ("", "~", "null", "[]", "{}")


def header(navn: str) -> list[str]:
    return [f"# Implementeringshistorikk for {navn}. Nye hendelser legges til nederst; det som står, endres aldri.",
            "# Skriv aldri navn på ansatte eller brukere her, bare roller (f.eks. avdelingsleder)."]


def new_file(sted: str, navn: str, dokumenter: Mapping[str, Sequence[Mapping[str, Any]]],
             comments: Sequence[str] = ()) -> str:
    """A whole history file for `sted`: header, the given comments, and each document's entries."""
    lines = [*header(navn), *comments, f"tjenestested: {sted}", "dokumenter:"]
    for dokument, entries in dokumenter.items():
        lines += document_lines(dokument, entries, 2)
    return "\n".join(lines) + "\n"


def document_lines(dokument: str, entries: Sequence[Mapping[str, Any]], indent: int,
                   comments: Sequence[str] = ()) -> list[str]:
    """A document key with its entries, at `indent` (comments go just above the key)."""
    pad = " " * indent
    return [*(pad + c for c in comments), *dump(CommentedMap([(dokument, [written(e) for e in entries])]), indent)]


def append(text: str, rel: str, sted: str, navn: str, dokument: str, entries: Sequence[Mapping[str, Any]]) -> str:
    """`text` (the site's file, "" when there is none) with `entries` added at the end of `dokument`'s list."""
    if not text.strip():
        return new_file(sted, navn, {dokument: entries})
    doc = parse_settings(normalise(text), rel, "historikk")
    if doc.data is None:
        raise EditRefused(f"{rel} kan ikke leses. Kjør «handbok sjekk» og rett feilene først; ingenting er registrert.")
    lines = Linjer.fra(text)
    key = doc.lines.get(("dokumenter", dokument))
    top = doc.lines.get(("dokumenter",))
    if key is not None and _block_key(lines.linjer[key - 1], dokument):
        start = key - 1
        end = block_end(lines.linjer, start)
        first = doc.lines.get(("dokumenter", dokument, 0))
        indent = indent_of(lines.linjer[first - 1]) if first else indent_of(lines.linjer[start]) + 2
        _clear_empty(lines, start, dokument)
        lines.erstatt(end, end, _items(entries, indent))
    elif key is None and top is not None and _block_key(lines.linjer[top - 1], "dokumenter"):
        start = top - 1
        end = block_end(lines.linjer, start)
        indent = _child_indent(lines.linjer, start, end)
        _clear_empty(lines, start, "dokumenter")
        lines.erstatt(end, end, document_lines(dokument, entries, indent))
    elif top is None:
        lines.erstatt(len(lines.linjer) - (1 if lines.linjer[-1] == "" else 0),
                      len(lines.linjer) - (1 if lines.linjer[-1] == "" else 0),
                      ["dokumenter:", *document_lines(dokument, entries, 2)])
    else:
        raise EditRefused(f"Fant ikke et sted å skrive {dokument} i {rel} uten å endre resten av filen (er "
                          "dokumenter skrevet på én linje med {…} eller […]?). Skriv den som vanlige linjer.")
    return lines.tekst()


def written(entry: Mapping[str, Any]) -> CommentedMap:
    """An entry as handbok writes it: keys in one order, dates plain, versions and free text in quotes,
    answers on one line."""
    out = CommentedMap()
    for key in sorted(entry, key=lambda k: KEY_ORDER.index(k) if k in KEY_ORDER else len(KEY_ORDER)):
        out[key] = _value(key, entry[key])
    return out


def _value(key: str, value: Any) -> Any:
    if key in _DATE_KEYS and isinstance(value, str):
        try:
            return date.fromisoformat(value)
        except ValueError:
            return value
    if key == "versjon" or key in _TEXT_KEYS:
        return DoubleQuotedScalarString(str(value))
    if key == "svar" and isinstance(value, Mapping):
        answers = CommentedMap(value)
        answers.fa.set_flow_style()
        return answers
    return value


def _items(entries: Sequence[Mapping[str, Any]], indent: int) -> list[str]:
    """The entries as list items whose dash sits at `indent`."""
    lines = dump([written(e) for e in entries])  # "  - dato: …" with the dash at column 2
    return [" " * indent + line[2:] if line else line for line in lines]


def _block_key(line: str, key: str) -> bool:
    """A line `key:` whose value is written below it (or is empty)."""
    stripped = line.strip()
    rest = stripped[len(key) + 1:].split(" #", 1)[0].strip() if stripped.startswith(f"{key}:") else None
    return rest is not None and rest in _EMPTY


def _clear_empty(lines: Linjer, start: int, key: str) -> None:
    """`key: []` (or null) becomes `key:` so the new lines below it are its value; a comment stays."""
    line = lines.linjer[start]
    head, _, comment = line.partition(" #")
    if head.strip() != f"{key}:":
        lines.linjer[start] = head[: head.index(f"{key}:") + len(key) + 1] + (f" #{comment}" if comment else "")


def _child_indent(lines: list[str], start: int, end: int) -> int:
    for line in lines[start + 1:end]:
        if line.strip() and not line.lstrip().startswith("#"):
            return indent_of(line)
    return indent_of(lines[start]) + 2


def prepend(text: str, rel: str, sted: str, navn: str, dokument: str, entries: Sequence[Mapping[str, Any]]) -> str:
    """`text` with `entries` in front of what `dokument`'s list holds (what the old form implied comes first);
    nothing when the list already starts with them (a migration run before)."""
    if not entries:
        return text
    if not text.strip():
        return new_file(sted, navn, {dokument: entries})
    doc = parse_settings(normalise(text), rel, "historikk")
    if doc.data is None:
        raise EditRefused(f"{rel} kan ikke leses. Kjør «handbok sjekk» og rett feilene først; ingenting er flyttet.")
    written_now = ((doc.data.get("dokumenter") or {}).get(dokument) or []) if isinstance(
        doc.data.get("dokumenter"), dict) else []
    if list(written_now[:len(entries)]) == [dict(e) for e in entries]:
        return text
    first = doc.lines.get(("dokumenter", dokument, 0))
    if first is None:
        return append(text, rel, sted, navn, dokument, entries)
    lines = Linjer.fra(text)
    lines.erstatt(first - 1, first - 1, _items(entries, indent_of(lines.linjer[first - 1])))
    return lines.tekst()
