"""`handbok pr-sjekk`: each rule with a failing and a passing case, in real git repositories."""

from __future__ import annotations

import io
import json
import unicodedata
from pathlib import Path

import pytest

from conftest import copy_base, git, pdf_file, run
from handbok.cli.main import main

FALL = "rutiner/fallforebygging.md"


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    root = copy_base(tmp_path, "repo")
    git(root, "init", "-q")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "Første versjon av håndboka")
    git(root, "checkout", "-q", "-b", "endring")
    return root


def edit(root: Path, rel: str, *pairs: tuple[str, str]) -> None:
    path = root / rel
    text = path.read_text(encoding="utf-8")
    for old, new in pairs:
        assert old in text, old
        text = text.replace(old, new, 1)
    path.write_text(text, encoding="utf-8")


def pr_sjekk(root: Path) -> tuple[int, list[str]]:
    """pr-sjekk's exit code and text: its own rules' lines and the count (what sjekk finds is left out here)."""
    out = io.StringIO()
    code = main(["--rot", str(root), "pr-sjekk", "--base", "main"], out, io.StringIO())
    lines = out.getvalue().splitlines()
    return code, [line for line in lines[:-1] if "[pr-" in line] + lines[-1:]


def findings(root: Path) -> tuple[int, list[dict[str, object]]]:
    """pr-sjekk's exit code and the findings of its own rules (what `handbok sjekk` finds is reported too)."""
    out = io.StringIO()
    code = main(["--rot", str(root), "pr-sjekk", "--base", "main", "--format", "json"], out, io.StringIO())
    return code, [f for f in json.loads(out.getvalue())["funn"] if str(f["kode"]).startswith("pr-")]


def where(found: list[dict[str, object]]) -> list[tuple[object, ...]]:
    """(file, line, field, code) of each finding, in report order."""
    return [(f["fil"], f["linje"], f["felt"], f["kode"]) for f in found]


def commit_on_main(root: Path, message: str) -> None:
    """Commit the working tree on main too, as if it had been merged before this branch started."""
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", message)
    git(root, "branch", "-f", "main")


BUMP_MINOR = ('versjon: "1.1"', 'versjon: "1.2"')
LOG_1_2 = ('endring: "Språkvask"}', 'endring: "Språkvask"}\n  - {versjon: "1.2", dato: 2026-01-05, endring: "Tydeligere"}')


def test_unchanged_passes(repo: Path) -> None:
    assert pr_sjekk(repo) == (0, ["Alt i orden: ingen feil eller advarsler."])


def test_text_change_without_bump_is_refused(repo: Path) -> None:
    edit(repo, FALL, ("Forebygge fall hos brukere", "Forebygge fall og skader hos brukere"))
    code, lines = pr_sjekk(repo)
    assert code == 1
    assert lines[0].startswith(f"{FALL}:5: feil[pr-mangler-versjonsokning] versjon: Teksten er endret, men versjon "
                               'er fortsatt 1.1. Øk versjon til "1.2"')


def test_text_change_with_bump_and_log_passes(repo: Path) -> None:
    edit(repo, FALL, ("Forebygge fall hos brukere", "Forebygge fall og skader hos brukere"), BUMP_MINOR, LOG_1_2)
    assert pr_sjekk(repo)[0] == 0


def test_bump_without_log_is_refused(repo: Path) -> None:
    edit(repo, FALL, ("Forebygge fall hos brukere", "Forebygge fall og skader hos brukere"), BUMP_MINOR)
    code, lines = pr_sjekk(repo)
    assert code == 1 and "feil[pr-mangler-endringslogg]" in lines[0]


@pytest.mark.parametrize("change", [
    ("  helsefagarbeider: Melder endringer", "  helsefagarbeider: Melder straks endringer"),
    ("gjelder_for: [alle]", "gjelder_for: [nord]"),
])
def test_ansvar_or_gjelder_for_change_needs_bump(repo: Path, change: tuple[str, str]) -> None:
    edit(repo, FALL, change)
    code, lines = pr_sjekk(repo)
    assert code == 1 and "pr-mangler-versjonsokning" in lines[0]


