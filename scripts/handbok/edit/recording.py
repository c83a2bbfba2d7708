"""Recording: `registrer`, `evaluer` and `tiltak` — change one record of implementeringsplan.yaml, safely.

Only the lines of the changed record are rewritten; every other byte of the file (comments, order,
quoting, blank lines, each line's own line ending, a BOM) stays as it was. The whole read–check–write
holds a lock on the plan, so simultaneous commands queue instead of losing each other's changes; the
result is validated before it is written, the write is atomic, and it is refused if the file changed on
disk in the meantime (an editor does not take our lock).
"""

from __future__ import annotations

import dataclasses
import io
import re
from collections import Counter
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any, Callable, Mapping

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap
from ruamel.yaml.error import YAMLError
from ruamel.yaml.scalarstring import DoubleQuotedScalarString

from ..checks.run import CheckResult, check_corpus
from ..core.errors import Refused
from ..core.findings import Finding
from ..core.formatting import dato as norsk_dato
from ..core.model import Dokument, Handbok, Implementeringsstatus, Registrering, Rutine, Tiltaksstatus, Versjon
from ..core.suggest import mente_du
from ..source.cache import Cache
from ..source.loading import PLAN, load_corpus, parse_plan
from ..source.writing import Snapshot, locked, require_replaceable, write_if_unchanged

Update = Callable[[CommentedMap], None]
Splice = tuple[int, int, list[str]]  # replace lines[start:end] by these lines

_LINE_BREAK = re.compile(r"(\r\n|\r|\n)")  # the breaks YAML knows besides NEL/LS/PS, which free text may not hold
_ANSWER = re.compile(r"-?[0-9]{1,9}")


class RecordingRefused(Refused):
    """A refusal with a Norwegian explanation; nothing was written."""


@dataclass(frozen=True)
class Tilbake:
    """`registrer --tilbake --grunn`: the user means to set the status back, and says why."""

    grunn: str


@dataclass(frozen=True)
class NyttTiltak:
    """What `handbok tiltak` opens: what, who (a role id), by when; the evaluation it answers and its id
    are optional (the newest evaluation that calls for one; the next free «tN»)."""

    beskrivelse: str
    ansvarlig: str
    frist: date
    evaluering: date | None = None
    id: str | None = None


def registrer(root: Path, today: date, sted: str, rutine: str, status: str, versjon: str | None,
              dato: date | None, hvordan: str | None, begrunnelse: str | None, cache: Cache | None = None,
              tilbake: Tilbake | None = None) -> str:
    with locked(root / PLAN):
        return _registrer(root, today, sted, rutine, status, versjon, dato, hvordan, begrunnelse, cache, tilbake)


def apne_tiltak(root: Path, today: date, sted: str, rutine: str, nytt: NyttTiltak, dato: date | None,
                cache: Cache | None = None) -> str:
    with locked(root / PLAN):
        return _apne_tiltak(root, today, sted, rutine, nytt, dato, cache)


def lukk_tiltak(root: Path, today: date, sted: str, rutine: str, tiltak_id: str, resultat: str, dato: date | None,
                cache: Cache | None = None) -> str:
    with locked(root / PLAN):
        return _lukk_tiltak(root, today, sted, rutine, tiltak_id, resultat, dato, cache)


def evaluer(root: Path, today: date, sted: str, rutine: str, svar: Mapping[str, int], merknad: str | None,
            dato: date | None, cache: Cache | None = None) -> str:
    with locked(root / PLAN):
        return _evaluer(root, today, sted, rutine, svar, merknad, dato, cache)


