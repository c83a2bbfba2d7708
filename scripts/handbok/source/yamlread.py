"""YAML reading: text -> plain values plus the source line of every key, with YAML's traps caught.

PyYAML's C composer builds the node tree; we construct the values ourselves so that
- a duplicate key is a finding instead of silently keeping the last one,
- a version written as `2.10` stays the text "2.10" (and is flagged), never the float 2.1,
- YAML 1.1 booleans (`no`, `yes`, `on`, `off`) stay text (and are flagged),
- dates stay the text the author wrote, so `2024-02-30` is a finding, not a crash,
- tags are never executed: only the standard scalar, sequence and mapping tags are accepted.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any, Iterator

import yaml

from ..core.findings import Finding, feil

try:  # libyaml ships in PyYAML's wheels; the pure-Python composer is the fallback.
    _Loader: type = yaml.CSafeLoader
except AttributeError:  # pragma: no cover
    _Loader = yaml.SafeLoader

Path_ = tuple[str | int, ...]

_TAG = "tag:yaml.org,2002:"
_DECIMAL = re.compile(r"[-+]?(0|[1-9][0-9]*)\Z")
_BOOL11 = {"yes", "no", "on", "off"}
_MAX_NODES = 2_000_000  # stops an alias bomb long before memory runs out
_MAX_DEPTH = 40  # a handbook nests six levels at most; hundreds of levels would exhaust the stack
_TOO_DEEP = ("YAML-en er nøstet for dypt (mer enn {0} nivåer inni hverandre). Skriv verdiene flatere, "
             "som vanlige lister og felt.")


@dataclass
class YamlResult:
    """Values and line map of one YAML text, plus what went wrong while reading it."""

    data: Any = None
    lines: dict[Path_, int] = field(default_factory=dict)
    findings: list[Finding] = field(default_factory=list)


def field_name(path: Path_) -> str:
    """('endringslogg', 0, 'versjon') -> 'endringslogg[0].versjon'."""
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else part)
    return out


def text_values(value: Any, path: Path_ = ()) -> Iterator[tuple[Path_, str]]:
    """Every text in a read YAML value with its path: what the privacy and safety checks look at."""
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, dict):
        for key, sub in value.items():
            yield from text_values(sub, (*path, key))
    elif isinstance(value, list):
        for index, sub in enumerate(value):
            yield from text_values(sub, (*path, index))


def read_yaml(text: str, fil: str, first_line: int = 1) -> YamlResult:
    """Read one YAML document; line numbers are shifted so that the text starts at `first_line`."""
    result = YamlResult()
    try:
        root = yaml.compose(text, Loader=_Loader)
    except RecursionError:  # the composer recurses per level: thousands of "[" end here
        result.findings.append(feil("yaml-for-dypt", fil, first_line, "", _TOO_DEEP.format(_MAX_DEPTH)))
        return result
    except yaml.MarkedYAMLError as error:
        result.findings.append(_syntax_finding(error, text, fil, first_line))
        return result
    except yaml.YAMLError as error:  # e.g. a reader error without a mark
        result.findings.append(feil("yaml-syntaks", fil, first_line, "", f"Kan ikke lese YAML: {error}."))
        return result
    if root is not None:
        builder = _Builder(fil, first_line - 1, result)
        try:
            result.data = builder.value(root, ())
        except _TooLarge as stop:
            # Nothing built from a runaway document is trustworthy: one finding, no data.
            top = stop.path[:1]
            result.data, result.findings = None, [feil(
                "yaml-for-stor", fil, result.lines.get(top, first_line), field_name(top),
                "YAML-en er for stor eller bruker aliaser (*) som vokser uten grense. Skriv verdiene ut.")]
        except _TooDeep as stop:
            result.data, result.findings = None, [feil(
                "yaml-for-dypt", fil, stop.line, field_name(stop.path[:1]), _TOO_DEEP.format(_MAX_DEPTH))]
    return result


class _TooLarge(Exception):
    def __init__(self, path: Path_) -> None:
        super().__init__()
        self.path = path


class _TooDeep(Exception):
    def __init__(self, path: Path_, line: int) -> None:
        super().__init__()
        self.path = path
        self.line = line


def _syntax_finding(error: yaml.MarkedYAMLError, text: str, fil: str, first_line: int) -> Finding:
    mark = error.problem_mark or error.context_mark
    line = first_line + mark.line if mark else first_line
    problem = (error.problem or "") + " " + (error.context or "")
    source_lines = text.split("\n")
    if mark and mark.line < len(source_lines) and "\t" in source_lines[mark.line]:
        problem = "'\\t' " + problem
    unclosed = _unclosed_quote(source_lines[: (mark.line + 1) if mark else None])
    if unclosed is not None:
        return feil("yaml-syntaks", fil, first_line + unclosed, "",
                    "Et anførselstegn (\") er ikke lukket på denne linjen. Avslutt teksten med \" på samme linje.")
    return feil("yaml-syntaks", fil, line, "", _explain_syntax(problem, mark.column + 1 if mark else None))


def _unclosed_quote(lines: list[str]) -> int | None:
    """The first line with an odd number of double quotes: the usual cause of a runaway string."""
    for number, line in enumerate(lines):
        content = line.split(" #", 1)[0]
        if not content.lstrip().startswith("#") and content.replace('\\"', "").count('"') % 2 == 1:
            return number
    return None


def _explain_syntax(problem: str, column: int | None) -> str:
    where = f" (kolonne {column})" if column else ""
    if "'\\t'" in problem or "\t" in problem:
        return f"Tabulatortegn{where} er ikke tillatt i YAML. Bruk mellomrom til innrykk."
    if "mapping values are not allowed" in problem:
        return (f"Et kolon (:) midt i en verdi{where}. Sett hele teksten i anførselstegn, "
                'f.eks. endring: "Nytt trinn: dobbeltkontroll".')
    if "quoted scalar" in problem or "unexpected end of stream" in problem:
        return f"Et anførselstegn er ikke lukket{where}. Sjekk at hver tekst som starter med \" også slutter med \"."
    if "expected <block end>" in problem or "expected ':'" in problem or "block mapping" in problem \
            or "block collection" in problem:
        return (f"Feil innrykk eller manglende kolon{where}. Alle nøkler på samme nivå må ha likt innrykk "
                "med mellomrom, og hver nøkkel må følges av kolon.")
    if "found undefined alias" in problem or "found unhashable key" in problem:
        return f"Ugyldig YAML{where}: {problem.strip()}."
    return f"YAML-syntaksfeil{where}: {problem.strip()}. Sjekk innrykk, kolon og anførselstegn."


class _Builder:
    """Turns a composed node tree into plain values; one instance per text."""

    def __init__(self, fil: str, offset: int, result: YamlResult) -> None:
        self.fil = fil
        self.offset = offset
        self.result = result
        self.active: set[int] = set()
        self.count = 0

    def line(self, node: yaml.Node) -> int:
        return self.offset + node.start_mark.line + 1

    def problem(self, kode: str, node: yaml.Node, path: Path_, melding: str) -> None:
        self.result.findings.append(feil(kode, self.fil, self.line(node), field_name(path), melding))

    def value(self, node: yaml.Node, path: Path_) -> Any:
        self.count += 1
        if self.count > _MAX_NODES:
            raise _TooLarge(path)
        if len(path) > _MAX_DEPTH:
            raise _TooDeep(path, self.line(node))
        if id(node) in self.active:
            self.problem("yaml-syntaks", node, path, "Et YAML-alias (*) peker på seg selv. Skriv verdien ut i stedet.")
            return None
        if isinstance(node, yaml.ScalarNode):
            return self.scalar(node, path)
        self.active.add(id(node))
        try:
            if isinstance(node, yaml.SequenceNode):
                return self.sequence(node, path)
            assert isinstance(node, yaml.MappingNode)
            return self.mapping(node, path)
        finally:
            self.active.discard(id(node))

    def check_tag(self, node: yaml.Node, path: Path_, allowed: set[str]) -> None:
        if node.tag not in allowed:
            self.problem("ukjent-yaml-tagg", node, path,
                         f"YAML-taggen «{node.tag.replace(_TAG, '!!')}» er ikke tillatt. Fjern taggen (det som starter med ! eller !!).")

    def sequence(self, node: yaml.SequenceNode, path: Path_) -> list[Any]:
        self.check_tag(node, path, {_TAG + "seq"})
        out = []
        for index, item in enumerate(node.value):
            item_path = (*path, index)
            self.result.lines[item_path] = self.line(item)
            out.append(self.value(item, item_path))
        return out

    def mapping(self, node: yaml.MappingNode, path: Path_) -> dict[str, Any]:
        self.check_tag(node, path, {_TAG + "map"})
        out: dict[str, Any] = {}
        for key_node, value_node in node.value:
            key = self.key(key_node, path)
            if key is None:
                continue
            key_path = (*path, key)
            if key in out:
                first = self.result.lines[key_path]
                self.problem("duplikat-nokkel", key_node, key_path,
                             f"Nøkkelen «{key}» står to ganger (første gang på linje {first}). "
                             "YAML ville stille beholdt bare den siste; slå dem sammen eller fjern den ene.")
                continue
            self.result.lines[key_path] = self.line(key_node)
            out[key] = self.value(value_node, key_path)
        return out

    def key(self, node: yaml.Node, path: Path_) -> str | None:
        if not isinstance(node, yaml.ScalarNode):
            self.problem("ugyldig-nokkel", node, path, "En nøkkel må være en enkel tekst, ikke en liste eller tabell.")
            return None
        text = _nfc(node.value)
        if not node.style and text.lower() in _BOOL11:
            self.problem("tvetydig-verdi", node, (*path, text),
                         f"Nøkkelen «{text}» leses av mange YAML-verktøy som en sannhetsverdi. "
                         f'Skriv den i anførselstegn: "{text}".')
        return text

    def scalar(self, node: yaml.ScalarNode, path: Path_) -> Any:
        text = _nfc(node.value)
        tag = node.tag
        if node.style or tag == _TAG + "str":
            return text  # quoted, block or explicitly text: exactly what the author wrote
        if tag == _TAG + "null":
            return None
        if tag == _TAG + "bool":
            if text.lower() in ("true", "false"):
                return text.lower() == "true"
            self.problem("tvetydig-verdi", node, path,
                         f"«{text}» leses av YAML som sannhetsverdien {'sann' if text.lower() in ('yes', 'on') else 'usann'}, "
                         f'ikke som tekst. Skriv den i anførselstegn: "{text}".')
            return text
        if tag == _TAG + "int":
            if _DECIMAL.match(text):
                return int(text)
            self.problem("tvetydig-verdi", node, path,
                         f"«{text}» leses av YAML som et tall ({_yaml11_value(text)}), ikke som tekst. "
                         f'Skriv den i anførselstegn: "{text}".')
            return text
        if tag == _TAG + "float":
            self.problem("tvetydig-verdi", node, path,
                         f"«{text}» står uten anførselstegn og leses av YAML som tallet {_yaml11_value(text)}. "
                         f'Er det en versjon eller tekst, skriv «"{text}"» med anførselstegn.')
            return text
        if tag in (_TAG + "timestamp",):
            return text  # checked as a date by the schema, so an impossible date is a finding
        self.check_tag(node, path, {_TAG + "str", _TAG + "merge", _TAG + "binary"})
        return text


def _yaml11_value(text: str) -> str:
    """What a YAML 1.1 reader (PyYAML, MkDocs) would make of a plain number."""
    try:
        value = yaml.safe_load(text)
    except (yaml.YAMLError, ValueError):
        return text
    return str(value)


def _nfc(text: str) -> str:
    return text if text.isascii() else unicodedata.normalize("NFC", text)
