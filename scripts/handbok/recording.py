"""Recording: `registrer` and `evaluer` — change one record of implementeringsplan.yaml, safely.

Only the lines of the changed record are rewritten; every other byte of the file (comments, order,
quoting, blank lines, each line's own line ending, a BOM) stays as it was. The whole read–check–write
holds a lock on the plan, so simultaneous commands queue instead of losing each other's changes; the
result is validated before it is written, the write is atomic, and it is refused if the file changed on
disk in the meantime (an editor does not take our lock).
"""

from __future__ import annotations

import dataclasses
import difflib
import io
import re
from collections import Counter
from datetime import date
from pathlib import Path
from typing import Any, Callable, Mapping

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap
from ruamel.yaml.error import YAMLError
from ruamel.yaml.scalarstring import DoubleQuotedScalarString

from .cache import Cache
from .checks import CheckResult, check_corpus
from .errors import Avvist
from .findings import Finding
from .loading import PLAN, load_corpus, parse_plan
from .model import Dokument, Handbok, Implementeringsstatus, Rutine, Versjon
from .safewrite import Snapshot, locked, require_replaceable, write_if_unchanged

Update = Callable[[CommentedMap], None]
Splice = tuple[int, int, list[str]]  # replace lines[start:end] by these lines

_LINE_BREAK = re.compile(r"(\r\n|\r|\n)")  # the breaks YAML knows besides NEL/LS/PS, which free text may not hold
_ANSWER = re.compile(r"-?[0-9]{1,9}")


class RecordingError(Avvist):
    """A refusal with a Norwegian explanation; nothing was written."""


def registrer(root: Path, today: date, sted: str, rutine: str, status: str, versjon: str | None,
              dato: date | None, hvordan: str | None, begrunnelse: str | None, cache: Cache | None = None) -> str:
    with locked(root / PLAN):
        return _registrer(root, today, sted, rutine, status, versjon, dato, hvordan, begrunnelse, cache)


def evaluer(root: Path, today: date, sted: str, rutine: str, svar: Mapping[str, int], merknad: str | None,
            dato: date | None, cache: Cache | None = None) -> str:
    with locked(root / PLAN):
        return _evaluer(root, today, sted, rutine, svar, merknad, dato, cache)


def _registrer(root: Path, today: date, sted: str, rutine: str, status: str, versjon: str | None,
               dato: date | None, hvordan: str | None, begrunnelse: str | None, cache: Cache | None) -> str:
    require_replaceable(root / PLAN)
    before = check_corpus(load_corpus(root, cache), today, cache)
    handbok = before.handbok
    dokument = _require_known(handbok, sted, rutine)
    allowed = [str(s) for s in Implementeringsstatus.registrerbare()]
    if status not in allowed:
        raise RecordingError(f"Status «{status}» finnes ikke. Bruk en av: {', '.join(allowed)}.")
    if isinstance(dokument, Rutine) and not dokument.gjelder(sted):
        raise RecordingError(f"Rutinen {rutine} gjelder ikke for {sted} (gjelder_for: "
                             f"{', '.join(dokument.gjelder_for)}). Ingenting er registrert.")
    current = dokument.versjon
    if current is None:
        raise RecordingError(f"Funksjonsbeskrivelsen {rutine} har ingen versjon ennå, så implementeringen kan ikke "
                             f"registreres. Legg til versjon og endringslogg i {dokument.fil} først.")
    if versjon is not None:
        _require_version(versjon, current, rutine)
    elif Implementeringsstatus(status).krever_versjon:
        versjon = str(current)

    def update(record: CommentedMap) -> None:
        record["status"] = status
        if versjon is not None:
            record["versjon"] = DoubleQuotedScalarString(versjon)
        record["dato"] = dato or today
        if hvordan:
            record["hvordan"] = hvordan
        if begrunnelse:
            record["begrunnelse"] = begrunnelse
        if status == "ikke-aktuelt" and not record.get("begrunnelse"):
            raise RecordingError("Status ikke-aktuelt krever en begrunnelse: bruk --begrunnelse \"…\".")

    _change(root, today, before, sted, rutine, update)
    return f"Registrert: {sted} / {rutine}: {status}" + (f", versjon {versjon}" if versjon else "") + "."


