"""Loading: the repository's files -> documents (front matter, body, source line of every key)."""

from __future__ import annotations

import dataclasses
import os
import stat
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterator, Literal, get_args

from ..core.findings import Finding, advarsel, feil, finding_from_json
from .cache import Cache, Codec, Json, text_key
from .yamlread import Path_, read_yaml

# side: a page in docs/; handbok: handbok.yaml; avvik, kompetanse, bekreftelser: imported counts under statistikk/;
# nettsted: mkdocs.yml, whose texts the theme puts onto every page;
# historikk: one site's implementation history, implementering/<sted>.yaml
Kind = Literal["rutine", "funksjon", "plan", "side", "handbok", "avvik", "kompetanse", "bekreftelser", "nettsted",
               "historikk"]

DATA_KINDS: tuple[Kind, ...] = ("plan", "avvik", "kompetanse", "bekreftelser", "historikk")  # YAML data, may be large
RUTINER = "rutiner"
FUNKSJONER = "funksjonsbeskrivelser"
PLAN = "implementeringsplan.yaml"
IMPLEMENTERING = "implementering"  # one YAML file per tjenestested: its history (the ledger)
SETTINGS = "handbok.yaml"
DOCS = "docs"
FOLDERS: dict[str, Kind] = {RUTINER: "rutine", FUNKSJONER: "funksjon"}
STATISTIKK: dict[str, Kind] = {"statistikk/avvik.yaml": "avvik", "statistikk/kompetanse.yaml": "kompetanse",
                               "statistikk/bekreftelser.yaml": "bekreftelser"}

MAX_MARKDOWN_BYTES = 1_000_000
MAX_PLAN_BYTES = 100_000_000


@dataclass(frozen=True)
class Document:
    """One loaded file. `data` is None when the file could not be read as a mapping."""

    fil: str  # repository-relative POSIX path, NFC
    kind: Kind
    data: dict[str, Any] | None
    lines: dict[Path_, int] = field(default_factory=dict)
    body: str = ""
    body_line: int = 1
    findings: tuple[Finding, ...] = ()
    digest: str = ""  # hash of path, kind and text: the cache key for everything computed from this file
    kilde: str = ""  # the whole text as written (BOM and line endings normalised): comments included

    @property
    def stem(self) -> str:
        return self.fil.rsplit("/", 1)[-1].rsplit(".", 1)[0]

    def line(self, *path: str | int) -> int | None:
        """The line of the longest known prefix of `path` (a missing key points at its parent)."""
        while path:
            if path in self.lines:
                return self.lines[path]
            path = path[:-1]
        return 1 if self.data is not None else None


@dataclass(frozen=True)
class Corpus:
    """Everything read from one handbook repository."""

    root: Path
    rutiner: tuple[Document, ...]
    funksjoner: tuple[Document, ...]
    plan: Document | None
    findings: tuple[Finding, ...] = ()  # problems with the repository itself (stray files, …)
    sider: tuple[Document, ...] = ()  # docs/**/*.md, published as they are
    innstillinger: Document | None = None  # handbok.yaml; a handbook without one uses the defaults
    statistikk: tuple[Document, ...] = ()  # statistikk/avvik.yaml, kompetanse.yaml and bekreftelser.yaml, when there
    historikk: tuple[Document, ...] = ()  # implementering/<sted>.yaml, one per site that has one

    @property
    def documents(self) -> tuple[Document, ...]:
        settings = (self.innstillinger,) if self.innstillinger else ()
        plan = (self.plan,) if self.plan else ()
        return settings + self.rutiner + self.funksjoner + plan + self.historikk + self.sider + self.statistikk

    def med(self, doc: Document) -> Corpus:
        """This corpus with `doc` in place of the file of the same path (or added): what an edit would make."""
        def swap(docs: tuple[Document, ...]) -> tuple[Document, ...]:
            others = tuple(d for d in docs if d.fil != doc.fil)
            return tuple(sorted((*others, doc), key=lambda d: d.fil))

        if doc.kind == "plan":
            return dataclasses.replace(self, plan=doc)
        if doc.kind == "handbok":
            return dataclasses.replace(self, innstillinger=doc)
        if doc.kind == "rutine":
            return dataclasses.replace(self, rutiner=swap(self.rutiner))
        if doc.kind == "funksjon":
            return dataclasses.replace(self, funksjoner=swap(self.funksjoner))
        if doc.kind == "side":
            return dataclasses.replace(self, sider=swap(self.sider))
        if doc.kind == "historikk":
            return dataclasses.replace(self, historikk=swap(self.historikk))
        return dataclasses.replace(self, statistikk=swap(self.statistikk))

    def statistikkfil(self, kind: Kind) -> Document | None:
        return next((doc for doc in self.statistikk if doc.kind == kind), None)