@pytest.mark.parametrize("change, named", [
    (("tittel: Fallforebygging", "tittel: Forebygging av fall"), "Tittel"),
    (("dokumentstatus: gjeldende", "dokumentstatus: utgaatt"), "Dokumentstatus"),
    (('hjemmel: ["Forskrift om ledelse og kvalitetsforbedring § 7"]',
      'hjemmel: ["Forskrift om ledelse og kvalitetsforbedring § 8"]'), "Hjemmel"),
])
def test_title_status_or_hjemmel_change_needs_bump(repo: Path, change: tuple[str, str], named: str) -> None:
    edit(repo, FALL, change)
    code, found = findings(repo)
    assert code == 1
    assert where(found) == [(FALL, 5, "versjon", "pr-mangler-versjonsokning")]
    assert found[0]["melding"].startswith(f"{named} er endret, men versjon er fortsatt 1.1.")


@pytest.mark.parametrize("change", [
    ("kategorier: [pasientsikkerhet]", "kategorier: [pasientsikkerhet, fall]"),
    ("revideres_innen: 2027-02-01", "revideres_innen: 2028-02-01"),  # a review that changed nothing else
    ("revideres_innen: 2027-02-01", "revideres_innen: 2099-08-01"),  # a later review, even far ahead
])
def test_filing_and_review_dates_change_without_bump(repo: Path, change: tuple[str, str]) -> None:
    edit(repo, FALL, change)
    assert pr_sjekk(repo) == (0, ["Alt i orden: ingen feil eller advarsler."])


def test_version_down_is_refused(repo: Path) -> None:
    edit(repo, FALL, ('versjon: "1.1"', 'versjon: "1.0"'))
    code, lines = pr_sjekk(repo)
    assert code == 1 and "feil[pr-versjon-ned]" in lines[0]


def test_major_bump_leaves_godkjent_dato_to_the_team_when_the_log_dates_it(repo: Path) -> None:
    edit(repo, FALL, ('versjon: "1.1"', 'versjon: "2.0"'),
         ('endring: "Språkvask"}', 'endring: "Språkvask"}\n  - {versjon: "2.0", dato: 2026-01-05, endring: "Ny praksis"}'))
    code, lines = pr_sjekk(repo)
    assert code == 0
    note = next(line for line in lines if "advarsel[pr-godkjent-dato-settes]" in line)
    assert "Implementeringsteamet setter den i gjennomgangen" in note and "2026-01-05" in note
    warning = next(line for line in lines if "advarsel[pr-major-reimplementering]" in line)
    assert warning.endswith("Dette gjelder nå: nord.")
    edit(repo, FALL, ("godkjent_dato: 2025-02-01", "godkjent_dato: 2026-01-05"))
    code, lines = pr_sjekk(repo)
    assert code == 0 and not any("pr-godkjent-dato-settes" in line for line in lines)


def test_major_bump_with_an_empty_godkjent_dato_is_left_to_the_team(repo: Path) -> None:
    edit(repo, FALL, ('versjon: "1.1"', 'versjon: "2.0"'), ("godkjent_dato: 2025-02-01", "godkjent_dato:"),
         ('endring: "Språkvask"}', 'endring: "Språkvask"}\n  - {versjon: "2.0", dato: 2026-01-05, endring: "Ny praksis"}'))
    code, found = findings(repo)
    assert "pr-godkjent-dato-settes" in [f["kode"] for f in found]
    assert "pr-godkjent-dato-bakover" not in [f["kode"] for f in found]


def test_major_bump_without_a_dated_log_entry_is_refused(repo: Path) -> None:
    edit(repo, FALL, ('versjon: "1.1"', 'versjon: "2.0"'),
         ('endring: "Språkvask"}', 'endring: "Språkvask"}\n  - {versjon: "2.0", dato: 2024-06-01, endring: "Ny praksis"}'))
    code, lines = pr_sjekk(repo)
    assert code == 1
    assert any("feil[pr-major-uten-godkjent-dato]" in line and "endringsloggens linje" in line for line in lines)


def test_deleting_a_role_file_is_refused(repo: Path) -> None:
    (repo / "funksjonsbeskrivelser" / "helsefagarbeider.md").unlink()
    code, lines = pr_sjekk(repo)
    assert code == 1
    assert lines[0].startswith("funksjonsbeskrivelser/helsefagarbeider.md: feil[pr-slettet-fil] Filen er slettet")


