"""Pages: model + status (+ git history) -> plain Markdown pages for the site, independent of the engine.

`generate_pages` returns {relative path: text} for everything the site shows; `write_pages` puts
it into the build folder. The engine (MkDocs + Material today) only renders what is written here,
so switching engine cannot lose a page or a number. Status is never recomputed here: every count
comes from `status.beregn_status`, the one module the CLI uses too.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Mapping

from .audit import Kilde, audit_html
from .diffpages import Sammenligninger, diff_pages
from .history import Historikk
from .markup import Kolonne, a, dato, esc, front_matter, liste, md_text, tabell
from .model import Funksjon, Handbok, Rutine
from .pageparts import (audit_path, author_text, git_text, role_path, rolle_lenke,
                        routine_path, shallow_warning, site_path)
from .routinepage import routine_page
from .sitepages import site_page, status_files, status_page
from .status import Status

Pages = dict[str, str | bytes]

FORSIDE = "index.md"
RUTINER = "rutiner/index.md"
ROLLER = "roller/index.md"
STEDER = "tjenestesteder/index.md"
ARKIV = "arkiv/index.md"
ENDRINGER = "endringer/index.md"
NYTT_ANTALL = 8
ENDRINGER_ANTALL = 60
# Where the hand-written front page wants the generated parts; missing markers are appended.
MARKORER = ("sok", "nytt", "roller", "tjenestesteder")


@dataclass(frozen=True)
class GitData:
    """What the pages show from git: every file's history, the text diffs behind "Hva er endret?"
    (history.endret_siden for diffpages.onskede_versjoner) and the commit the site is built from."""

    historikk: Historikk
    sammenligninger: Sammenligninger
    kilde: Kilde


def generate_pages(handbok: Handbok, status: Status, git: GitData, today: date, source_docs: Path) -> Pages:
    """Every page of the site; hand-written files under `source_docs` are included as they are."""
    pages: Pages = dict(_hand_written(source_docs))
    intro = pages.pop(FORSIDE, None)
    pages[FORSIDE] = front_page(handbok, status, intro if isinstance(intro, str) else None)
    pages[RUTINER] = routine_index(handbok)
    pages[ROLLER] = role_index(handbok)
    pages[STEDER] = site_index(status)
    pages[ARKIV] = archive_index(handbok)
    pages[ENDRINGER] = changes_page(handbok, git.historikk)
    for rutine in handbok.rutiner.values():
        pages[routine_path(rutine)] = routine_page(handbok, status, git.historikk, rutine, today)
    for funksjon in handbok.funksjoner.values():
        pages[role_path(funksjon.id)] = role_page(handbok, funksjon)
    for sted in status.steder:
        pages[site_path(sted.sted.id)] = site_page(handbok, status, sted)
        pages[audit_path(sted.sted.id)] = audit_html(handbok, status, sted.sted.id, git.kilde)
    pages.update(diff_pages(status, git.historikk, git.sammenligninger))
    pages["status/index.md"] = status_page(status)
    pages.update(status_files(status))
    return pages


def write_pages(pages: Mapping[str, str | bytes], build_dir: Path) -> int:
    """Write only what changed and delete what is no longer generated, so `mkdocs serve`, which
    watches this folder, sees no change after a rebuild and does not loop. Returns files written."""
    build_dir.mkdir(parents=True, exist_ok=True)
    written = 0
    for rel, content in pages.items():
        data = content.encode("utf-8") if isinstance(content, str) else content
        target = build_dir / rel
        if target.is_file() and target.read_bytes() == data:
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
        written += 1
    _remove_stale(build_dir, set(pages))
    return written


def _remove_stale(build_dir: Path, keep: set[str]) -> None:
    for path in sorted(build_dir.rglob("*"), reverse=True):  # children before their folders
        rel = path.relative_to(build_dir).as_posix()
        if path.is_file() and rel not in keep:
            path.unlink()
        elif path.is_dir() and not any(path.iterdir()):
            path.rmdir()


def _hand_written(source_docs: Path) -> dict[str, str | bytes]:
    """docs/ as it is: Markdown as text (so it can be composed), anything else (images) as bytes."""
    if not source_docs.is_dir():
        return {}
    files: dict[str, str | bytes] = {}
    for path in sorted(source_docs.rglob("*")):
        rel = path.relative_to(source_docs).as_posix()
        if path.is_file() and not any(part.startswith(".") for part in rel.split("/")):
            files[rel] = path.read_text(encoding="utf-8") if path.suffix == ".md" else path.read_bytes()
    return files


# --- front page -----------------------------------------------------------------------------------

def front_page(handbok: Handbok, status: Status, intro: str | None) -> str:
    parts = {
        "sok": _search_form(),
        "nytt": "## Nytt og endret\n\n" + _news(handbok),
        "roller": "## Hva er mitt ansvar?\n\n" + _role_entry(handbok),
        "tjenestesteder": "## Tjenestestedene\n\n" + _site_entry(status),
    }
    # No title in front matter: the theme then names the home page by the site name alone.
    text = intro if intro is not None else "# Rutinehåndbok\n"
    for name in MARKORER:
        marker = f"<!-- handbok:{name} -->"
        text = text.replace(marker, parts[name]) if marker in text else text.rstrip("\n") + "\n\n" + parts[name]
    return text.rstrip("\n") + "\n"


def _search_form() -> str:
    """A real form: without JavaScript it still submits ?q=, which Material's search opens with."""
    return ('<form class="handbok-sok" role="search" action="./" method="get">\n'
            '<label for="handbok-sok-felt">Søk i rutiner og roller</label>\n'
            '<div class="handbok-sok__rad"><input id="handbok-sok-felt" name="q" type="search" '
            'autocomplete="off" placeholder="For eksempel legemidler eller fall">'
            '<button type="submit">Søk</button></div>\n</form>')