def _evaluer(root: Path, today: date, sted: str, rutine: str, svar: Mapping[str, int], merknad: str | None,
             dato: date | None, cache: Cache | None) -> str:
    require_replaceable(root / PLAN)
    before = check_corpus(load_corpus(root, cache), today, cache)
    handbok = before.handbok
    _require_known(handbok, sted, rutine)
    record = handbok.plan.registrering(sted, rutine)
    if record is None or not record.status.ferdig:
        raise RecordingError(f"{sted} har ikke registrert {rutine} som implementert. Registrer implementeringen "
                             f"først: handbok registrer {sted} {rutine} --status implementert.")
    skjema = handbok.plan.skjema
    known = [q.id for q in skjema.sporsmal if not q.utgaatt]
    for sporsmal, poeng in svar.items():
        if sporsmal not in known:
            retired = any(q.id == sporsmal for q in skjema.sporsmal)
            what = "er tatt ut av" if retired else "finnes ikke i"
            raise RecordingError(f"Spørsmålet «{sporsmal}» {what} evalueringsskjemaet. "
                                 f"Spørsmålene er: {', '.join(known)}.")
        if not skjema.min <= poeng <= skjema.maks:
            raise RecordingError(f"Svaret {sporsmal}={poeng} er utenfor skalaen {skjema.min}–{skjema.maks}.")

    def update(node: CommentedMap) -> None:
        answers = CommentedMap((q, svar[q]) for q in known if q in svar)
        answers.fa.set_flow_style()
        entry = CommentedMap([("dato", dato or today), ("svar", answers)])
        if merknad:
            entry["merknad"] = merknad
        if "evalueringer" not in node or node["evalueringer"] is None:
            node["evalueringer"] = []
        node["evalueringer"].append(entry)
        node["status"] = "evaluert"

    _change(root, today, before, sted, rutine, update)
    return f"Evaluering registrert: {sted} / {rutine} ({len(svar)} svar)."


def parse_answers(pairs: list[str]) -> dict[str, int]:
    """["kjent=4", "fungerer=3"] -> {"kjent": 4, "fungerer": 3}."""
    answers: dict[str, int] = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or not _ANSWER.fullmatch(value.strip()):  # ASCII digits only: int() takes «٣» and «²» too
            raise RecordingError(f"«{pair}» er ikke på formen spørsmål=tall, f.eks. kjent=4.")
        answers[key.strip()] = int(value)
    return answers


def _require_known(handbok: Handbok, sted: str, rutine: str) -> Dokument:
    """The rutine or funksjonsbeskrivelse `rutine` names at a known site."""
    if handbok.plan.sted(sted) is None:
        raise RecordingError(f"Tjenestestedet «{sted}» finnes ikke.{_guess(sted, [s.id for s in handbok.plan.tjenestesteder])}")
    dokument = handbok.rutiner.get(rutine) or handbok.funksjoner.get(rutine)
    if dokument is None:
        raise RecordingError(f"Rutinen eller funksjonsbeskrivelsen «{rutine}» finnes ikke."
                             f"{_guess(rutine, [*handbok.rutiner, *handbok.funksjoner])}")
    return dokument


def _require_version(versjon: str, current: Versjon, rutine: str) -> None:
    try:
        wanted = Versjon.parse(versjon)  # the whole text, ASCII digits only: «1.0\n» and « 1.0» are refused
    except ValueError:
        raise RecordingError(f"«{versjon}» er ikke en versjon. Skriv MAJOR.MINOR, f.eks. {current}.") from None
    if wanted > current:
        raise RecordingError(f"Versjon {versjon} er høyere enn gjeldende versjon {current} av {rutine}.")


def _guess(value: str, options: list[str]) -> str:
    close = difflib.get_close_matches(value, options, n=1, cutoff=0.6)
    return f" Mente du «{close[0]}»?" if close else f" Kjente: {', '.join(options)}."


def _change(root: Path, today: date, before: CheckResult, sted: str, rutine: str, update: Update) -> None:
    path = root / PLAN
    snapshot = Snapshot.read(path)
    lines, endings = split_lines(snapshot.text)
    start, end, middle = splice_lines(lines, sted, rutine, update)
    new_lines = [*lines[:start], *middle, *lines[end:]]
    _validate(before, "\n".join(new_lines), today)
    new_endings = endings_for(endings, start, end, len(middle))
    bom = "\ufeff" if snapshot.bom else ""
    write_if_unchanged(snapshot, bom + "".join(line + ending for line, ending in zip(new_lines, new_endings)))


# --- line endings: every line keeps its own ----------------------------------------------------------


def split_lines(text: str) -> tuple[list[str], list[str]]:
    """"a\r\nb\rc" -> (["a", "b", "c"], ["\r\n", "\r", ""]): each line and its own ending ("" for the last)."""
    parts = _LINE_BREAK.split(text)
    return parts[0::2], [*parts[1::2], ""]


def endings_for(endings: list[str], start: int, end: int, count: int) -> list[str]:
    """The endings after lines[start:end] became `count` new lines.

    A rewritten line keeps the ending its place had; a line added after them takes the ending of the
    line it follows (the file's most common one at the very top). Only the last line may lack one.
    """
    common = Counter(e for e in endings if e).most_common(1)
    fallback = common[0][0] if common else "\n"
    middle: list[str] = []
    for index in range(count):
        if index < end - start:
            middle.append(endings[start + index])
        else:
            middle.append(middle[-1] if middle else endings[start - 1] if start > 0 else fallback)
    result = [*endings[:start], *middle, *endings[end:]]
    for index in range(len(result) - 1):  # a line that was last (no ending) may now have lines after it
        if not result[index]:
            result[index] = next((e for e in reversed(result[:index]) if e), fallback)
    return result