def test_renaming_a_routine_is_refused(repo: Path) -> None:
    git(repo, "mv", FALL, "rutiner/fall.md")
    edit(repo, "rutiner/fall.md", ("id: fallforebygging", "id: fall"))
    code, lines = pr_sjekk(repo)
    assert code == 1 and any("pr-slettet-fil" in line for line in lines)


def test_changing_an_id_is_refused(repo: Path) -> None:
    edit(repo, FALL, ("id: fallforebygging", "id: fall-forebygging"))
    code, lines = pr_sjekk(repo)
    assert code == 1 and any("feil[pr-endret-id]" in line for line in lines)


def test_compares_with_merge_base_not_with_moved_main(repo: Path) -> None:
    git(repo, "checkout", "-q", "main")
    edit(repo, FALL, ("Forebygge fall hos brukere", "Main endret teksten"), BUMP_MINOR, LOG_1_2)
    git(repo, "commit", "-qam", "Endring på main")
    git(repo, "checkout", "-q", "endring")
    assert pr_sjekk(repo)[0] == 0


def test_unknown_base_is_exit_2(repo: Path) -> None:
    err = io.StringIO()
    assert main(["--rot", str(repo), "pr-sjekk", "--base", "origin/finnes-ikke"], io.StringIO(), err) == 2
    assert "fetch-depth: 0" in err.getvalue()


def test_a_file_committed_with_an_nfd_name_is_not_taken_for_deleted(repo: Path) -> None:
    # macOS writes «å» decomposed; the loader and pr-sjekk both compare names in NFC.
    nfd = unicodedata.normalize("NFD", "rutiner/håndhygiene.md")
    text = (repo / FALL).read_text(encoding="utf-8").replace("id: fallforebygging", "id: handhygiene")
    (repo / nfd).write_text(text, encoding="utf-8")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "Håndhygiene")
    git(repo, "branch", "-f", "main")
    assert not any("pr-slettet-fil" in line for line in pr_sjekk(repo)[1])
    (repo / nfd).unlink()
    code, lines = pr_sjekk(repo)
    assert code == 1 and lines[0].startswith("rutiner/håndhygiene.md: feil[pr-slettet-fil]")


# --- documents' history ------------------------------------------------------------------------------

def test_changed_change_log_entry_is_refused(repo: Path) -> None:
    edit(repo, FALL, ('endring: "Språkvask"}', 'endring: "Språkvask og nye tiltak"}'))
    code, found = findings(repo)
    assert code == 1
    assert where(found) == [(FALL, 20, "endringslogg[1]", "pr-endret-endringslogg")]
    assert "versjon 1.1 (2025-02-01)" in str(found[0]["melding"]) and "«Språkvask»" in str(found[0]["melding"])


def test_removed_change_log_entry_is_refused(repo: Path) -> None:
    edit(repo, FALL, ('  - {versjon: "1.0", dato: 2024-01-10, endring: "Første versjon"}\n', ""))
    code, found = findings(repo)
    assert code == 1
    assert where(found) == [(FALL, 18, "endringslogg", "pr-slettet-endringslogg")]
    assert "versjon 1.0 (2024-01-10)" in str(found[0]["melding"])


def test_godkjent_dato_moved_back_is_refused(repo: Path) -> None:
    edit(repo, FALL, ("godkjent_dato: 2025-02-01", "godkjent_dato: 2025-01-15"))
    code, found = findings(repo)
    assert code == 1
    assert where(found) == [(FALL, 9, "godkjent_dato", "pr-godkjent-dato-bakover")]
    assert "fra 2025-02-01 til 2025-01-15" in str(found[0]["melding"])


HFA = "funksjonsbeskrivelser/helsefagarbeider.md"
HFA_VERSION = ('versjon: "1.0"\ndokumentstatus: gjeldende\ngodkjent_av: Implementeringsteamet\n'
               'godkjent_dato: 2025-01-01\nendringslogg:\n  - {versjon: "1.0", dato: 2025-01-01, endring: "Første versjon"}\n')