def is_handbook(root: Path) -> bool:
    return any((root / name).exists() for name in (RUTINER, FUNKSJONER, PLAN, SETTINGS, IMPLEMENTERING))


def load_corpus(root: Path, cache: Cache | None = None) -> Corpus:
    """Read every routine, role description and the plan below `root` (unchanged files from `cache`)."""
    cache = cache or Cache(None)
    repo_findings: list[Finding] = []
    by_kind: dict[Kind, list[Document]] = {"rutine": [], "funksjon": []}
    for folder, kind in FOLDERS.items():
        for path in sorted((root / folder).glob("*")) if (root / folder).is_dir() else []:
            rel = _relative(root, path)
            if path.is_dir() or path.name.startswith("."):
                continue  # folders, and hidden files such as .gitkeep or .DS_Store
            if path.suffix != ".md":
                repo_findings.append(advarsel(
                    "ukjent-fil", rel, None, "",
                    f"Filen leses ikke: alt i {folder}/ må være Markdown-filer som slutter på .md."))
                continue
            by_kind[kind].append(load_file(root, path, kind, cache))
    plan_path = root / PLAN
    plan = load_file(root, plan_path, "plan", cache) if plan_path.exists() or plan_path.is_symlink() else None
    if plan is None:
        repo_findings.append(feil("mangler-plan", PLAN, None, "",
                                  f"Fant ikke {PLAN}. Lag filen med tjenestesteder, faser og evalueringsskjema."))
    sider = tuple(load_file(root, path, "side", cache) for path in _pages(root))
    settings_path = root / SETTINGS
    innstillinger = (load_file(root, settings_path, "handbok", cache)
                     if settings_path.exists() or settings_path.is_symlink() else None)
    statistikk = tuple(load_file(root, root / rel, kind, cache) for rel, kind in STATISTIKK.items()
                       if (root / rel).exists() or (root / rel).is_symlink())
    historikk = tuple(_histories(root, cache, repo_findings))
    return Corpus(root, tuple(by_kind["rutine"]), tuple(by_kind["funksjon"]), plan, tuple(repo_findings), sider,
                  innstillinger, statistikk, historikk)


def _histories(root: Path, cache: Cache, repo_findings: list[Finding]) -> Iterator[Document]:
    """implementering/*.yaml; anything else there is not read, and said so."""
    folder = root / IMPLEMENTERING
    for path in sorted(folder.glob("*")) if folder.is_dir() else []:
        if path.is_dir() or path.name.startswith("."):
            continue
        if path.suffix != ".yaml":
            repo_findings.append(advarsel(
                "ukjent-fil", _relative(root, path), None, "",
                f"Filen leses ikke: alt i {IMPLEMENTERING}/ må være YAML-filer som heter som tjenestestedet, "
                "f.eks. nord.yaml."))
            continue
        yield load_file(root, path, "historikk", cache)


def _pages(root: Path) -> list[Path]:
    """The hand-written Markdown pages below docs/ that the site publishes (`published_below`)."""
    return [path for path in published_below(root, DOCS) if path.suffix == ".md"]


def files_below(root: Path, folder: str) -> list[Path]:
    """Every entry below `root/folder` that is not a folder of its own, sorted, hidden files and folders
    left out: regular files, and symbolic links (to files or folders, never followed) for a check to refuse."""
    top = root / folder
    if top.is_symlink() or not top.is_dir():
        return []
    return [path for path in sorted(top.rglob("*"))
            if not any(part.startswith(".") for part in path.relative_to(top).parts)
            and (path.is_symlink() or not path.is_dir())]


def published_below(root: Path, folder: str) -> list[Path]:
    """The files below `root/folder` the site may publish as they are: regular files reached without
    a symbolic link. A link would publish whatever it points at (anything the build machine can read)."""
    return [path for path in files_below(root, folder) if not path.is_symlink() and path.is_file()]


def via_symlink(root: Path, path: Path) -> bool:
    """True when `path`, or a folder between `root` and it, is a symbolic link."""
    return Path(os.path.realpath(path)) != Path(os.path.realpath(root)) / path.relative_to(root)


def load_file(root: Path, path: Path, kind: Kind, cache: Cache) -> Document:
    rel = _relative(root, path)
    limit = MAX_PLAN_BYTES if kind in DATA_KINDS else MAX_MARKDOWN_BYTES
    text, problem = _read_text(root, path, rel, limit)
    if text is None:
        return Document(rel, kind, None, findings=(problem,) if problem else ())
    return cache.get("dokument", rel, text_key(rel, kind, text), lambda: parse(text, rel, kind), DOCUMENT)


