"""Site texts: mkdocs.yml's texts, which the theme puts onto every page -> the documents' allow-list and identifier check.

The site's name and description, the copyright line, everything under `extra` and the navigation's
titles are written into every page by the theme as they are: the copyright as HTML. So each text (keys
too: a navigation title is a key) is judged by what it renders to as HTML — the sanitiser's verdict,
as for a document's text — and a link the theme follows (`extra.social`, `repo_url` …) must not run
code. The whole file, comments included, goes through the identifier and e-mail check (`privacy`).
Two settings decide what is read and written: the site's scripts and style sheets must be the
handbook's own files (the published site fetches nothing from another host), and the folders the
engine writes into must be inside the handbook and apart from its sources (the build replaces what
is there).
"""

from __future__ import annotations

from pathlib import Path, PurePosixPath
from typing import Any, Iterator

from ..core.findings import Finding, feil
from ..core.model import Innstillinger
from ..source.cache import Cache
from ..source.loading import Document, load_file
from ..source.siteconfig import CONFIG
from ..source.yamlread import Path_, field_name
from .privacy import check_privacy
from .safety import fjernet, is_remote, kjorer_kode

SOURCES = ("rutiner", "funksjonsbeskrivelser", "docs", "vedlegg", "statistikk", ".git", ".github", ".gitlab")
FOLDERS = ("docs_dir", "site_dir")  # what the engine reads the pages from and writes the site into
# Keys whose value the theme puts into a link or a source address.
LENKER = frozenset({"link", "homepage", "repo_url", "site_url", "edit_uri", "edit_uri_template", "url", "href", "src",
                    "logo", "favicon"})


def check_site_texts(root: Path, innstillinger: Innstillinger) -> Iterator[Finding]:
    path = root / CONFIG
    if not path.is_file() and not path.is_symlink():
        return
    doc = load_file(root, path, "nettsted", Cache(None))
    yield from doc.findings  # a link out of the handbook, a file too large or not UTF-8
    if doc.data is None:
        return  # unreadable: `siteconfig` says so, and the engine refuses it
    yield from check_privacy(doc, innstillinger)
    yield from _settings(doc)
    for where, text, is_key in _texts(doc.data):
        removed = fjernet(text) if "<" in text or "&" in text else []
        if removed:
            what = removed[0].hva + (f" (og {len(removed) - 1} ting til inni)" if len(removed) > 1 else "")
            yield _finding(doc, where, f"Teksten settes inn som HTML på hver side av nettstedet og blir til {what}. "
                                       "Det er ikke tillatt: skriv vanlig tekst.")
        elif not is_key and where[-1] in LENKER and kjorer_kode(text):
            yield _finding(doc, where, "Lenken kjører kode i nettleseren når noen følger den. Bruk en vanlig "
                                       "nettadresse (https://…) eller fjern den.")


def _settings(doc: Document) -> Iterator[Finding]:
    assert doc.data is not None
    for key in ("extra_javascript", "extra_css"):
        entries = doc.data.get(key)
        for index, entry in enumerate(entries if isinstance(entries, list) else []):
            address = entry if isinstance(entry, str) else entry.get("path") if isinstance(entry, dict) else None
            if isinstance(address, str) and is_remote(address):
                yield _finding(doc, (key, index), f"{address} hentes fra et annet nettsted på hver side, og "
                               "nettstedet henter ingenting fra andre nettsteder. Bruk håndbokas egne filer.",
                               "ekstern-kilde")
    for key in FOLDERS:
        folder = doc.data.get(key, "docs" if key == "docs_dir" else "site")  # MkDocs' defaults
        if isinstance(folder, str) and not _apart(folder):
            yield _finding(doc, (key,), f"{key}: «{folder}» må være en mappe inne i håndboka, utenom "
                               f"{', '.join(s + '/' for s in SOURCES[:5])} og .git/: byggingen erstatter det som "
                               "ligger der. Bruk standardverdien (build/docs og site).", "byggemappe")


def _apart(folder: str) -> bool:
    """Whether a folder the engine writes is inside the handbook, not the handbook itself and not a source."""
    parts = PurePosixPath(folder.replace("\\", "/")).parts
    if not parts or parts[0] == "/" or ".." in parts or ":" in parts[0]:
        return False
    clean = [part for part in parts if part != "."]
    return bool(clean) and clean[0] not in SOURCES


def _finding(doc: Document, where: Path_, melding: str, kode: str = "usikkert-innhold") -> Finding:
    return feil(kode, doc.fil, doc.line(*where), field_name(where), melding)


def _texts(value: Any, path: Path_ = ()) -> Iterator[tuple[Path_, str, bool]]:
    """Every text in mkdocs.yml with its path, keys included (a navigation title is a key): (path, text, key?)."""
    if isinstance(value, str):
        yield path, value, False
    elif isinstance(value, dict):
        for key, sub in value.items():
            yield (*path, key), key, True
            yield from _texts(sub, (*path, key))
    elif isinstance(value, list):
        for index, sub in enumerate(value):
            yield from _texts(sub, (*path, index))