def test_changed_role_without_a_version_is_a_warning(repo: Path) -> None:
    edit(repo, HFA, (HFA_VERSION, ""))
    commit_on_main(repo, "En funksjonsbeskrivelse fra før de fikk versjon")
    edit(repo, HFA, ("Gir praktisk", "Gir praktisk og faglig"))
    code, found = findings(repo)
    assert code == 0
    assert where(found) == [(HFA, 5, "formaal", "pr-endret-rolle")]


def test_changed_versioned_role_follows_the_routine_rules(repo: Path) -> None:
    edit(repo, HFA, ("Gir praktisk", "Gir praktisk og faglig"))
    code, found = findings(repo)
    assert code == 1
    assert where(found) == [(HFA, 8, "versjon", "pr-mangler-versjonsokning")]
    edit(repo, HFA, ('versjon: "1.0"\n', 'versjon: "2.0"\n'))
    code, found = findings(repo)
    assert {"pr-mangler-endringslogg", "pr-major-reimplementering"} <= {f[3] for f in where(found)}
    edit(repo, HFA, ('endring: "Første versjon"}\n', 'endring: "Første versjon"}\n'
                     '  - {versjon: "2.0", dato: 2025-02-01, endring: "Faglig ansvar lagt til"}\n'))
    code, found = findings(repo)
    kinds = {f[3] for f in where(found)}
    assert code == 0 and "pr-mangler-endringslogg" not in kinds and "pr-major-reimplementering" in kinds
    assert any("funksjonsbeskrivelsen, må implementere" in str(f["melding"]) for f in found)


def test_role_given_its_first_version_passes(repo: Path) -> None:
    edit(repo, HFA, (HFA_VERSION, ""))
    commit_on_main(repo, "En funksjonsbeskrivelse fra før de fikk versjon")
    edit(repo, HFA, ("  - Utfører tiltak etter tiltaksplanen.\n", "  - Utfører tiltak etter tiltaksplanen.\n" + HFA_VERSION))
    code, found = findings(repo)
    assert (code, found) == (0, [])


def test_unreadable_file_now_is_an_error(repo: Path) -> None:
    edit(repo, FALL, ("id: fallforebygging", "id: [fallforebygging"))
    code, found = findings(repo)
    assert code == 1
    assert [f[0] for f in where(found)] == [FALL] and where(found)[0][2:] == ("", "pr-uleselig-fil")
    assert isinstance(found[0]["linje"], int)


def test_file_unreadable_at_the_merge_base_is_an_error(repo: Path) -> None:
    edit(repo, FALL, ("tittel: Fallforebygging", "tittel: [Fallforebygging"))
    commit_on_main(repo, "Ødelagt metadata")
    edit(repo, FALL, ("tittel: [Fallforebygging", "tittel: Fallforebygging"))
    code, found = findings(repo)
    assert code == 1 and where(found) == [(FALL, 1, "", "pr-uleselig-fil")]


def test_unreadable_plan_is_an_error(repo: Path) -> None:
    edit(repo, PLAN, ("tjenestesteder:\n", "tjenestesteder: [\n"))
    code, found = findings(repo)
    assert code == 1 and [(f[0], f[3]) for f in where(found)] == [(PLAN, "pr-uleselig-fil")]


# --- the sites' histories ---------------------------------------------------------------------------

PLAN = "implementeringsplan.yaml"
NORD = "implementering/nord.yaml"
SOR = "implementering/sor.yaml"
EVALUATION = ('    - dato: 2025-05-01\n      hendelse: evaluert\n      versjon: "1.0"\n      svar: {kjent: 4, fungerer: 3}\n'
              '      merknad: "Bra start."\n')


def test_appended_evaluation_passes(repo: Path) -> None:
    edit(repo, NORD, (EVALUATION, EVALUATION + '    - dato: 2025-09-01\n      hendelse: evaluert\n      versjon: "1.0"\n'
                                              "      svar: {kjent: 5, fungerer: 4}\n"))
    assert pr_sjekk(repo)[0] == 0


def test_deleted_evaluation_is_refused(repo: Path) -> None:
    edit(repo, NORD, (EVALUATION, ""))
    code, found = findings(repo)
    assert code == 1
    assert where(found) == [(NORD, 5, "dokumenter.fallforebygging[1]", "pr-slettet-hendelse")]
    assert "Hendelsen «evaluert» 01.05.2025, versjon 1.0 for nord / fallforebygging" in str(found[0]["melding"])
    assert "er fjernet" in str(found[0]["melding"])