def _news(handbok: Handbok) -> str:
    """The newest approved changes: change-log entries of routines that are or were in force."""
    entries = [(e, r) for r in handbok.rutiner.values() if r.dokumentstatus in ("gjeldende", "utgaatt")
               for e in r.endringslogg]
    entries.sort(key=lambda pair: (pair[0].dato, pair[1].id), reverse=True)
    items = []
    for endring, rutine in entries[:NYTT_ANTALL]:
        note = " <strong>Ny praksis: tjenestestedene implementerer på nytt.</strong>" if rutine.ny_praksis(endring) else ""
        items.append(f"{dato(endring.dato)}: {a(FORSIDE, routine_path(rutine), rutine.tittel)} "
                     f"(versjon {esc(endring.versjon)}) – {esc(endring.endring)}{note}")
    more = f'\n\n<p>{a(FORSIDE, ENDRINGER, "Alle endringer")}</p>'
    return (liste(items) or "<p>Ingen godkjente endringer ennå.</p>") + more


def _role_entry(handbok: Handbok) -> str:
    roles = sorted(handbok.funksjoner.values(), key=lambda f: f.tittel.lower())
    items = [a(FORSIDE, role_path(f.id), f.tittel) for f in roles]
    return "<p>Velg rollen din for å se hva du har ansvar for i hver rutine.</p>\n" + liste(items)


def _site_entry(status: Status) -> str:
    items = [a(FORSIDE, f"tjenestesteder/{s.sted.id}.md", s.sted.navn) for s in status.steder]
    return (liste(items) or "<p>Ingen tjenestesteder er registrert.</p>") + \
        f'\n\n<p>{a(FORSIDE, "status/index.md", "Implementeringsstatus for alle tjenestesteder")}</p>'


# --- index pages ----------------------------------------------------------------------------------

def routine_index(handbok: Handbok) -> str:
    """All routines in one sortable table: with hundreds of routines a navigation tree would be
    rendered into every page, so the nav stays short and this page, links and search do the work."""
    page = RUTINER
    current = sorted((r for r in handbok.rutiner.values() if r.gjeldende), key=lambda r: r.tittel.lower())
    drafts = sorted((r for r in handbok.rutiner.values() if r.dokumentstatus in ("utkast", "hoering")),
                    key=lambda r: r.tittel.lower())
    rows = [[_title_cell(page, r), esc(r.versjon), rolle_lenke(handbok, page, r.eier), dato(r.revideres_innen),
             esc(", ".join(r.kategorier))] for r in current]
    text = [front_matter("Rutiner", search=False), "# Rutiner", "",
            f"<p>{len(current)} gjeldende rutiner. Trykk på en kolonneoverskrift for å sortere.</p>", "",
            tabell("Gjeldende rutiner", [Kolonne("Rutine", True), Kolonne("Versjon", True),
                                         Kolonne("Eier", True), Kolonne("Revideres innen", True),
                                         Kolonne("Kategorier", True)], rows)]
    if drafts:
        draft_rows = [[_title_cell(page, r), esc(r.dokumentstatus.tekst), esc(r.versjon)]
                      for r in drafts]
        text += ["", "## Under arbeid", "", "<p>Disse rutinene er ikke gjeldende ennå.</p>", "",
                 tabell("Rutiner under arbeid", [Kolonne("Rutine"), Kolonne("Dokumentstatus"), Kolonne("Versjon")],
                        draft_rows)]
    text += ["", f'<p>{a(page, ARKIV, "Utgåtte rutiner ligger i arkivet.")}</p>']
    return "\n".join(text) + "\n"