def _registrer(root: Path, today: date, sted: str, rutine: str, status: str, versjon: str | None,
               dato: date | None, hvordan: str | None, begrunnelse: str | None, cache: Cache | None,
               tilbake: Tilbake | None) -> str:
    before = _checked(root, today, cache)
    handbok = before.handbok
    dokument, current = _require_applies(handbok, sted, rutine)
    if status != Implementeringsstatus.PLANLAGT:  # a plan may name the day it starts
        _require_past(dato, today)
    allowed = [str(s) for s in Implementeringsstatus.registrerbare()]
    if status not in allowed:
        raise RecordingRefused(f"Status «{status}» finnes ikke. Bruk en av: {', '.join(allowed)}.")
    old = handbok.plan.registrering(sted, rutine)
    if versjon is not None:
        _require_version(versjon, current, rutine)
    going_back = _goes_back(old, Implementeringsstatus(status), versjon)
    if going_back and old is not None and tilbake is None:
        raise RecordingRefused(_back_message(sted, rutine, old, status))
    if tilbake is not None and not going_back:
        raise RecordingRefused(f"--tilbake brukes bare når statusen settes et steg tilbake, og «{status}» er ikke det. "
                             "Ingenting er registrert.")
    if versjon is None and Implementeringsstatus(status).krever_versjon:
        versjon = str(old.versjon if going_back and old and old.versjon else current)
    old_version = old.versjon if old else None

    def update(record: CommentedMap) -> None:
        if versjon is not None and old_version is not None and str(old_version) != versjon:
            _stamp_evaluations(record, old_version)  # they were made for the old version and stay with it
        if going_back and tilbake is not None and old is not None:
            _append(record, "tilbakeforinger", CommentedMap(
                [("dato", dato or today), ("fra", str(old.status)), ("grunn", tilbake.grunn)]))
        record["status"] = status
        if versjon is not None:
            record["versjon"] = DoubleQuotedScalarString(versjon)
        record["dato"] = dato or today
        if hvordan:
            record["hvordan"] = hvordan
        if begrunnelse:
            record["begrunnelse"] = begrunnelse
        if status == "ikke-aktuelt" and not record.get("begrunnelse"):
            raise RecordingRefused("Status ikke-aktuelt krever en begrunnelse: bruk --begrunnelse \"…\".")

    _change(root, today, before, sted, rutine, update)
    return f"Registrert: {sted} / {rutine}: {status}" + (f", versjon {versjon}" if versjon else "") + "."


_ORDER = (Implementeringsstatus.IKKE_STARTET, Implementeringsstatus.PLANLAGT, Implementeringsstatus.I_GANG,
          Implementeringsstatus.IMPLEMENTERT, Implementeringsstatus.EVALUERT)


def _goes_back(old: Registrering | None, new: Implementeringsstatus, versjon: str | None) -> bool:
    """A lower step than recorded, for the same version: a newer version named with --versjon is a new
    implementation, not a step back. ikke-aktuelt stands outside the steps (it needs a reason of its own)."""
    if old is None or old.status not in _ORDER or new not in _ORDER or _ORDER.index(new) >= _ORDER.index(old.status):
        return False
    return versjon is None or old.versjon is None or Versjon.parse(versjon) <= old.versjon


def _back_message(sted: str, rutine: str, old: Registrering, status: str) -> str:
    recorded = f"{old.status}" + (f" (versjon {old.versjon})" if old.versjon else "")
    return (f"{sted} har registrert {rutine} som {recorded}; «{status}» er et steg tilbake. Er det riktig, bruk "
            f"--tilbake --grunn \"hvorfor\" (grunnen lagres). Har dere tatt i bruk en ny versjon, bruk --versjon.")


def _stamp_evaluations(record: CommentedMap, versjon: Versjon) -> None:
    for entry in record.get("evalueringer") or ():
        if isinstance(entry, CommentedMap) and "versjon" not in entry:
            entry.insert(1, "versjon", DoubleQuotedScalarString(str(versjon)))


def _append(record: CommentedMap, key: str, entry: CommentedMap) -> None:
    if key not in record or record[key] is None:
        record[key] = []
    record[key].append(entry)


def _evaluer(root: Path, today: date, sted: str, rutine: str, svar: Mapping[str, int], merknad: str | None,
             dato: date | None, cache: Cache | None) -> str:
    before = _checked(root, today, cache)
    handbok = before.handbok
    _require_applies(handbok, sted, rutine)
    _require_past(dato, today)
    record = handbok.plan.registrering(sted, rutine)
    if record is None or not record.status.ferdig:
        raise RecordingRefused(f"{sted} har ikke registrert {rutine} som implementert. Registrer implementeringen "
                             f"først: handbok registrer {sted} {rutine} --status implementert.")
    skjema = handbok.plan.skjema
    known = [q.id for q in skjema.sporsmal if not q.utgaatt]
    for sporsmal, poeng in svar.items():
        if sporsmal not in known:
            retired = any(q.id == sporsmal for q in skjema.sporsmal)
            what = "er tatt ut av" if retired else "finnes ikke i"
            raise RecordingRefused(f"Spørsmålet «{sporsmal}» {what} evalueringsskjemaet. "
                                 f"Spørsmålene er: {', '.join(known)}.")
        if not skjema.min <= poeng <= skjema.maks:
            raise RecordingRefused(f"Svaret {sporsmal}={poeng} er utenfor skalaen {skjema.min}–{skjema.maks}.")

    def update(node: CommentedMap) -> None:
        answers = CommentedMap((q, svar[q]) for q in known if q in svar)
        answers.fa.set_flow_style()
        entry = CommentedMap([("dato", dato or today), ("versjon", DoubleQuotedScalarString(str(record.versjon))),
                              ("svar", answers)])
        if merknad:
            entry["merknad"] = merknad
        _append(node, "evalueringer", entry)
        node["status"] = "evaluert"

    _change(root, today, before, sted, rutine, update)
    return f"Evaluering registrert: {sted} / {rutine} ({len(svar)} svar)."