def _document_json(doc: Document) -> Json:
    """A document as data. The body is left out when it is what follows the front matter in `kilde` (nearly
    always), and each key's path is its parent's entry plus one key: the plan's paths are most of its size."""
    body = None if doc.body == _body_of(doc.kilde, doc.body_line) else doc.body
    return {"fil": doc.fil, "kind": doc.kind, "data": doc.data, "lines": _lines_json(doc.lines), "body": body,
            "body_line": doc.body_line, "findings": [f.as_json() for f in doc.findings], "digest": doc.digest,
            "kilde": doc.kilde}


def _document_from_json(data: Json) -> Document:
    if data["kind"] not in get_args(Kind):
        raise ValueError(f"ukjent slag: {data['kind']!r}")
    kilde, body_line = str(data["kilde"]), int(data["body_line"])
    body = _body_of(kilde, body_line) if data["body"] is None else str(data["body"])
    return Document(str(data["fil"]), data["kind"], data["data"] if isinstance(data["data"], dict) else None,
                    _lines_from_json(data["lines"]), body, body_line,
                    tuple(finding_from_json(f) for f in data["findings"]), str(data["digest"]), kilde)


def _body_of(kilde: str, body_line: int) -> str:
    """The text from line `body_line` on."""
    parts = kilde.split("\n", body_line - 1)
    return parts[-1] if len(parts) == body_line else ""


def _lines_json(lines: dict[Path_, int]) -> Json:
    """[[parent entry or -1, key, line] …], or [-2, whole path, line] for a path whose parent is not there."""
    index: dict[Path_, int] = {}
    out: list[list[Any]] = []
    for path, line in lines.items():
        parent = index.get(path[:-1], -1) if len(path) > 1 else -1
        out.append([parent, path[-1], line] if parent >= 0 or len(path) == 1 else [-2, list(path), line])
        index[path] = len(out) - 1
    return out


def _lines_from_json(data: Json) -> dict[Path_, int]:
    paths: list[Path_] = []
    for parent, key, _ in data:
        paths.append(paths[parent] + (key,) if parent >= 0 else (key,) if parent == -1 else tuple(key))
    return {path: int(entry[2]) for path, entry in zip(paths, data)}


DOCUMENT = Codec(_document_json, _document_from_json)  # a parsed file as cache data (YAML values are JSON values)


def parse(text: str, rel: str, kind: Kind) -> Document:
    if kind == "plan":
        return parse_plan(text, rel)
    if kind == "handbok" or kind in DATA_KINDS:
        return parse_settings(text, rel, kind)
    if kind == "nettsted":
        return parse_site_config(text, rel)
    return parse_page(text, rel) if kind == "side" else parse_markdown(text, rel, kind)


def parse_page(text: str, rel: str) -> Document:
    """A hand-written page: front matter is optional (MkDocs' page meta), the rest is the body."""
    kilde = normalise(text)
    if kilde.startswith("---\n"):
        doc = parse_markdown(text, rel, "side")
        return doc if doc.data is not None else Document(rel, "side", {}, findings=doc.findings,
                                                        digest=doc.digest, kilde=kilde)
    return Document(rel, "side", {}, body=kilde, body_line=1, digest=text_key(rel, "side", text), kilde=kilde)


def normalise(text: str) -> str:
    """BOM and Windows/old-Mac line endings are accepted and removed before anything else looks."""
    return text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")


def parse_plan(text: str, rel: str) -> Document:
    kilde = normalise(text)
    result = read_yaml(kilde, rel)
    findings = list(result.findings)
    data = result.data
    if not findings and not isinstance(data, dict):
        findings.append(feil("ugyldig-plan", rel, 1, "",
                             "Implementeringsplanen må være en YAML-tabell med tjenestesteder, faser, "
                             "evalueringsskjema og implementering."))
    return Document(rel, "plan", data if isinstance(data, dict) else None, result.lines,
                    findings=tuple(findings), digest=text_key(rel, "plan", text), kilde=kilde)


_EXAMPLE = {"handbok": ", f.eks. «navn: Rutinehåndbok».",
            "historikk": ", f.eks. «tjenestested: nord» og «dokumenter:» med hendelsene under."}


def parse_settings(text: str, rel: str, kind: Kind = "handbok") -> Document:
    """handbok.yaml (or an imported statistics file): a YAML mapping (empty is fine: all defaults)."""
    kilde = normalise(text)
    result = read_yaml(kilde, rel)
    findings = list(result.findings)
    data = result.data if result.data is not None else ({} if not findings else None)
    if not findings and not isinstance(data, dict):
        findings.append(feil("ugyldig-innstillinger", rel, 1, "",
                             f"{rel} må være felt på formen «navn: verdi»"
                             + _EXAMPLE.get(kind, ".")))
    return Document(rel, kind, data if isinstance(data, dict) else None, result.lines,
                    findings=tuple(findings), digest=text_key(rel, kind, text), kilde=kilde)