def _title_cell(page: str, rutine: Rutine) -> str:
    summary = f'<br><span class="handbok-sammendrag">{esc(rutine.sammendrag)}</span>' if rutine.sammendrag else ""
    return a(page, routine_path(rutine), rutine.tittel) + summary


def role_index(handbok: Handbok) -> str:
    page = ROLLER
    roles = sorted(handbok.funksjoner.values(), key=lambda f: f.tittel.lower())
    counts = {f.id: sum(1 for r, _ in handbok.ansvar_for(f.id) if r.gjeldende) for f in roles}
    rows = [[a(page, role_path(f.id), f.tittel), esc(f.formaal),
             rolle_lenke(handbok, page, f.rapporterer_til) if f.rapporterer_til else "–", str(counts[f.id])]
            for f in roles]
    return "\n".join([
        front_matter("Roller", search=False), "# Roller", "",
        "<p>Funksjonsbeskrivelsene: hva hver rolle har ansvar for, og i hvilke rutiner.</p>", "",
        tabell("Roller", [Kolonne("Rolle", True), Kolonne("Formål"), Kolonne("Rapporterer til", True),
                          Kolonne("Rutiner med ansvar", True)], rows),
    ]) + "\n"


def site_index(status: Status) -> str:
    page = STEDER
    rows = [[a(page, f"tjenestesteder/{s.sted.id}.md", s.sted.navn),
             f"{s.antall_implementert} av {s.antall_rutiner}", str(len(s.forsinket)), str(len(s.ma_oppdateres))]
            for s in status.steder]
    return "\n".join([
        front_matter("Tjenestesteder", search=False), "# Tjenestesteder", "",
        tabell("Tjenestesteder", [Kolonne("Tjenestested", True), Kolonne("Implementert", True),
                                  Kolonne("Forsinket", True), Kolonne("Må oppdateres", True)], rows), "",
        f'<p>{a(page, "status/index.md", "Se implementeringsstatus for alle rutiner")}</p>',
    ]) + "\n"


def archive_index(handbok: Handbok) -> str:
    page = ARKIV
    old = sorted((r for r in handbok.rutiner.values() if r.dokumentstatus == "utgaatt"),
                 key=lambda r: r.tittel.lower())
    rows = [[a(page, routine_path(r), r.tittel), esc(r.versjon), dato(r.godkjent_dato),
             _replacement(handbok, page, r)] for r in old]
    body = (tabell("Utgåtte rutiner", [Kolonne("Rutine", True), Kolonne("Siste versjon"),
                                       Kolonne("Godkjent"), Kolonne("Erstattet av")], rows)
            if rows else "<p>Ingen rutiner er utgått.</p>")
    return "\n".join([front_matter("Arkiv", search=False), "# Arkiv", "",
                      "<p>Utgåtte rutiner gjelder ikke lenger. De ligger her for sporbarhet.</p>", "", body]) + "\n"


def _replacement(handbok: Handbok, page: str, rutine: Rutine) -> str:
    new = handbok.rutiner.get(rutine.erstattet_av or "")
    if new is None:
        return esc(rutine.erstattet_av or "–")
    return a(page, routine_path(new), new.tittel)


# --- changes ---------------------------------------------------------------------------------------

def changes_page(handbok: Handbok, historikk: Historikk) -> str:
    page = ENDRINGER
    entries = [(e, r) for r in handbok.rutiner.values() if r.dokumentstatus in ("gjeldende", "utgaatt")
               for e in r.endringslogg]
    entries.sort(key=lambda pair: (pair[0].dato, pair[1].id), reverse=True)
    rows = [[dato(e.dato), a(page, routine_path(r), r.tittel), esc(e.versjon), esc(e.endring)]
            for e, r in entries[:ENDRINGER_ANTALL]]
    text = [front_matter("Siste endringer", search=False), "# Siste endringer", "",
            "## Godkjente endringer i rutinene", "",
            tabell("Godkjente endringer, nyeste først",
                   [Kolonne("Dato"), Kolonne("Rutine"), Kolonne("Versjon"), Kolonne("Endring")], rows,
                   rad_overskrift=False),
            "", "## Endringer i håndboka", "", git_changes(handbok, historikk, page)]
    return "\n".join(text) + "\n"


