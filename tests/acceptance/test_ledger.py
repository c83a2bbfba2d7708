"""The ledger (issue 22): stories told step by step, each step committed on its day in a real git repository.

A routine is implemented, evaluated, corrected, changed to a new MAJOR and implemented again; a role
description is implemented at two sites; a site steps back. The checks: a re-implementation is not late at
once, the audit as of a day in between shows what was true then and nothing later, the later audit keeps the
whole history, a partial evaluation is refused and changes nothing, rewriting the past fails pr-sjekk, and
pr-sjekk fails whenever sjekk does.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from conftest import copy_base, git, run

ROUTINE = "rutiner/legemidler.md"
NORD = "implementering/nord.yaml"
SOR = "implementering/sor.yaml"


def legemidler(*versions: tuple[str, str, str]) -> str:
    """The routine at its newest (versjon, dato, endring); the approval date is the newest entry's."""
    versjon, dato, _ = versions[-1]
    log = "".join(f'  - {{versjon: "{v}", dato: {d}, endring: "{e}"}}\n' for v, d, e in versions)
    return (f"---\nid: legemidler\ntittel: Legemidler\nversjon: \"{versjon}\"\ndokumentstatus: gjeldende\n"
            f"eier: sykepleier\ngodkjent_av: Implementeringsteamet\ngodkjent_dato: {dato}\nrevideres_innen: 2028-01-01\n"
            "gjelder_for: [alle]\nansvar:\n  sykepleier: Gir legemidler etter legemiddellisten.\n"
            f"endringslogg:\n{log}---\n## Formål\n\nRiktig legemiddel til rett bruker.\n")


V1 = ("1.0", "2025-01-10", "Første versjon")
V2 = ("2.0", "2025-09-01", "Dobbeltkontroll av høyrisikolegemidler")


def handbook(tmp_path: Path) -> Path:
    root = copy_base(tmp_path, "repo")
    (root / ROUTINE).write_text(legemidler(V1), encoding="utf-8")
    plan = root / "implementeringsplan.yaml"
    plan.write_text(plan.read_text(encoding="utf-8").replace(
        "    rutiner: [fallforebygging, avviksmelding]\n",
        "    rutiner: [fallforebygging, avviksmelding, legemidler]\n    funksjonsbeskrivelser: [helsefagarbeider]\n"),
        encoding="utf-8")
    git(root, "init", "-q")
    commit(root, "2025-01-15", "Håndboka")
    return root


def commit(root: Path, day: str, message: str) -> None:
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", message, date=f"{day}T12:00:00+01:00")


def step(root: Path, day: str, *args: str, committed: str | None = None) -> str:
    """One command on its day, committed that day (or on the day `committed` names: recorded later)."""
    code, out, err = run("--rot", str(root), *args, "--dato", day)
    assert code == 0, out + err
    commit(root, committed or day, " ".join(args))
    return out


def audit(root: Path, sted: str, day: str) -> str:
    code, out, err = run("--rot", str(root), "tilsyn", sted, "--dato", day)
    assert code == 0, err
    return out


def site_status(root: Path, day: str, sted: str = "nord") -> dict:
    code, out, _ = run("--rot", str(root), "status", "--format", "json", "--dato", day)
    assert code == 0
    return next(s for s in json.loads(out)["tjenestesteder"] if s["id"] == sted)


