"""Diff pages: "Hva er endret siden vi implementerte?" — a routine's text then and now, for each
version a site has implemented that is not the current one."""

from __future__ import annotations

from typing import Mapping

from .history import DiffLinje, Historikk, Sammenligning
from .markup import a, dato, esc, front_matter, liste, md_text, merknad
from .model import Rutine, Versjon
from .pageparts import diff_path, eldre_versjon, git_text, routine_path, shallow_warning, site_path
from .privacy import skjul_personnummer
from .status import RutineStatus, Status

Sammenligninger = Mapping[tuple[str, str], Sammenligning]


def onskede_versjoner(status: Status) -> dict[str, set[str]]:
    """Routine file -> the older versions some site has recorded for it (as the front matter writes
    them): the texts to read from git for the diffs the site links to."""
    return {rs.rutine.fil: {str(v) for v in older} for rs in status.rutiner if (older := _older_versions(rs))}


def diff_pages(status: Status, historikk: Historikk, sammenligninger: Sammenligninger) -> dict[str, str]:
    names = {s.sted.id: s.sted.navn for s in status.steder}
    return {diff_path(rs.rutine, versjon): diff_page(rs.rutine, versjon, [(s, names[s]) for s in steder], historikk,
                                                     sammenligninger.get((rs.rutine.fil, str(versjon))))
            for rs in status.rutiner for versjon, steder in _older_versions(rs).items()}


def _older_versions(rutine_status: RutineStatus) -> dict[Versjon, list[str]]:
    """Each version older than the current one that an applicable site has recorded -> those sites."""
    found: dict[Versjon, list[str]] = {}
    for cell in rutine_status.celler:
        older = eldre_versjon(cell, rutine_status.rutine)
        if older:
            found.setdefault(older, []).append(cell.sted)
    return found


def diff_page(rutine: Rutine, versjon: Versjon, steder: list[tuple[str, str]], historikk: Historikk,
              sammenligning: Sammenligning | None) -> str:
    page = diff_path(rutine, versjon)
    title = f"{rutine.tittel}: endret siden versjon {versjon}"
    sites = ", ".join(a(page, site_path(sted_id), navn) for sted_id, navn in steder)
    text = [front_matter(title, search=False), f"# {md_text(title)}", "",
            f'<p class="handbok-ingress">{_consequence(rutine, versjon)}</p>', "",
            f"<p>Implementert versjon {esc(versjon)}: {sites}.</p>", "",
            f'<p>{a(page, routine_path(rutine), f"Les gjeldende rutine (versjon {rutine.versjon})")}</p>', "",
            f"## Endringslogg siden versjon {md_text(str(versjon))}", "",
            liste(f"Versjon {esc(e.versjon)} ({dato(e.dato)}): {esc(e.endring)}"
                  for e in reversed(rutine.endringer_etter(versjon))) or "<p>Ingen oppføringer.</p>", "",
            "## Endringer i teksten", "", _text_changes(versjon, historikk, sammenligning)]
    return "\n".join(text).rstrip("\n") + "\n"


def _consequence(rutine: Rutine, versjon: Versjon) -> str:
    if rutine.versjon.er_major_endring_fra(versjon):
        return (f"Gjeldende versjon er {esc(rutine.versjon)}. Praksis er endret (ny MAJOR-versjon), så "
                "tjenestestedene under må implementere rutinen på nytt.")
    return (f"Gjeldende versjon er {esc(rutine.versjon)}. Endringene er språklige (MINOR-versjon); "
            "praksis er den samme, og ingen ny implementering trengs.")


def _text_changes(versjon: Versjon, historikk: Historikk, sammenligning: Sammenligning | None) -> str:
    if sammenligning is None:
        missing = merknad("info", "Teksten kan ikke sammenlignes",
                          f"Versjon {esc(versjon)} finnes ikke i git-historikken til dette bygget. "
                          "Endringsloggen over viser likevel hva som er endret.")
        warning = shallow_warning(historikk)
        return missing + ("\n\n" + warning if warning else "")
    intro = (f"<p>Fra teksten slik den ble godkjent {dato(sammenligning.fra.dato)} "
             f"({git_text(sammenligning.fra)}) til i dag. Linjer merket «Lagt til» er nye, «Fjernet» er tatt ut; "
             "uendrede linjer står uten merke.</p>")
    if not sammenligning.linjer:
        return intro + "\n\n<p>Teksten er ikke endret.</p>"
    lines = "\n".join(_line(linje) for linje in sammenligning.linjer)
    return (f'{intro}\n\n<div class="handbok-diff" role="region" aria-label="Endringer i teksten" tabindex="0">\n'
            f"{lines}\n</div>")


def _line(linje: DiffLinje) -> str:
    # Old texts were never checked by today's privacy guard: hide any identifier they may hold.
    content = esc(skjul_personnummer(linje.tekst)) or '<span class="handbok-diff__tom">(tom linje)</span>'
    if linje.type == "hopp":
        return f'<p class="handbok-diff__hopp">… {content} …</p>'
    if linje.type == "lagt-til":
        return (f'<p class="handbok-diff__linje handbok-diff__linje--lagt-til">'
                f'<span class="handbok-diff__merke">Lagt til</span> <ins>{content}</ins></p>')
    if linje.type == "fjernet":
        return (f'<p class="handbok-diff__linje handbok-diff__linje--fjernet">'
                f'<span class="handbok-diff__merke">Fjernet</span> <del>{content}</del></p>')
    return f'<p class="handbok-diff__linje">{content}</p>'