def _validate(before: CheckResult, new_text: str, today: date) -> None:
    """Refuse a change that would add an error the plan did not have before."""
    corpus = dataclasses.replace(before.corpus, plan=parse_plan(new_text, PLAN))
    after = check_corpus(corpus, today)
    old = {_key(f) for f in before.findings if f.alvor == "feil"}
    new = [f for f in after.findings if f.alvor == "feil" and _key(f) not in old]
    if new:
        details = "; ".join(f"{f.felt}: {f.melding}" for f in new[:3])
        raise RecordingError(f"Endringen ville gitt feil i {PLAN} og er ikke lagret: {details}")


def _key(f: Finding) -> tuple[str, str, str, str]:
    return f.kode, f.fil, f.felt, f.melding


# --- text surgery: find the record's lines and rewrite only those -----------------------------------


def splice_lines(lines: list[str], sted: str, rutine: str, update: Update) -> Splice:
    """Which lines to replace, and by what, to change the record of `sted` × `rutine` (or add it)."""
    doc = parse_plan("\n".join(lines), PLAN)
    if doc.data is None:
        raise RecordingError(f"{PLAN} kan ikke leses. Kjør «handbok sjekk» og rett feilene først.")
    record_line = doc.lines.get(("implementering", sted, rutine))
    site_line = doc.lines.get(("implementering", sted))
    top_line = doc.lines.get(("implementering",))
    if record_line is not None and _is_block_key(lines, record_line - 1, rutine):
        start = record_line - 1
        end = _block_end(lines, start)
        indent = _indent(lines[start])
        node = _load_block(lines[start:end], indent, rutine)
        update(node)
        return start, end, _dump(rutine, node, indent)
    if record_line is None and site_line is not None and _is_block_key(lines, site_line - 1, sted, empty=True):
        start = site_line - 1
        end = _block_end(lines, start)
        indent = _child_indent(lines, start, end)
        node = CommentedMap()
        update(node)
        return end, end, _dump(rutine, node, indent)
    if site_line is None and top_line is not None and _is_block_key(lines, top_line - 1, "implementering", empty=True):
        start = top_line - 1
        end = _block_end(lines, start)
        indent = _child_indent(lines, start, end)
        node = CommentedMap()
        update(node)
        site = CommentedMap([(rutine, node)])
        return end, end, _dump(sted, site, indent)
    raise RecordingError(f"Fant ikke et sted å skrive {sted} / {rutine} i {PLAN} uten å endre resten av filen "
                         "(er implementering skrevet på én linje med {…}?). Skriv den som vanlige linjer.")


def _is_block_key(lines: list[str], index: int, key: str, empty: bool = False) -> bool:
    """The line starts with `key:`; with `empty`, nothing but a comment (or null) may follow."""
    stripped = lines[index].strip()
    if not stripped.startswith(f"{key}:"):
        return False
    rest = stripped[len(key) + 1:].split(" #", 1)[0].strip()
    return not empty or rest in ("", "~", "null")


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _block_end(lines: list[str], start: int) -> int:
    """The index after the last line that belongs to the key on `start` (trailing blanks/comments excluded)."""
    indent = _indent(lines[start])
    end = start + 1
    while end < len(lines) and (not lines[end].strip() or _indent(lines[end]) > indent):
        end += 1
    while end > start + 1 and (not lines[end - 1].strip() or lines[end - 1].lstrip().startswith("#")):
        end -= 1
    return end


def _child_indent(lines: list[str], start: int, end: int) -> int:
    for line in lines[start + 1:end]:
        if line.strip() and not line.lstrip().startswith("#"):
            return _indent(line)
    return _indent(lines[start]) + 2


def _yaml() -> YAML:
    yaml = YAML(typ="rt")
    yaml.preserve_quotes = True
    yaml.width = 4096
    yaml.indent(mapping=2, sequence=4, offset=2)
    return yaml


def _load_block(block: list[str], indent: int, key: str) -> CommentedMap:
    text = "\n".join(line[indent:] for line in block) + "\n"
    try:
        loaded = _yaml().load(text)
    except (YAMLError, ValueError) as error:
        raise RecordingError(f"Registreringen kan ikke leses ({error}). Kjør «handbok sjekk» og rett den først.") from None
    node = loaded.get(key) if isinstance(loaded, dict) else None
    if node is None:
        node = CommentedMap()
    if not isinstance(node, CommentedMap):
        raise RecordingError("Registreringen har feil form. Kjør «handbok sjekk» og rett den først.")
    return node


def _dump(key: str, node: Any, indent: int) -> list[str]:
    out = io.StringIO()
    _yaml().dump(CommentedMap([(key, node)]), out)
    pad = " " * indent
    return [pad + line if line else line for line in out.getvalue().rstrip("\n").split("\n")]