def story(root: Path) -> Path:
    """Nord implements legemidler 1.0, evaluates it, opens a tiltak; 2.0 is approved; Nord starts and
    implements 2.0, closes the tiltak after the change and evaluates 2.0."""
    step(root, "2025-03-03", "registrer", "nord", "legemidler", "--status", "implementert",
         "--hvordan", "Opplæring på personalmøtet i februar.")
    step(root, "2025-06-02", "evaluer", "nord", "legemidler", "--svar", "kjent=4", "fungerer=2",
         "--merknad", "Dobbeltkontroll mangler på kveld.")
    step(root, "2025-06-10", "tiltak", "nord", "legemidler", "--beskrivelse", "Kveldsvakten får en fast kontrollør.",
         "--ansvarlig", "avdelingsleder", "--frist", "2025-12-01")
    (root / ROUTINE).write_text(legemidler(V1, V2), encoding="utf-8")
    commit(root, "2025-09-01", "Legemidler 2.0")
    step(root, "2025-10-06", "registrer", "nord", "legemidler", "--status", "i-gang", "--versjon", "2.0",
         "--hvordan", "Opplæring i ny dobbeltkontroll.")
    step(root, "2025-11-03", "registrer", "nord", "legemidler", "--status", "implementert", "--versjon", "2.0",
         "--hvordan", "To sykepleiere kontrollerer høyrisikolegemidler.")
    step(root, "2025-11-10", "tiltak", "nord", "legemidler", "--lukk", "t1", "--resultat", "Fast kontrollør på kveld.")
    step(root, "2025-12-01", "evaluer", "nord", "legemidler", "--svar", "kjent=5", "fungerer=4")
    return root


@pytest.fixture
def told(tmp_path: Path) -> Path:
    return story(handbook(tmp_path))


def test_every_step_is_an_entry_and_nothing_is_overwritten(told: Path) -> None:
    text = (told / NORD).read_text(encoding="utf-8")
    kinds = re.findall(r"hendelse: (\S+)", text.split("  legemidler:\n", 1)[1])
    assert kinds == ["implementert", "evaluert", "tiltak", "i-gang", "implementert", "tiltak-lukket", "evaluert"]
    assert "Opplæring på personalmøtet i februar." in text and "To sykepleiere kontrollerer" in text
    assert git(told, "log", "--format=%ad", "--date=short", "-1") == "2025-12-01\n"


def test_a_re_implementation_is_not_late_at_once(told: Path) -> None:
    # 2.0 approved 2025-09-01; the phase deadline (2025-06-30) has passed, but nord implemented 1.0 before:
    # it must re-implement within the plan's default 90 days, so it is late only after 2025-11-30.
    on_approval = site_status(told, "2025-09-02")
    assert "legemidler" in on_approval["ma_oppdateres"] and "legemidler" not in on_approval["forsinket"]
    again = {r["id"]: r for r in on_approval["reimplementering"]}
    assert again["legemidler"] == {"id": "legemidler", "frist": "2025-11-30", "forsinket": False}
    git(told, "checkout", "-q", "-b", "uten-2-0", git(told, "rev-list", "-1", "--before=2025-10-01", "HEAD").strip())
    late = site_status(told, "2025-12-01")  # had nord not started 2.0, it would be late the day after the deadline
    assert "legemidler" in late["forsinket"] and {r["id"]: r for r in late["reimplementering"]}["legemidler"]["forsinket"]
    code, out, _ = run("--rot", str(told), "status", "--tjenestested", "nord", "--dato", "2025-10-01")
    assert "Må oppdateres: Legemidler (endret siden versjon 1.0, implementeres innen 30.11.2025)" in out


def test_the_re_implemented_site_is_on_time(told: Path) -> None:
    now = site_status(told, "2025-12-15")
    assert "legemidler" not in now["forsinket"] and "legemidler" not in now["ma_oppdateres"]
    assert "legemidler" not in {r["id"] for r in now["reimplementering"]}


def test_the_audit_as_of_a_day_in_between_shows_only_what_was_true_then(told: Path) -> None:
    html = audit(told, "nord", "2025-07-01")
    story_part = html.split("<h2>Historikk per dokument</h2>", 1)[1]
    legemidler_part = story_part.split("<h3>Legemidler</h3>", 1)[1].split("<h3>", 1)[0]
    assert "Versjon 1.0" in legemidler_part and "Dobbeltkontroll mangler på kveld." in legemidler_part
    assert "Kveldsvakten får en fast kontrollør." in legemidler_part
    row = re.search(r'<th scope="row">Legemidler</th>.*?</tr>', html, re.S)
    assert row and "Evaluert" in row.group(0) and "versjon 1.0, implementert" in row.group(0)
    version_2 = re.compile(r"(?<![\d.])2\.0(?![\d.])")  # not approved yet that day
    assert not version_2.search(legemidler_part) and not version_2.search(row.group(0))
    for later in ("To sykepleiere kontrollerer", "Opplæring i ny dobbeltkontroll", "Fast kontrollør på kveld",
                  "Dobbeltkontroll av høyrisikolegemidler"):
        assert later not in html, later
    days = re.findall(r'<time datetime="(\d{4}-\d{2}-\d{2})"', story_part.split("<h2>Evalueringer</h2>")[0])
    facts = [d for d in days if d not in ("2025-12-01",)]  # the tiltak's deadline is a deadline, not a fact
    assert facts and max(facts) <= "2025-07-01", days
    head = html.split("<h2>Sammendrag</h2>", 1)[0]  # not even the day the handbook was last saved (01.12.2025)
    assert "2025-12-01" not in head and "det håndboka hadde registrert til og med" in head