def test_changed_evaluation_is_refused(repo: Path) -> None:
    edit(repo, NORD, ("svar: {kjent: 4, fungerer: 3}", "svar: {kjent: 5, fungerer: 3}"))
    code, found = findings(repo)
    assert code == 1
    assert where(found) == [(NORD, 10, "dokumenter.fallforebygging[1]", "pr-endret-hendelse")]
    assert "Hendelsen «evaluert» 01.05.2025, versjon 1.0 for nord / fallforebygging" in str(found[0]["melding"])


def test_a_new_version_appended_by_registrer_passes(repo: Path) -> None:
    code, out, _ = run("--rot", str(repo), "registrer", "nord", "fallforebygging", "--status", "implementert",
                       "--versjon", "1.1", "--dato", "2025-09-01")
    assert code == 0, out
    assert pr_sjekk(repo)[0] == 0


def test_a_version_changed_in_an_old_entry_is_refused(repo: Path) -> None:
    edit(repo, NORD, ('      hendelse: implementert\n      versjon: "1.0"\n      hvordan',
                      '      hendelse: implementert\n      versjon: "1.1"\n      hvordan'))
    code, found = findings(repo)
    assert code == 1 and [f["kode"] for f in found] == ["pr-endret-hendelse"]


def test_deleted_history_of_a_document_is_refused(repo: Path) -> None:
    edit(repo, NORD, ('  avviksmelding:\n    - dato: 2025-02-01\n      hendelse: implementert\n      versjon: "1.0"\n', ""))
    code, found = findings(repo)
    assert code == 1
    assert [(f[0], f[3]) for f in where(found)] == [(NORD, "pr-slettet-historikk")]
    assert "ikke-aktuelt" in str(found[0]["melding"])


def test_document_marked_not_relevant_passes(repo: Path) -> None:
    code, out, _ = run("--rot", str(repo), "registrer", "nord", "avviksmelding", "--status", "ikke-aktuelt",
                       "--begrunnelse", "Har ikke egne avvikssystem.", "--dato", "2025-09-01")
    assert code == 0, out
    assert pr_sjekk(repo)[0] == 0


def test_deleted_site_is_refused(repo: Path) -> None:
    edit(repo, PLAN, ("  - {id: sor, navn: Hjemmetjenesten Sør}\n", ""))
    (repo / SOR).unlink()
    code, found = findings(repo)
    assert code == 1
    assert where(found) == [(SOR, None, "", "pr-slettet-historikk"),
                            (PLAN, 4, "tjenestesteder", "pr-slettet-tjenestested")]
    assert "sor" in str(found[0]["melding"]) and "aktiv: false" in str(found[1]["melding"])


def test_site_marked_inactive_passes(repo: Path) -> None:
    edit(repo, PLAN, ("{id: sor, navn: Hjemmetjenesten Sør}", "{id: sor, navn: Hjemmetjenesten Sør, aktiv: false}"))
    assert pr_sjekk(repo) == (0, ["Alt i orden: ingen feil eller advarsler."])


def test_pr_sjekk_reports_what_sjekk_finds_with_its_own_rules(repo: Path) -> None:
    edit(repo, FALL, ("eier: sykepleier", "eier: sykepleir"))
    out = io.StringIO()
    code = main(["--rot", str(repo), "pr-sjekk", "--base", "main"], out, io.StringIO())
    assert code == 1 and "feil[ukjent-rolle] eier: Rollen «sykepleir» finnes ikke." in out.getvalue()


def test_deleted_question_is_refused(repo: Path) -> None:
    edit(repo, PLAN, ('    - {id: fungerer, tekst: "Rutinen fungerer i praksis."}\n', ""))
    code, found = findings(repo)
    assert code == 1
    assert where(found) == [(PLAN, 15, "evalueringsskjema.sporsmal", "pr-slettet-sporsmal")]
    assert "utgaatt: true" in str(found[0]["melding"])