def git_changes(handbok: Handbok, historikk: Historikk, page: str) -> str:
    """Every landed change to a routine, role or the plan, newest first, one row per change."""
    if not historikk.tilgjengelig:
        return "<p>Endringshistorikken fra git er ikke tilgjengelig i denne byggingen.</p>"
    names = {r.fil: (routine_path(r), r.tittel) for r in handbok.rutiner.values()}
    names.update({f.fil: (role_path(f.id), f.tittel) for f in handbok.funksjoner.values()})
    changes = [(change, fil) for fil, per_fil in historikk.per_fil.items() for change in per_fil]
    changes.sort(key=lambda pair: (pair[0].dato, pair[1]), reverse=True)
    rows = []
    for change, fil in changes[:ENDRINGER_ANTALL]:
        target = names.get(fil)
        where = a(page, target[0], target[1]) if target else esc(fil)
        rows.append([dato(change.dato), where, git_text(change)])
    warning = shallow_warning(historikk)
    table = tabell("Endringer i git, nyeste først", [Kolonne("Dato"), Kolonne("Hva"), Kolonne("Endring")], rows,
                   rad_overskrift=False) if rows else "<p>Ingen endringer funnet.</p>"
    return (warning + "\n\n" if warning else "") + table


# --- roles ----------------------------------------------------------------------------------------

def role_page(handbok: Handbok, funksjon: Funksjon) -> str:
    page = role_path(funksjon.id)
    text = [front_matter(funksjon.tittel), f"# {md_text(funksjon.tittel)}", ""]
    if funksjon.rapporterer_til:
        text += [f"<p>Rapporterer til: {rolle_lenke(handbok, page, funksjon.rapporterer_til)}</p>", ""]
    below = sorted((f for f in handbok.funksjoner.values() if f.rapporterer_til == funksjon.id),
                   key=lambda f: f.tittel.lower())
    if below:
        text += ["<p>Rapporterer hit: " + ", ".join(a(page, role_path(f.id), f.tittel) for f in below) + "</p>", ""]
    text += ["## Formål", "", f"<p>{esc(funksjon.formaal)}</p>", "", "## Ansvar", "",
             liste(esc(x) for x in funksjon.ansvar), ""]
    if funksjon.kompetansekrav:
        text += ["## Kompetansekrav", "", liste(esc(x) for x in funksjon.kompetansekrav), ""]
    body = author_text(funksjon.tekst)
    if body:
        text += [body, ""]
    text += ["## Rutiner der du har ansvar", "", _responsibilities(handbok, page, funksjon), ""]
    owned = sorted((r for r in handbok.rutiner.values() if r.eier == funksjon.id and r.dokumentstatus != "utgaatt"),
                   key=lambda r: r.tittel.lower())
    if owned:
        text += ["## Rutiner du eier", "", "<p>Eieren holder rutinen oppdatert og foreslår endringer.</p>",
                 liste(a(page, routine_path(r), r.tittel) for r in owned), ""]
    return "\n".join(text).rstrip("\n") + "\n"


def _responsibilities(handbok: Handbok, page: str, funksjon: Funksjon) -> str:
    """Derived from the routines' `ansvar`, never typed twice (DESIGN.md)."""
    pairs = sorted(handbok.ansvar_for(funksjon.id), key=lambda pair: pair[0].tittel.lower())
    current = [[a(page, routine_path(r), r.tittel), esc(text)] for r, text in pairs if r.gjeldende]
    coming = [f"{a(page, routine_path(r), r.tittel)} ({esc(r.dokumentstatus.tekst.lower())}): "
              f"{esc(text)}" for r, text in pairs if r.dokumentstatus in ("utkast", "hoering")]
    out = tabell(f"Ansvaret til {funksjon.tittel.lower()} i gjeldende rutiner",
                 [Kolonne("Rutine", True), Kolonne("Ansvaret ditt")], current) if current else \
        "<p>Rollen har ikke ansvar i noen gjeldende rutine.</p>"
    if coming:
        out += "\n\n<p>I rutiner som ikke er gjeldende ennå:</p>\n" + liste(coming)
    return out