def test_the_later_audit_keeps_the_whole_history_with_its_evidence(told: Path) -> None:
    html = audit(told, "nord", "2025-12-15")
    part = html.split("<h3>Legemidler</h3>", 1)[1].split("<h3>", 1)[0]
    assert part.index("Versjon 1.0") < part.index("Versjon 2.0")
    v1, v2 = part.split("Versjon 2.0", 1)
    assert "Opplæring på personalmøtet i februar." in v1 and "Dobbeltkontroll mangler på kveld." in v1
    assert "Kveldsvakten får en fast kontrollør." in v1 and "Fast kontrollør på kveld." in v1  # closed after 2.0
    assert "i gang" in v2 and "To sykepleiere kontrollerer høyrisikolegemidler." in v2
    assert '<th scope="row">Rutinen fungerer i praksis.</th><td>4</td>' in v2
    first = git(told, "log", "--format=%h", "-1", "--before=2025-03-04T00:00:00+01:00").strip()  # the step of 03.03
    assert f'(lagret <time datetime="2025-03-03">03.03.2025</time>, commit {first})' in v1
    assert not re.search(r"\b[0-9a-f]{40}\b", html)
    row = re.search(r'<th scope="row">Legemidler</th>.*?</tr>', html, re.S)
    assert row and "Evaluert" in row.group(0) and "versjon 2.0, implementert" in row.group(0)


def test_a_backdated_entry_stands_on_its_day_without_a_later_commit_shown(told: Path) -> None:
    # Recorded on 2025-12-20 with the date 2025-06-20: on 2025-07-01 it had happened, but was not yet written down.
    step(told, "2025-06-20", "tiltak", "nord", "fallforebygging", "--beskrivelse", "Etterregistrert tiltak.",
         "--ansvarlig", "avdelingsleder", "--frist", "2025-08-01", committed="2025-12-20")
    july, december = audit(told, "nord", "2025-07-01"), audit(told, "nord", "2025-12-21")
    assert "Etterregistrert tiltak." in july and "Etterregistrert tiltak." in december
    assert '(lagret <time datetime="2025-12-20">' not in july  # a document dated 1 July names no later commit
    assert re.search(r"Etterregistrert tiltak\..*?\(lagret <time datetime=\"2025-12-20\">", december, re.S)
    assert "Etterregistrert tiltak." not in audit(told, "nord", "2025-06-19")  # not yet happened
    (told / "implementering" / "nord.yaml").write_text((told / NORD).read_text(encoding="utf-8") + (
        "    - dato: 2025-06-21\n      hendelse: tiltak\n      id: t9\n      beskrivelse: \"Ikke lagret ennå.\"\n"
        "      ansvarlig: avdelingsleder\n      frist: 2025-09-01\n"), encoding="utf-8")
    assert "Ikke lagret ennå." in audit(told, "nord", "2025-07-01")  # not committed: it counts by its own date


def test_a_partial_evaluation_is_refused_and_changes_nothing(told: Path) -> None:
    before = (told / NORD).read_bytes()
    code, out, err = run("--rot", str(told), "evaluer", "nord", "legemidler", "--svar", "kjent=4", "--dato", "2025-12-10")
    assert code == 1 and out == "" and err.count("\n") == 1
    assert "svar mangler på fungerer" in err and "Ingenting er registrert" in err
    assert (told / NORD).read_bytes() == before