def test_retired_question_passes_and_its_past_answers_stay_valid(repo: Path) -> None:
    edit(repo, PLAN, ('tekst: "Rutinen fungerer i praksis."}', 'tekst: "Rutinen fungerer i praksis.", utgaatt: true}'))
    assert pr_sjekk(repo)[0] == 0
    code, out = run("--rot", str(repo), "sjekk", "--format", "json")[:2]
    assert not [f for f in json.loads(out)["funn"] if f["alvor"] == "feil"], out


def test_changed_question_text_is_a_warning(repo: Path) -> None:
    edit(repo, PLAN, ('tekst: "Rutinen fungerer i praksis."', 'tekst: "Rutinen gir bedre tjenester."'))
    code, found = findings(repo)
    assert code == 0
    assert where(found) == [(PLAN, 17, "evalueringsskjema.sporsmal[1].tekst", "pr-endret-sporsmal")]


def test_a_plan_of_the_wrong_shape_is_compared_without_crashing(repo: Path) -> None:
    edit(repo, PLAN, ("  - {id: nord, navn: Hjemmetjenesten Nord}\n  - {id: sor, navn: Hjemmetjenesten Sør}\n",
                      "  - nord\n  - {id: [sor]}\n"), ("    - {id: kjent,", "    - {id: 7,"))
    edit(repo, NORD, ("  fallforebygging:\n", "  fallforebygging: mange\n  gammelt:\n"))
    code, found = findings(repo)
    assert code == 1
    assert [f[3] for f in where(found)] == ["pr-slettet-historikk", "pr-slettet-tjenestested",
                                             "pr-slettet-tjenestested", "pr-slettet-sporsmal"]


# --- tiltak and steps back are history too --------------------------------------------------------------

TILTAK = ('    - dato: 2025-05-10\n      hendelse: tiltak\n      id: t1\n      beskrivelse: "Repetere rutinen."\n'
          "      ansvarlig: avdelingsleder\n      frist: 2025-07-01\n"
          '    - dato: 2025-06-01\n      hendelse: tiltak\n      id: t2\n      beskrivelse: "Sjekke journalene."\n'
          "      ansvarlig: sykepleier\n      frist: 2025-12-01\n"
          '    - dato: 2025-06-20\n      hendelse: tiltak-lukket\n      id: t1\n      resultat: "Alle har fått repetisjon."\n')
STEP_BACK = ('    - dato: 2025-04-15\n      hendelse: tilbake\n      versjon: "1.1"\n      status: planlagt\n'
             '      grunn: "Ny vikarstab uten opplæring."\n')


@pytest.fixture
def recorded(repo: Path) -> Path:
    """main has a closed and an open tiltak for Nord's fallforebygging, and a step back at Sør."""
    edit(repo, NORD, (EVALUATION, EVALUATION + TILTAK))
    with (repo / SOR).open("a", encoding="utf-8") as handle:
        handle.write(STEP_BACK)
    commit_on_main(repo, "Tiltak og tilbakeføring")
    assert run("--rot", str(repo), "sjekk", "--dato", "2026-01-01")[0] == 0
    return repo


def test_closing_an_open_tiltak_or_giving_it_a_new_deadline_passes(recorded: Path) -> None:
    edit(recorded, NORD, ("  avviksmelding:\n", "    - dato: 2025-11-20\n      hendelse: tiltak-frist\n      id: t2\n"
                                               "      frist: 2026-02-01\n      grunn: \"Journalsystemet byttes.\"\n"
                                               "  avviksmelding:\n"))
    assert run("--rot", str(recorded), "tiltak", "nord", "fallforebygging", "--lukk", "t2", "--resultat",
               "Journalene er i orden.", "--dato", "2025-12-10")[0] == 0
    assert pr_sjekk(recorded)[0] == 0


def test_deleted_tiltak_is_refused(recorded: Path) -> None:
    edit(recorded, NORD, ('    - dato: 2025-06-01\n      hendelse: tiltak\n      id: t2\n      beskrivelse: "Sjekke journalene."\n'
                          "      ansvarlig: sykepleier\n      frist: 2025-12-01\n", ""))
    code, found = findings(recorded)
    assert code == 1
    assert [f[3] for f in where(found)] == ["pr-slettet-hendelse"]
    assert "Hendelsen «tiltak t2» 01.06.2025 for nord / fallforebygging" in str(found[0]["melding"])