def _apne_tiltak(root: Path, today: date, sted: str, rutine: str, nytt: NyttTiltak, dato: date | None,
                 cache: Cache | None) -> str:
    before = _checked(root, today, cache)
    handbok = before.handbok
    _require_applies(handbok, sted, rutine)
    _require_past(dato, today)
    record = handbok.plan.registrering(sted, rutine)
    if record is None:
        raise RecordingRefused(f"{sted} har ingen registrering for {rutine}. Registrer statusen først: handbok registrer "
                             f"{sted} {rutine} --status …")
    taken = {t.id for t in record.tiltak}
    tiltak_id = nytt.id or next(f"t{n}" for n in range(1, len(taken) + 2) if f"t{n}" not in taken)
    if tiltak_id in taken:
        raise RecordingRefused(f"Det finnes alt et tiltak «{tiltak_id}» for {sted} / {rutine}. Velg en annen --id.")
    low = record.lav_evaluering(handbok.plan.skjema, today)
    answers = nytt.evaluering or (low.dato if low else None)

    def update(node: CommentedMap) -> None:
        entry = CommentedMap([("id", tiltak_id), ("beskrivelse", nytt.beskrivelse), ("ansvarlig", nytt.ansvarlig),
                              ("frist", nytt.frist), ("status", str(Tiltaksstatus.APEN)), ("opprettet", dato or today)])
        if answers:
            entry["evaluering"] = answers
        _append(node, "tiltak", entry)

    _change(root, today, before, sted, rutine, update)
    return f"Tiltak {tiltak_id} registrert: {sted} / {rutine}, frist {norsk_dato(nytt.frist)}."


def _lukk_tiltak(root: Path, today: date, sted: str, rutine: str, tiltak_id: str, resultat: str, dato: date | None,
                 cache: Cache | None) -> str:
    before = _checked(root, today, cache)
    handbok = before.handbok
    _require_known(handbok, sted, rutine)
    _require_past(dato, today)
    record = handbok.plan.registrering(sted, rutine)
    found = next((t for t in record.tiltak if t.id == tiltak_id), None) if record else None
    if found is None:
        known = ", ".join(t.id for t in record.tiltak) if record and record.tiltak else "ingen"
        raise RecordingRefused(f"{sted} / {rutine} har ikke noe tiltak «{tiltak_id}». Tiltakene her: {known}.")
    if found.lukket is not None:
        raise RecordingRefused(f"Tiltak {tiltak_id} ble lukket {norsk_dato(found.lukket)}. Et nytt funn blir et nytt "
                             "tiltak.")

    def update(node: CommentedMap) -> None:
        entry = next(e for e in node["tiltak"] if isinstance(e, CommentedMap) and e.get("id") == tiltak_id)
        entry["status"] = str(Tiltaksstatus.LUKKET)
        entry["lukket_dato"] = dato or today
        entry["resultat"] = resultat

    _change(root, today, before, sted, rutine, update)
    return f"Tiltak {tiltak_id} lukket: {sted} / {rutine}."


def parse_answers(pairs: list[str]) -> dict[str, int]:
    """["kjent=4", "fungerer=3"] -> {"kjent": 4, "fungerer": 3}."""
    answers: dict[str, int] = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or not _ANSWER.fullmatch(value.strip()):  # ASCII digits only: int() takes «٣» and «²» too
            raise RecordingRefused(f"«{pair}» er ikke på formen spørsmål=tall, f.eks. kjent=4.")
        answers[key.strip()] = int(value)
    return answers


def _require_known(handbok: Handbok, sted: str, rutine: str) -> Dokument:
    """The rutine or funksjonsbeskrivelse `rutine` names at a known site."""
    if handbok.plan.sted(sted) is None:
        raise RecordingRefused(f"Tjenestestedet «{sted}» finnes ikke.{_guess(sted, [s.id for s in handbok.plan.tjenestesteder])}")
    dokument = handbok.rutiner.get(rutine) or handbok.funksjoner.get(rutine)
    if dokument is None:
        raise RecordingRefused(f"Rutinen eller funksjonsbeskrivelsen «{rutine}» finnes ikke."
                             f"{_guess(rutine, [*handbok.rutiner, *handbok.funksjoner])}")
    return dokument