def test_vet_ikke_is_an_answer_only_where_the_form_allows_it(told: Path) -> None:
    code, _, err = run("--rot", str(told), "evaluer", "nord", "legemidler", "--svar", "kjent=4", "fungerer=vet-ikke",
                       "--dato", "2025-12-10")
    assert code == 1 and "tillater ikke «vet-ikke» på fungerer" in err
    plan = told / "implementeringsplan.yaml"
    plan.write_text(plan.read_text(encoding="utf-8").replace("  skala: {min: 1, maks: 5}\n",
                                                             "  skala: {min: 1, maks: 5}\n  vet_ikke: true\n"),
                    encoding="utf-8")
    step(told, "2025-12-10", "evaluer", "nord", "legemidler", "--svar", "kjent=4", "fungerer=vet-ikke")
    assert "svar: {kjent: 4, fungerer: vet-ikke}" in (told / NORD).read_text(encoding="utf-8")
    assert '<td>vet ikke</td>' in audit(told, "nord", "2025-12-15")


def branch(root: Path) -> None:
    git(root, "checkout", "-q", "-b", "endring")


def pr_sjekk(root: Path) -> tuple[int, list[dict]]:
    code, out, _ = run("--rot", str(root), "pr-sjekk", "--base", "main", "--format", "json")
    return code, json.loads(out)["funn"]


def sjekk(root: Path) -> tuple[int, list[dict]]:
    code, out, _ = run("--rot", str(root), "sjekk", "--format", "json")
    return code, json.loads(out)["funn"]


@pytest.mark.parametrize("old, new", [
    ("    - dato: 2025-03-03\n      hendelse: implementert\n", "    - dato: 2025-02-03\n      hendelse: implementert\n"),
    ("      hvordan: \"Opplæring på personalmøtet i februar.\"\n", "      hvordan: \"Opplæring for alle.\"\n"),
    ("      svar: {kjent: 4, fungerer: 2}\n", "      svar: {kjent: 4, fungerer: 4}\n"),
])
def test_rewriting_the_past_fails_pr_sjekk_and_names_the_entry(told: Path, old: str, new: str) -> None:
    branch(told)
    text = (told / NORD).read_text(encoding="utf-8")
    assert old in text
    (told / NORD).write_text(text.replace(old, new, 1), encoding="utf-8")
    commit(told, "2025-12-20", "Rett historikken")
    code, found = pr_sjekk(told)
    assert code == 1
    rewritten = [f for f in found if f["kode"] == "pr-endret-hendelse"]
    assert len(rewritten) == 1 and rewritten[0]["fil"] == NORD and rewritten[0]["linje"]
    assert "for nord / legemidler" in rewritten[0]["melding"]


def test_removing_or_moving_an_entry_fails_pr_sjekk(told: Path) -> None:
    branch(told)
    text = (told / NORD).read_text(encoding="utf-8")
    tiltak = re.search(r"    - dato: 2025-06-10\n(      .*\n)+", text)
    assert tiltak
    (told / NORD).write_text(text.replace(tiltak.group(0), ""), encoding="utf-8")
    commit(told, "2025-12-20", "Fjern tiltaket")
    code, found = pr_sjekk(told)
    assert code == 1 and [f["kode"] for f in found if f["kode"].startswith("pr-")] == ["pr-slettet-hendelse"]
    assert "«tiltak t1» 10.06.2025" in found[-1]["melding"] or any("«tiltak t1» 10.06.2025" in f["melding"] for f in found)
    moved = text.replace(tiltak.group(0), "")
    moved = moved.rstrip("\n") + "\n" + tiltak.group(0)  # the same entry, now last
    (told / NORD).write_text(moved, encoding="utf-8")
    commit(told, "2025-12-21", "Flytt tiltaket")
    code, found = pr_sjekk(told)
    assert code == 1 and "pr-flyttet-hendelse" in [f["kode"] for f in found]