@pytest.mark.parametrize("change", [
    ('resultat: "Alle har fått repetisjon."', 'resultat: "Ingen fikk repetisjon."'),
    ("    - dato: 2025-06-20\n      hendelse: tiltak-lukket", "    - dato: 2025-06-30\n      hendelse: tiltak-lukket"),
])
def test_changed_closing_of_a_tiltak_is_refused(recorded: Path, change: tuple[str, str]) -> None:
    edit(recorded, NORD, change)
    code, found = findings(recorded)
    assert code == 1 and [f[2:] for f in where(found)] == [("dokumenter.fallforebygging[4]", "pr-endret-hendelse")]
    assert "Hendelsen «tiltak-lukket t1» 20.06.2025" in str(found[0]["melding"])


def test_removed_or_changed_step_back_is_refused(recorded: Path) -> None:
    edit(recorded, SOR, ('grunn: "Ny vikarstab uten opplæring."', 'grunn: "Ukjent."'))
    code, found = findings(recorded)
    assert code == 1 and where(found) == [(SOR, 9, "dokumenter.fallforebygging[1]", "pr-endret-hendelse")]
    assert "Hendelsen «tilbake» 15.04.2025, versjon 1.1 for sor / fallforebygging" in str(found[0]["melding"])
    edit(recorded, SOR, (STEP_BACK.replace("Ny vikarstab uten opplæring.", "Ukjent."), ""))
    code, found = findings(recorded)
    assert code == 1 and [f[2:] for f in where(found)] == [("dokumenter.fallforebygging[1]", "pr-slettet-hendelse")]


def test_a_step_back_added_by_registrer_passes(recorded: Path) -> None:
    code, out, _ = run("--rot", str(recorded), "registrer", "nord", "fallforebygging", "--status", "i-gang",
                       "--tilbake", "--grunn", "Ny kartlegging", "--dato", "2025-09-01")
    assert code == 0, out
    assert pr_sjekk(recorded)[0] == 0


# --- attachments: a swapped file is a changed routine ---------------------------------------------------------

PDF = pdf_file("Skjema for kartlegging av fallrisiko, versjon 1")
PDF_2 = pdf_file("Skjema for kartlegging av fallrisiko, versjon 2 med nye felt")
NAMES_THE_FORM = ("gjelder_for: [alle]", 'gjelder_for: [alle]\nvedlegg:\n  - {fil: vedlegg/skjema.pdf, tittel: "Skjema"}')


@pytest.fixture
def with_form(repo: Path) -> Path:
    (repo / "vedlegg").mkdir()
    (repo / "vedlegg" / "skjema.pdf").write_bytes(PDF)
    edit(repo, FALL, NAMES_THE_FORM)
    commit_on_main(repo, "Skjema som vedlegg")
    return repo


def test_a_swapped_attachment_without_a_bump_is_refused(with_form: Path) -> None:
    (with_form / "vedlegg" / "skjema.pdf").write_bytes(PDF_2)
    git(with_form, "commit", "-q", "-am", "Nytt skjema")
    code, found = findings(with_form)
    assert code == 1
    assert [(f[0], f[2], f[3]) for f in where(found)] == [(FALL, "vedlegg[0].fil", "pr-vedlegg-uten-versjonsokning")]
    assert "vedlegg/skjema.pdf er endret, men versjon er fortsatt 1.1" in str(found[0]["melding"])


def test_a_swapped_attachment_with_a_bump_and_log_passes(with_form: Path) -> None:
    (with_form / "vedlegg" / "skjema.pdf").write_bytes(PDF_2)
    edit(with_form, FALL, BUMP_MINOR, LOG_1_2)
    git(with_form, "commit", "-q", "-am", "Nytt skjema, ny versjon")
    assert pr_sjekk(with_form)[0] == 0


def test_an_attachment_no_document_names_needs_no_bump(with_form: Path) -> None:
    (with_form / "vedlegg" / "annet.pdf").write_bytes(PDF)
    git(with_form, "add", "-A")
    git(with_form, "commit", "-q", "-m", "Et annet skjema")
    assert pr_sjekk(with_form)[0] == 0