def _require_applies(handbok: Handbok, sted: str, rutine: str) -> tuple[Dokument, Versjon]:
    """Only a document in force that applies to an active site is recorded for it; with its current version."""
    document = _require_known(handbok, sted, rutine)
    site = handbok.plan.sted(sted)
    kind = "Rutinen" if isinstance(document, Rutine) else "Funksjonsbeskrivelsen"
    if site is not None and not site.aktiv:
        raise RecordingRefused(f"Tjenestestedet {sted} er ikke aktivt (aktiv: false); registreringene står som historikk. "
                             "Ingenting er registrert.")
    if document.versjon is None:
        raise RecordingRefused(f"Funksjonsbeskrivelsen {rutine} har ingen versjon ennå, så implementeringen kan ikke "
                             f"registreres. Legg til versjon og endringslogg i {document.fil} først.")
    if document.dokumentstatus.under_arbeid:
        raise RecordingRefused(f"{kind} {rutine} er ikke godkjent ennå (dokumentstatus: "
                             f"{document.dokumentstatus.tekst.lower()}, versjon {document.versjon}). Registrer når den "
                             "er gjeldende.")
    if not document.gjeldende:
        instead = (f" Registrer for {document.erstattet_av} i stedet."
                   if isinstance(document, Rutine) and document.erstattet_av else "")
        raise RecordingRefused(f"{kind} {rutine} er utgått og følges ikke opp lenger.{instead} Ingenting er registrert.")
    if isinstance(document, Rutine) and not document.gjelder(sted):
        raise RecordingRefused(f"Rutinen {rutine} gjelder ikke for {sted} (gjelder_for: "
                             f"{', '.join(document.gjelder_for)}). Ingenting er registrert.")
    return document, document.versjon


def _require_past(dato: date | None, today: date) -> None:
    if dato is not None and dato > today:
        raise RecordingRefused(f"Datoen {norsk_dato(dato)} er fram i tid (i dag er {norsk_dato(today)}). Registrer det "
                             "som har skjedd, med datoen det skjedde.")


def _require_version(versjon: str, current: Versjon, rutine: str) -> None:
    try:
        wanted = Versjon.parse(versjon)  # the whole text, ASCII digits only: «1.0\n» and « 1.0» are refused
    except ValueError:
        raise RecordingRefused(f"«{versjon}» er ikke en versjon. Skriv MAJOR.MINOR, f.eks. {current}.") from None
    if wanted > current:
        raise RecordingRefused(f"Versjon {versjon} er høyere enn gjeldende versjon {current} av {rutine}.")


def _guess(value: str, options: list[str]) -> str:
    return mente_du(value, options, f" Kjente: {', '.join(options)}.")


def _checked(root: Path, today: date, cache: Cache | None) -> CheckResult:
    """The handbook as it is before an edit, read while the caller holds the plan's lock; the plan must be
    a file we may replace."""
    require_replaceable(root / PLAN)
    return check_corpus(load_corpus(root, cache), today, cache)


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
        raise RecordingRefused(f"Endringen ville gitt feil i {PLAN} og er ikke lagret: {details}")


def _key(f: Finding) -> tuple[str, str, str, str]:
    return f.kode, f.fil, f.felt, f.melding


# --- text surgery: find the record's lines and rewrite only those -----------------------------------


def splice_lines(lines: list[str], sted: str, rutine: str, update: Update) -> Splice:
    """Which lines to replace, and by what, to change the record of `sted` × `rutine` (or add it)."""
    doc = parse_plan("\n".join(lines), PLAN)
    if doc.data is None:
        raise RecordingRefused(f"{PLAN} kan ikke leses. Kjør «handbok sjekk» og rett feilene først.")
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
    raise RecordingRefused(f"Fant ikke et sted å skrive {sted} / {rutine} i {PLAN} uten å endre resten av filen "
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
    yaml.representer.ignore_aliases = lambda data: True  # one date used twice is written twice, never as &id001
    return yaml


def _load_block(block: list[str], indent: int, key: str) -> CommentedMap:
    text = "\n".join(line[indent:] for line in block) + "\n"
    try:
        loaded = _yaml().load(text)
    except (YAMLError, ValueError) as error:
        raise RecordingRefused(f"Registreringen kan ikke leses ({error}). Kjør «handbok sjekk» og rett den først.") from None
    node = loaded.get(key) if isinstance(loaded, dict) else None
    if node is None:
        node = CommentedMap()
    if not isinstance(node, CommentedMap):
        raise RecordingRefused("Registreringen har feil form. Kjør «handbok sjekk» og rett den først.")
    return node


def _dump(key: str, node: Any, indent: int) -> list[str]:
    out = io.StringIO()
    _yaml().dump(CommentedMap([(key, node)]), out)
    pad = " " * indent
    return [pad + line if line else line for line in out.getvalue().rstrip("\n").split("\n")]