def test_appending_entries_passes_pr_sjekk(told: Path) -> None:
    branch(told)
    step(told, "2025-12-20", "evaluer", "nord", "legemidler", "--svar", "kjent=5", "fungerer=5")
    step(told, "2025-12-21", "registrer", "sor", "legemidler", "--status", "planlagt", "--hvordan", "Fagdag i januar.")
    code, found = pr_sjekk(told)
    assert code == 0, found


def test_a_hand_written_partial_evaluation_fails_pr_sjekk(told: Path) -> None:
    branch(told)
    with (told / NORD).open("a", encoding="utf-8") as handle:
        handle.write("    - dato: 2025-12-20\n      hendelse: evaluert\n      versjon: \"2.0\"\n      svar: {kjent: 3}\n")
    commit(told, "2025-12-20", "Halv evaluering")
    assert sjekk(told)[0] == 0  # sjekk cannot know which questions the form had when an old evaluation was made
    code, found = pr_sjekk(told)
    assert code == 1 and [f["kode"] for f in found if f["alvor"] == "feil"] == ["pr-ufullstendig-evaluering"]
    assert "svar mangler på fungerer" in found[-1]["melding"] or any("fungerer" in f["melding"] for f in found)


@pytest.mark.parametrize("path, old, new", [
    (ROUTINE, 'versjon: "2.0"', "versjon: 2.0"),  # a float to YAML: sjekk's tvetydig-verdi
    (NORD, "      hendelse: i-gang\n", "      hendelse: igang\n"),
    ("implementeringsplan.yaml", "    - {id: kjent,", "    - {id: Kjent,"),
])
def test_pr_sjekk_fails_whenever_sjekk_does_with_the_same_findings(told: Path, path: str, old: str, new: str) -> None:
    branch(told)
    text = (told / path).read_text(encoding="utf-8")
    assert old in text
    (told / path).write_text(text.replace(old, new, 1), encoding="utf-8")
    commit(told, "2025-12-20", "Feil")
    code, found = sjekk(told)
    assert code == 1
    pr_code, pr_found = pr_sjekk(told)
    assert pr_code == 1
    errors = [(f["kode"], f["fil"], f["linje"], f["felt"]) for f in found if f["alvor"] == "feil"]
    assert set(errors) <= {(f["kode"], f["fil"], f["linje"], f["felt"]) for f in pr_found}


# --- more than one site, role descriptions, a step back -----------------------------------------------------


def test_two_sites_and_a_role_description_with_its_own_re_implementation_period(tmp_path: Path) -> None:
    root = handbook(tmp_path)
    step(root, "2025-02-03", "registrer", "sor", "helsefagarbeider", "--status", "implementert",
         "--hvordan", "Gjennomgått på personalmøtet.")
    step(root, "2025-05-05", "evaluer", "sor", "helsefagarbeider", "--svar", "kjent=4", "fungerer=4")
    role = root / "funksjonsbeskrivelser" / "helsefagarbeider.md"
    role.write_text(role.read_text(encoding="utf-8").replace('versjon: "1.0"', 'versjon: "2.0"', 1).replace(
        "godkjent_dato: 2025-01-01", "godkjent_dato: 2025-08-01").replace(
        '  - {versjon: "1.0", dato: 2025-01-01, endring: "Første versjon"}\n',
        '  - {versjon: "1.0", dato: 2025-01-01, endring: "Første versjon"}\n'
        '  - {versjon: "2.0", dato: 2025-08-01, endring: "Primærkontakt for stabile brukere", '
        'reimplementering_innen_dager: 30}\n'), encoding="utf-8")
    commit(root, "2025-08-01", "Helsefagarbeider 2.0")
    assert sjekk(root)[0] == 0
    sor = site_status(root, "2025-08-20", "sor")
    assert sor["funksjonsbeskrivelser_ma_oppdateres"] == ["helsefagarbeider"]
    assert sor["funksjonsbeskrivelser_forsinket"] == []
    assert sor["reimplementering"] == [{"id": "helsefagarbeider", "frist": "2025-08-31", "forsinket": False}]
    assert site_status(root, "2025-09-01", "sor")["funksjonsbeskrivelser_forsinket"] == ["helsefagarbeider"]
    # Nord never implemented it: the phase's deadline (2025-06-30) is the one that applies.
    nord = site_status(root, "2025-08-20", "nord")
    assert nord["funksjonsbeskrivelser_forsinket"] == ["helsefagarbeider"]
    assert "helsefagarbeider" not in {r["id"] for r in nord["reimplementering"]}
    step(root, "2025-08-25", "registrer", "sor", "helsefagarbeider", "--status", "implementert", "--versjon", "2.0")
    assert site_status(root, "2025-09-01", "sor")["funksjonsbeskrivelser_forsinket"] == []
    html = audit(root, "sor", "2025-09-01")
    part = html.split("<h3>Helsefagarbeider (funksjonsbeskrivelse)</h3>", 1)[1]
    assert part.index("Versjon 1.0") < part.index("Versjon 2.0")
    assert "Gjennomgått på personalmøtet." in part.split("Versjon 2.0")[0]