def parse_site_config(text: str, rel: str) -> Document:
    """mkdocs.yml: its values and the line of every key. Its tags (!ENV, !!python/name) and YAML 1.1 readings
    are the engine's business, so reading it finds nothing of its own (`siteconfig` warns when it cannot be read)."""
    kilde = normalise(text)
    result = read_yaml(kilde, rel)
    return Document(rel, "nettsted", result.data if isinstance(result.data, dict) else None, result.lines,
                    digest=text_key(rel, "nettsted", text), kilde=kilde)


def parse_markdown(text: str, rel: str, kind: Kind) -> Document:
    """Split front matter from body and read the front matter."""
    digest = text_key(rel, kind, text)
    kilde = normalise(text)
    lines = kilde.split("\n")
    if not lines or lines[0].rstrip() != "---":
        return Document(rel, kind, None, findings=(feil(
            "mangler-frontmatter", rel, 1, "",
            "Filen må starte med metadata mellom to linjer med «---» (front matter), f.eks. "
            "«---», «id: ...», «tittel: ...», «---»."),), kilde=kilde)
    end = next((i for i in range(1, len(lines)) if lines[i].rstrip() in ("---", "...")), None)
    if end is None:
        return Document(rel, kind, None, findings=(feil(
            "frontmatter-ikke-avsluttet", rel, 1, "",
            "Metadataene (front matter) er ikke avsluttet. Legg til en linje med bare «---» etter siste felt."),),
                        kilde=kilde)
    result = read_yaml("\n".join(lines[1:end]), rel, first_line=2)
    findings = list(result.findings)
    data = result.data
    if not findings and data is None:
        findings.append(feil("tom-frontmatter", rel, 1, "",
                             "Metadataene mellom «---»-linjene er tomme. Fyll inn id, tittel, versjon osv."))
    elif not findings and not isinstance(data, dict):
        findings.append(feil("frontmatter-ikke-tabell", rel, 2, "",
                             "Metadataene må være felt på formen «navn: verdi», én per linje."))
    body = "\n".join(lines[end + 1:])
    return Document(rel, kind, data if isinstance(data, dict) else None, result.lines,
                    body, end + 2, tuple(findings), digest, kilde)


def _read_text(root: Path, path: Path, rel: str, limit: int) -> tuple[str | None, Finding | None]:
    """Read a file as UTF-8 text with BOM and CRLF removed, or say why it cannot be read."""
    if not Path(os.path.realpath(path)).is_relative_to(Path(os.path.realpath(root))):  # the file, or its folder
        return None, feil("symlenke-utenfor", rel, None, "",
                          "Filen er en snarvei (symlenke) til noe utenfor håndboka, eller ligger i en mappe som er "
                          "det, og leses ikke. Erstatt den med en vanlig fil i en vanlig mappe.")
    try:
        info = path.stat()
        if not stat.S_ISREG(info.st_mode):  # a FIFO or device would block or never end
            return None, feil("ikke-vanlig-fil", rel, None, "",
                              "Dette er ikke en vanlig fil (en FIFO, en enhet eller en socket) og leses ikke. "
                              "Fjern den, eller erstatt den med en vanlig tekstfil.")
        size = info.st_size
        if size > limit:
            return None, feil("for-stor-fil", rel, None, "",
                              f"Filen er {size / 1_000_000:.1f} MB; grensen er {limit / 1_000_000:.0f} MB. "
                              "Del den opp eller fjern innlimte data og bilder.")
        raw = path.read_bytes()
    except FileNotFoundError:
        return None, feil("kan-ikke-lese", rel, None, "",
                          "Filen finnes ikke lenger (en snarvei som peker på en fil som mangler?). "
                          "Erstatt den med en vanlig fil eller fjern den.")
    except OSError as error:
        return None, feil("kan-ikke-lese", rel, None, "",
                          f"Kan ikke lese filen (feilkode {error.errno}). Sjekk at den er en vanlig fil du har "
                          "lesetilgang til.")
    if not raw.strip():
        return None, feil("tom-fil", rel, None, "", "Filen er tom. Fyll den inn eller fjern den.")
    if b"\x00" in raw:
        return None, feil("ikke-tekst", rel, None, "",
                          "Filen er ikke tekst (den ser ut som en binærfil). Lagre den som UTF-8-tekst.")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        return None, feil("ikke-utf8", rel, line, "",
                          "Filen er ikke lagret som UTF-8 (ofte æøå fra Windows-1252). Lagre den som UTF-8.")
    return text, None


def _relative(root: Path, path: Path) -> str:
    return unicodedata.normalize("NFC", path.relative_to(root).as_posix())