def test_a_step_back_is_an_entry_with_its_reason(told: Path) -> None:
    code, _, err = run("--rot", str(told), "registrer", "nord", "legemidler", "--status", "i-gang", "--dato", "2025-12-05")
    assert code == 1 and "steg tilbake" in err
    step(told, "2025-12-05", "registrer", "nord", "legemidler", "--status", "i-gang", "--tilbake",
         "--grunn", "Nye vikarer uten opplæring.")
    text = (told / NORD).read_text(encoding="utf-8")
    assert text.endswith("      hendelse: tilbake\n      versjon: \"2.0\"\n      status: i-gang\n"
                         "      grunn: \"Nye vikarer uten opplæring.\"\n")
    cell = site_status(told, "2025-12-06")
    assert cell["per_status"]["i-gang"] >= 1 and "legemidler" not in cell["ma_oppdateres"]
    html = audit(told, "nord", "2025-12-06")
    assert "satt tilbake til i gang. Grunn: Nye vikarer uten opplæring." in html
    row = re.search(r'<th scope="row">Legemidler</th>.*?</tr>', html, re.S)
    assert row and ">I gang<" in row.group(0) and "i gang med versjon 2.0" in row.group(0)
    assert "implementert 03.11.2025" not in row.group(0)  # the status and what it says were implemented agree


# --- the old form: read as a history of one, moved by one command ---------------------------------------------

OLD_PLAN_SECTION = """implementering:
  # Nord tok fall først.
  nord:
    fallforebygging:
      status: evaluert   # etter fagdag
      versjon: "1.0"
      dato: 2025-03-01
      hvordan: Gjennomgått på personalmøte.
      evalueringer:
        - dato: 2025-05-01
          svar: {kjent: 4, fungerer: 3}
          merknad: Bra start.
      tiltak:
        - {id: t1, beskrivelse: Repetere., ansvarlig: avdelingsleder, frist: 2025-09-01, status: lukket,
           opprettet: 2025-05-10, lukket_dato: 2025-08-20, resultat: Repetert.}
  sor:
    fallforebygging: {status: i-gang, versjon: "1.1", dato: 2025-04-01}
"""


@pytest.fixture
def old_form(tmp_path: Path) -> Path:
    root = copy_base(tmp_path, "repo")
    for name in ("nord", "sor"):
        (root / "implementering" / f"{name}.yaml").unlink()
    plan = root / "implementeringsplan.yaml"
    plan.write_text(plan.read_text(encoding="utf-8") + OLD_PLAN_SECTION, encoding="utf-8")
    git(root, "init", "-q")
    commit(root, "2025-09-01", "Gammel form")
    return root


def test_an_old_plan_still_reads_and_sjekk_says_how_to_move_it(old_form: Path) -> None:
    code, found = sjekk(old_form)
    assert code == 0 and [(f["kode"], f["fil"]) for f in found] == [("historikk-gammel-form", "implementeringsplan.yaml")]
    assert "handbok flytt-historikk" in found[0]["melding"]
    nord = site_status(old_form, "2025-09-02")
    assert nord["per_status"]["evaluert"] == 1 and nord["tiltak"]["lukket"] == 1


def test_flytt_historikk_moves_the_records_keeps_comments_and_is_idempotent(old_form: Path) -> None:
    before = site_status(old_form, "2025-09-02"), site_status(old_form, "2025-09-02", "sor")
    code, out, err = run("--rot", str(old_form), "flytt-historikk")
    assert code == 0 and "Flyttet 2 registreringer for 2 tjenestesteder" in out, err
    plan = (old_form / "implementeringsplan.yaml").read_text(encoding="utf-8")
    assert "implementering" not in plan and plan.startswith("# Minste gyldige plan for testene.")
    nord = (old_form / NORD).read_text(encoding="utf-8")
    assert "# Nord tok fall først." in nord and "  # etter fagdag\n  fallforebygging:\n" in nord
    assert nord.index("hendelse: implementert") < nord.index("hendelse: evaluert") < nord.index("hendelse: tiltak\n")
    assert (site_status(old_form, "2025-09-02"), site_status(old_form, "2025-09-02", "sor")) == before
    assert sjekk(old_form) == (0, [])
    snapshot = {p: p.read_bytes() for p in (old_form / "implementering").glob("*.yaml")}
    code, out, _ = run("--rot", str(old_form), "flytt-historikk")
    assert code == 0 and "ingenting å flytte" in out
    assert {p: p.read_bytes() for p in (old_form / "implementering").glob("*.yaml")} == snapshot


def test_pr_sjekk_accepts_the_move_and_refuses_an_old_form_overwrite(old_form: Path) -> None:
    branch(old_form)
    plan = old_form / "implementeringsplan.yaml"
    original = plan.read_text(encoding="utf-8")
    plan.write_text(original.replace('{status: i-gang, versjon: "1.1", dato: 2025-04-01}',
                                     '{status: implementert, versjon: "1.1", dato: 2025-09-05}'), encoding="utf-8")
    commit(old_form, "2025-09-05", "Overskriv i gammel form")
    code, found = pr_sjekk(old_form)
    assert code == 1 and "pr-endret-hendelse" in [f["kode"] for f in found]
    assert any("handbok flytt-historikk" in f["melding"] for f in found if f["kode"] == "pr-endret-hendelse")
    plan.write_text(original, encoding="utf-8")
    assert run("--rot", str(old_form), "flytt-historikk")[0] == 0
    step(old_form, "2025-09-06", "registrer", "sor", "fallforebygging", "--status", "implementert")
    code, found = pr_sjekk(old_form)
    assert code == 0, found


def test_registrer_on_an_old_plan_appends_to_the_site_file(old_form: Path) -> None:
    step(old_form, "2025-09-06", "registrer", "sor", "fallforebygging", "--status", "implementert")
    assert "implementering:\n" in (old_form / "implementeringsplan.yaml").read_text(encoding="utf-8")
    assert "hendelse: implementert" in (old_form / SOR).read_text(encoding="utf-8")
    sor = site_status(old_form, "2025-09-07", "sor")
    assert sor["per_status"]["implementert"] == 1 and sor["per_status"]["i-gang"] == 0


def test_after_a_major_change_a_status_without_version_is_the_new_version(tmp_path: Path) -> None:
    root = handbook(tmp_path)
    step(root, "2025-03-03", "registrer", "nord", "legemidler", "--status", "implementert")
    step(root, "2025-06-02", "evaluer", "nord", "legemidler", "--svar", "kjent=4", "fungerer=4")
    (root / ROUTINE).write_text(legemidler(V1, V2), encoding="utf-8")
    commit(root, "2025-09-01", "Legemidler 2.0")
    out = step(root, "2025-10-06", "registrer", "nord", "legemidler", "--status", "i-gang")  # no --versjon, no --tilbake
    assert out == "Registrert: nord / legemidler: i-gang, versjon 2.0.\n"
    out = step(root, "2025-11-03", "registrer", "nord", "legemidler", "--status", "implementert")
    assert out == "Registrert: nord / legemidler: implementert, versjon 2.0.\n"
    assert "legemidler" not in site_status(root, "2025-12-15")["ma_oppdateres"]
