"""`registrer` and `evaluer`: round-trip edits of implementeringsplan.yaml that lose nothing."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

import handbok.edit.recording as recording
import handbok.source.writing as writing
from conftest import copy_base, git, routine
from conftest import run as handbok

PLAN = """\
# Implementeringsplan — kommentarene skal overleve.
tjenestesteder:
  - {id: nord, navn: Hjemmetjenesten Nord}   # først ute
  - {id: sor, navn: Hjemmetjenesten Sør}
faser:
  - id: fase-1
    navn: 'Fase 1'
    start: 2025-01-01
    frist: 2025-06-30
    rutiner: [fallforebygging, avviksmelding]
evalueringsskjema:
  skala: {min: 1, maks: 5}
  sporsmal:
    - {id: kjent, tekst: "De ansatte kjenner rutinen."}
    - {id: fungerer, tekst: "Rutinen fungerer i praksis."}
implementering:
  nord:
    # Nord tok fall først.
    fallforebygging:
      status: implementert   # etter fagdag
      versjon: "1.0"
      dato: 2025-03-01

    avviksmelding: {status: planlagt}
  sor:
    fallforebygging:
      status: i-gang
      versjon: '1.1'
      dato: 2025-04-01
# slutt på planen
"""


@pytest.fixture
def root(tmp_path: Path) -> Path:
    target = copy_base(tmp_path)
    (target / "implementeringsplan.yaml").write_text(PLAN, encoding="utf-8")
    return target


def run(root: Path, *args: str) -> tuple[int, str]:
    code, out, err = handbok("--rot", str(root), *args)
    return code, out + err


def plan(root: Path) -> str:
    return (root / "implementeringsplan.yaml").read_text(encoding="utf-8")


def test_registrer_changes_only_the_record(root: Path) -> None:
    code, out = run(root, "registrer", "nord", "fallforebygging", "--status", "evaluert", "--dato", "2025-09-01",
                    "--hvordan", "Fast tema: på personalmøtet")
    assert code == 0, out
    assert plan(root) == PLAN.replace(
        '      status: implementert   # etter fagdag\n      versjon: "1.0"\n      dato: 2025-03-01\n',
        '      status: evaluert       # etter fagdag\n      versjon: "1.1"\n      dato: 2025-09-01\n'
        "      hvordan: 'Fast tema: på personalmøtet'\n")


def test_registrer_flow_record_and_new_record(root: Path) -> None:
    assert run(root, "registrer", "nord", "avviksmelding", "--status", "i-gang", "--dato", "2025-05-05")[0] == 0
    assert run(root, "registrer", "sor", "fallforebygging", "--status", "implementert", "--versjon", "1.1",
               "--dato", "2025-05-06")[0] == 0
    expected = PLAN.replace(
        "    avviksmelding: {status: planlagt}\n",
        '    avviksmelding: {status: i-gang, versjon: "2.0", dato: 2025-05-05}\n',
    ).replace("      status: i-gang\n      versjon: '1.1'\n      dato: 2025-04-01\n",
              "      status: implementert\n      versjon: \"1.1\"\n      dato: 2025-05-06\n")
    assert plan(root) == expected


def test_registrer_new_site_block_keeps_trailing_comment(root: Path) -> None:
    text = PLAN.replace("  sor:\n    fallforebygging:\n      status: i-gang\n      versjon: '1.1'\n"
                        "      dato: 2025-04-01\n", "")
    (root / "implementeringsplan.yaml").write_text(text, encoding="utf-8")
    assert run(root, "registrer", "sor", "fallforebygging", "--status", "planlagt", "--dato", "2025-02-02")[0] == 0
    assert plan(root) == text.replace(
        "# slutt på planen\n",
        "  sor:\n    fallforebygging:\n      status: planlagt\n      dato: 2025-02-02\n# slutt på planen\n")


def test_evaluer_appends_and_sets_evaluert(root: Path) -> None:
    code, out = run(root, "evaluer", "nord", "fallforebygging", "--svar", "kjent=4", "fungerer=2",
                    "--merknad", "Trenger repetisjon", "--dato", "2025-10-01")
    assert code == 0, out
    assert plan(root) == PLAN.replace(
        '      status: implementert   # etter fagdag\n      versjon: "1.0"\n      dato: 2025-03-01\n',
        '      status: evaluert       # etter fagdag\n      versjon: "1.0"\n      dato: 2025-03-01\n'
        "      evalueringer:\n        - dato: 2025-10-01\n          versjon: \"1.0\"\n          svar: {kjent: 4, fungerer: 2}\n"
        "          merknad: Trenger repetisjon\n")


@pytest.mark.parametrize("args, message", [
    (("registrer", "vest", "fallforebygging", "--status", "planlagt"), "Tjenestestedet «vest» finnes ikke"),
    (("registrer", "nord", "fallforebyging", "--status", "planlagt"), "Mente du «fallforebygging»?"),
    (("registrer", "nord", "fallforebygging", "--status", "ferdig"), "Status «ferdig» finnes ikke"),
    (("registrer", "nord", "fallforebygging", "--status", "implementert", "--versjon", "1.2"), "høyere enn gjeldende"),
    (("registrer", "sor", "avviksmelding", "--status", "planlagt"), "gjelder ikke for sor"),
    (("registrer", "nord", "fallforebygging", "--status", "ikke-aktuelt"), "krever en begrunnelse"),
    (("evaluer", "nord", "fallforebygging", "--svar", "kjent=6"), "utenfor skalaen 1–5"),
    (("evaluer", "nord", "fallforebygging", "--svar", "nytte=3"), "finnes ikke i evalueringsskjemaet"),
    (("evaluer", "nord", "fallforebygging", "--svar", "kjent"), "spørsmål=tall"),
    (("evaluer", "sor", "fallforebygging", "--svar", "kjent=3"), "Registrer implementeringen først"),
    (("registrer", "nord", "fallforebygging", "--status", "i-gang", "--dato", "2099-01-01"), "fram i tid"),
    (("evaluer", "nord", "fallforebygging", "--svar", "kjent=3", "--dato", "2099-01-01"), "fram i tid"),
    (("tiltak", "nord", "fallforebygging", "--beskrivelse", "Opplæring", "--ansvarlig", "avdelingsleder",
      "--frist", "2099-12-01", "--dato", "2099-01-01"), "fram i tid"),
    (("registrer", "nord", "fallforebygging", "--status", "i-gang"), "steg tilbake"),
    (("registrer", "nord", "fallforebygging", "--status", "planlagt", "--versjon", "1.0"), "steg tilbake"),
    (("registrer", "nord", "fallforebygging", "--status", "i-gang", "--tilbake"), "hører sammen"),
    (("registrer", "nord", "fallforebygging", "--status", "i-gang", "--grunn", "Feil"), "hører sammen"),
    (("registrer", "nord", "fallforebygging", "--status", "evaluert", "--tilbake", "--grunn", "Feil"),
     "bare når statusen settes et steg tilbake"),
    (("tiltak", "nord", "fallforebygging", "--beskrivelse", "Ny opplæring", "--ansvarlig", "avdelingsledr",
      "--frist", "2025-12-01", "--dato", "2025-10-01"), "Mente du «avdelingsleder»?"),
    (("tiltak", "nord", "fallforebygging", "--beskrivelse", "Ny opplæring", "--ansvarlig", "avdelingsleder",
      "--frist", "2025-09-01", "--dato", "2025-10-01"), "før tiltaket ble opprettet"),
    (("tiltak", "nord", "fallforebygging", "--beskrivelse", "Ny opplæring", "--ansvarlig", "avdelingsleder"),
     "mangler --frist"),
    (("tiltak", "nord", "fallforebygging", "--lukk", "t1", "--resultat", "Gjort."), "ikke noe tiltak «t1»"),
    (("tiltak", "nord", "fallforebygging", "--lukk", "t1"), "--resultat"),
])
def test_refusals_write_nothing(root: Path, args: tuple[str, ...], message: str) -> None:
    code, out = run(root, *args)
    assert code == 1
    assert message in out
    assert plan(root) == PLAN


def test_failure_while_writing_leaves_old_file(root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def crash(src: str, dst: str) -> None:
        raise OSError(28, "No space left on device", src, dst)

    monkeypatch.setattr(writing.os, "replace", crash)
    code, out = run(root, "registrer", "nord", "fallforebygging", "--status", "evaluert")
    assert code == 2 and out == f"handbok: Kunne ikke bruke «{root / 'implementeringsplan.yaml'}»: disken er full.\n"
    assert plan(root) == PLAN
    hidden = sorted(p.name for p in root.iterdir() if p.name.startswith("."))
    assert hidden == [".implementeringsplan.yaml.lock"]  # no temp file left behind; the lock stays, ignored by git


def test_concurrent_edit_is_refused(root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    real_validate = recording._validate
    someone_else = PLAN.replace("# slutt på planen", "# slutt på planen (endret av en kollega)")

    def edit_meanwhile(*args: object) -> None:
        (root / "implementeringsplan.yaml").write_text(someone_else, encoding="utf-8")
        real_validate(*args)  # type: ignore[arg-type]

    monkeypatch.setattr(recording, "_validate", edit_meanwhile)
    code, out = run(root, "registrer", "nord", "fallforebygging", "--status", "evaluert")
    assert code == 1 and "endret av noen andre" in out
    assert plan(root) == someone_else


def test_crlf_and_bom_are_kept(root: Path) -> None:
    raw = ("\ufeff" + PLAN).replace("\n", "\r\n").encode("utf-8")
    (root / "implementeringsplan.yaml").write_bytes(raw)
    assert run(root, "registrer", "nord", "avviksmelding", "--status", "planlagt", "--dato", "2025-01-02")[0] == 0
    after = (root / "implementeringsplan.yaml").read_bytes()
    assert after.startswith(b"\xef\xbb\xbf") and b"\r\n" in after and b"\n" not in after.replace(b"\r\n", b"")
    assert b"avviksmelding: {status: planlagt, dato: 2025-01-02}" in after


def test_change_that_breaks_the_plan_is_refused(root: Path) -> None:
    broken = PLAN.replace("    avviksmelding: {status: planlagt}\n", "    avviksmelding: {status: planlagt, dato: 2025-13-01}\n")
    (root / "implementeringsplan.yaml").write_text(broken, encoding="utf-8")
    # The existing error stays; registering elsewhere still works and does not touch it.
    assert run(root, "registrer", "sor", "fallforebygging", "--status", "implementert", "--dato", "2025-02-02")[0] == 0
    assert "dato: 2025-13-01" in plan(root)
    mode = os.stat(root / "implementeringsplan.yaml").st_mode
    assert mode & 0o600 == 0o600


# --- line endings: every line keeps its own -------------------------------------------------------------


def mixed(text: str) -> str:
    """`text` with LF, CRLF and CR endings in turn."""
    lines = text.split("\n")
    endings = ["\n", "\r\n", "\r"]
    return "".join(line + endings[i % 3] for i, line in enumerate(lines[:-1])) + lines[-1]


def test_mixed_line_endings_are_kept_line_by_line(root: Path) -> None:
    raw = mixed(PLAN)
    (root / "implementeringsplan.yaml").write_bytes(raw.encode("utf-8"))
    assert run(root, "registrer", "nord", "avviksmelding", "--status", "planlagt", "--dato", "2025-01-02")[0] == 0
    after = (root / "implementeringsplan.yaml").read_bytes().decode("utf-8")
    old_line = "    avviksmelding: {status: planlagt}"
    assert after == raw.replace(old_line, "    avviksmelding: {status: planlagt, dato: 2025-01-02}")


def test_inserted_lines_take_the_ending_of_the_line_before(root: Path) -> None:
    raw = mixed(PLAN)
    (root / "implementeringsplan.yaml").write_bytes(raw.encode("utf-8"))
    assert run(root, "registrer", "sor", "avviksmelding", "--status", "planlagt", "--dato", "2025-01-02",
               "--hvordan", "Fagdag")[0] == 1  # avviksmelding gjelder bare nord in the base handbook
    assert run(root, "registrer", "nord", "fallforebygging", "--status", "evaluert", "--hvordan", "Fagdag",
               "--dato", "2025-03-01")[0] == 0
    after = (root / "implementeringsplan.yaml").read_bytes().decode("utf-8")
    before_lines = recording.split_lines(raw)
    after_lines = recording.split_lines(after)
    added = after_lines[0].index("      hvordan: Fagdag")
    date_line = after_lines[0].index("      dato: 2025-03-01")
    assert after_lines[1][added] == after_lines[1][date_line]  # it follows the dato line and takes its ending
    assert after_lines[0][:5] == before_lines[0][:5] and after_lines[1][:5] == before_lines[1][:5]
    assert after_lines[0][-3:] == before_lines[0][-3:] and after_lines[1][-3:] == before_lines[1][-3:]


@pytest.mark.parametrize("bom", ["", "\ufeff"])
def test_cr_only_plan_is_changed_and_stays_cr_only(root: Path, bom: str) -> None:
    raw = bom + PLAN.replace("\n", "\r")
    (root / "implementeringsplan.yaml").write_bytes(raw.encode("utf-8"))
    code, out = run(root, "registrer", "sor", "fallforebygging", "--status", "implementert", "--versjon", "1.0",
                    "--dato", "2025-05-01")
    assert code == 0, out
    after = (root / "implementeringsplan.yaml").read_bytes().decode("utf-8")
    assert "\n" not in after and after.startswith(bom or "#")
    assert after == raw.replace("status: i-gang\r      versjon: '1.1'\r      dato: 2025-04-01",
                                "status: implementert\r      versjon: \"1.0\"\r      dato: 2025-05-01")
    assert run(root, "evaluer", "sor", "fallforebygging", "--svar", "kjent=4", "--dato", "2025-06-01")[0] == 0
    assert b"\n" not in (root / "implementeringsplan.yaml").read_bytes()


def test_endings_for_a_last_line_without_ending() -> None:
    # lines a, b (last, no ending) become a, b, c: b now needs an ending, c is last.
    assert recording.endings_for(["\r\n", ""], 2, 2, 1) == ["\r\n", "\r\n", ""]
    assert recording.split_lines("a\r\nb\rc\n") == (["a", "b", "c", ""], ["\r\n", "\r", "\n", ""])


# --- refusals instead of damage ----------------------------------------------------------------------


@pytest.mark.parametrize("args", [("registrer", "nord", "avviksmelding", "--status", "i-gang"),
                                  ("evaluer", "nord", "fallforebygging", "--svar", "kjent=4")])
def test_write_protected_plan_is_refused(root: Path, args: tuple[str, ...]) -> None:
    path = root / "implementeringsplan.yaml"
    path.chmod(0o444)
    code, out = run(root, *args)
    assert code == 1 and out.count("\n") == 1 and "skrivebeskyttet" in out and "Ingenting er skrevet" in out
    assert plan(root) == PLAN and path.stat().st_mode & 0o777 == 0o444


def test_symlinked_plan_is_refused(root: Path) -> None:
    real = root.parent / "ekte-plan.yaml"
    (root / "implementeringsplan.yaml").rename(real)
    (root / "implementeringsplan.yaml").symlink_to(real)
    code, out = run(root, "registrer", "nord", "avviksmelding", "--status", "i-gang")
    assert code == 1 and "symbolsk lenke" in out and out.count("\n") == 1
    assert (root / "implementeringsplan.yaml").is_symlink() and real.read_text(encoding="utf-8") == PLAN


def test_lock_lives_in_git_folder_of_a_repository(root: Path) -> None:
    git(root, "init", "-q")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "start")
    assert run(root, "registrer", "nord", "avviksmelding", "--status", "i-gang")[0] == 0
    assert (root / ".git" / "handbok-implementeringsplan.yaml.lock").exists()
    assert git(root, "status", "--porcelain", "--ignored") == " M implementeringsplan.yaml\n"


def test_lock_beside_the_plan_is_ignored_by_git(root: Path) -> None:
    assert writing.lock_path(root / "implementeringsplan.yaml") == root / ".implementeringsplan.yaml.lock"
    ignore = (Path(__file__).parents[2] / ".gitignore").read_text(encoding="utf-8").splitlines()
    assert ".implementeringsplan.yaml.lock" in ignore


def test_a_held_lock_makes_the_command_wait_then_refuse(root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(writing, "LOCK_TIMEOUT", 0.2)
    with writing.locked(root / "implementeringsplan.yaml"):
        code, out = run(root, "registrer", "nord", "avviksmelding", "--status", "i-gang")
    assert code == 1 and "låst av en annen handbok-kommando" in out and plan(root) == PLAN
    assert run(root, "registrer", "nord", "avviksmelding", "--status", "i-gang")[0] == 0  # released


# --- personal identifiers never reach the plan -----------------------------------------------------------


@pytest.mark.parametrize("args", [
    ("registrer", "nord", "avviksmelding", "--status", "i-gang", "--hvordan", "Se bruker 010190 12480"),
    ("registrer", "sor", "fallforebygging", "--status", "ikke-aktuelt", "--begrunnelse", "Bruker 010190 12480"),
    ("evaluer", "nord", "fallforebygging", "--svar", "kjent=4", "--merknad", "Gjaldt 010190 12480"),
])
def test_fodselsnummer_in_free_text_is_refused(root: Path, args: tuple[str, ...]) -> None:
    code, out = run(root, *args)
    assert code == 1 and "fødselsnummer" in out and "ikke lagret" in out
    assert plan(root) == PLAN


def test_a_retired_question_cannot_be_answered_any_more(tmp_path: Path) -> None:
    root = copy_base(tmp_path)
    path = root / "implementeringsplan.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace(
        '{id: kjent, tekst: "De ansatte kjenner rutinen."}',
        '{id: kjent, tekst: "De ansatte kjenner rutinen.", utgaatt: true}'), encoding="utf-8")
    assert handbok("--rot", str(root), "sjekk", "--dato", "2026-01-01")[0] == 0  # past answers stay valid
    before = path.read_bytes()
    code, out = run(root, "evaluer", "nord", "fallforebygging", "--svar", "kjent=4", "--dato", "2025-12-01")
    assert code == 1 and "er tatt ut av evalueringsskjemaet" in out
    assert path.read_bytes() == before


def test_reports_on_an_inactive_site_say_so(tmp_path: Path) -> None:
    root = copy_base(tmp_path)
    path = root / "implementeringsplan.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace(
        "{id: sor, navn: Hjemmetjenesten Sør}", "{id: sor, navn: Hjemmetjenesten Sør, aktiv: false}"), encoding="utf-8")
    for args in (("tilsyn", "sor"), ("status", "--tjenestested", "sor")):
        code, out, err = handbok("--rot", str(root), *args, "--dato", "2026-01-01")
        assert (code, out) == (2, "") and "er ikke aktivt" in err and "Traceback" not in err


def _with_routine(root: Path, name: str, dokumentstatus: str, versjon: str = "1.0") -> None:
    text = routine(name, dokumentstatus=dokumentstatus).replace('versjon: "1.0"\n', f'versjon: "{versjon}"\n', 1)
    (root / "rutiner" / f"{name}.md").write_text(text, encoding="utf-8")


@pytest.mark.parametrize("dokumentstatus, versjon, message", [
    ("utkast", "0.1", "ikke godkjent ennå"), ("hoering", "0.2", "ikke godkjent ennå"), ("utgaatt", "1.0", "utgått"),
])
def test_registrer_and_evaluer_refuse_a_routine_not_in_force(root: Path, dokumentstatus: str, versjon: str,
                                                              message: str) -> None:
    _with_routine(root, "ny-rutine", dokumentstatus, versjon)
    for args in (("registrer", "nord", "ny-rutine", "--status", "implementert", "--dato", "2025-05-01"),
                 ("evaluer", "nord", "ny-rutine", "--svar", "kjent=4", "--dato", "2025-05-01")):
        code, out = run(root, *args)
        assert code == 1 and message in out, out
    assert plan(root) == PLAN


def test_tiltak_needs_a_record_first(root: Path) -> None:
    _with_routine(root, "ny-rutine", "gjeldende")
    code, out = run(root, "tiltak", "nord", "ny-rutine", "--beskrivelse", "Opplæring", "--ansvarlig", "avdelingsleder",
                    "--frist", "2025-12-01", "--dato", "2025-10-01")
    assert code == 1 and "Registrer statusen først" in out
    assert plan(root) == PLAN


def test_registrer_refuses_an_inactive_site(root: Path) -> None:
    path = root / "implementeringsplan.yaml"
    path.write_text(PLAN.replace("{id: sor, navn: Hjemmetjenesten Sør}", "{id: sor, navn: Sør, aktiv: false}"),
                    encoding="utf-8")
    before = path.read_bytes()
    code, out = run(root, "registrer", "sor", "fallforebygging", "--status", "implementert", "--dato", "2025-05-01")
    assert code == 1 and "ikke aktivt" in out
    assert path.read_bytes() == before


def test_going_back_needs_tilbake_and_stores_the_reason(root: Path) -> None:
    code, out = run(root, "registrer", "nord", "fallforebygging", "--status", "i-gang", "--dato", "2025-06-01",
                    "--tilbake", "--grunn", "Ny opplæring trengs")
    assert code == 0, out
    assert plan(root) == PLAN.replace(
        '      status: implementert   # etter fagdag\n      versjon: "1.0"\n      dato: 2025-03-01\n',
        '      status: i-gang         # etter fagdag\n      versjon: "1.0"\n      dato: 2025-06-01\n'
        "      tilbakeforinger:\n        - dato: 2025-06-01\n          fra: implementert\n"
        "          grunn: Ny opplæring trengs\n")
    assert handbok("--rot", str(root), "sjekk", "--dato", "2026-01-01")[0] == 0


def test_a_new_version_is_no_step_back_and_keeps_old_evaluations_apart(root: Path) -> None:
    assert run(root, "evaluer", "nord", "fallforebygging", "--svar", "kjent=4", "--dato", "2025-05-01")[0] == 0
    text = plan(root).replace('          versjon: "1.0"\n          svar', "          svar")  # as written by hand
    (root / "implementeringsplan.yaml").write_text(text, encoding="utf-8")
    code, out = run(root, "registrer", "nord", "fallforebygging", "--status", "implementert", "--versjon", "1.1",
                    "--dato", "2025-06-01")
    assert code == 0, out
    assert '        - dato: 2025-05-01\n          versjon: "1.0"\n          svar: {kjent: 4}\n' in plan(root)
    from handbok.checks.run import check_repository
    from datetime import date
    record = check_repository(root, date(2026, 1, 1)).handbok.plan.registrering("nord", "fallforebygging")
    assert record is not None and len(record.evalueringer) == 1 and record.gjeldende_evalueringer == ()


def test_tiltak_opens_answers_the_low_evaluation_and_closes(root: Path) -> None:
    path = root / "implementeringsplan.yaml"
    path.write_text(PLAN.replace("  skala: {min: 1, maks: 5}\n", "  skala: {min: 1, maks: 5}\n  tiltak_under: 3\n"),
                    encoding="utf-8")
    assert run(root, "evaluer", "nord", "fallforebygging", "--svar", "kjent=2", "--dato", "2025-05-01")[0] == 0
    code, out, _ = handbok("--rot", str(root), "sjekk", "--dato", "2025-06-01")
    assert code == 0 and "advarsel[lav-evaluering-uten-tiltak]" in out
    code, out = run(root, "tiltak", "nord", "fallforebygging", "--beskrivelse", "Repetere rutinen på personalmøtet",
                    "--ansvarlig", "avdelingsleder", "--frist", "2025-07-01", "--dato", "2025-05-10")
    assert code == 0 and "Tiltak t1 registrert" in out, out
    assert ("      tiltak:\n        - id: t1\n          beskrivelse: Repetere rutinen på personalmøtet\n"
            "          ansvarlig: avdelingsleder\n          frist: 2025-07-01\n          status: apen\n"
            "          opprettet: 2025-05-10\n          evaluering: 2025-05-01\n\n    avviksmelding:") in plan(root)
    code, out, _ = handbok("--rot", str(root), "sjekk", "--dato", "2025-08-01")
    assert "lav-evaluering-uten-tiltak" not in out and "advarsel[tiltak-forfalt]" in out
    code, out = run(root, "tiltak", "nord", "fallforebygging", "--lukk", "t1", "--resultat", "Alle har fått repetisjon",
                    "--dato", "2025-07-15")
    assert code == 0, out
    assert ("          status: lukket\n          opprettet: 2025-05-10\n          evaluering: 2025-05-01\n"
            "          lukket_dato: 2025-07-15\n          resultat: Alle har fått repetisjon\n") in plan(root)
    code, out, _ = handbok("--rot", str(root), "sjekk", "--dato", "2025-08-01")
    assert code == 0 and "tiltak" not in out
    code, out = run(root, "tiltak", "nord", "fallforebygging", "--lukk", "t1", "--resultat", "Igjen")
    assert code == 1 and "ble lukket 15.07.2025" in out


def test_tiltak_for_a_role_description_in_the_plan_follows_the_routine_rules(root: Path) -> None:
    """A versioned funksjonsbeskrivelse in the plan is evaluated, corrected and followed up like a routine."""
    (root / "implementeringsplan.yaml").write_text(PLAN.replace(
        "  skala: {min: 1, maks: 5}\n", "  skala: {min: 1, maks: 5}\n  tiltak_under: 3\n").replace(
        "    rutiner: [fallforebygging, avviksmelding]\n",
        "    rutiner: [fallforebygging, avviksmelding]\n    funksjonsbeskrivelser: [sykepleier]\n"), encoding="utf-8")
    assert run(root, "registrer", "nord", "sykepleier", "--status", "implementert", "--dato", "2025-03-01")[0] == 0
    assert run(root, "evaluer", "nord", "sykepleier", "--svar", "kjent=2", "--dato", "2025-05-01")[0] == 0
    code, out, _ = handbok("--rot", str(root), "sjekk", "--dato", "2025-06-01")
    assert code == 0 and "advarsel[lav-evaluering-uten-tiltak]" in out and "handbok tiltak nord sykepleier" in out
    code, out = run(root, "tiltak", "nord", "sykepleier", "--beskrivelse", "Gå gjennom funksjonsbeskrivelsen",
                    "--ansvarlig", "avdelingsleder", "--frist", "2025-07-01", "--dato", "2025-05-10")
    assert code == 0 and "Tiltak t1 registrert: nord / sykepleier" in out, out
    code, out, _ = handbok("--rot", str(root), "sjekk", "--dato", "2025-08-01")
    assert "lav-evaluering-uten-tiltak" not in out and "advarsel[tiltak-forfalt]" in out
    code, out = run(root, "status", "--dato", "2025-08-01")  # lists the role description's overdue tiltak by title
    assert code == 0 and "  Hjemmetjenesten Nord: Sykepleier: Gå gjennom funksjonsbeskrivelsen (ansvarlig:" in out
    assert run(root, "tiltak", "nord", "sykepleier", "--lukk", "t1", "--resultat", "Gjennomgått",
               "--dato", "2025-07-15")[0] == 0
    code, out = run(root, "tilsyn", "nord", "--dato", "2025-08-01")
    assert code == 0
    roles = out.split("<h2>Funksjonsbeskrivelser i implementeringsplanen</h2>", 1)[1].split("<h2>", 1)[0]
    assert '<th scope="row">Sykepleier</th>' in roles and "Evaluert" in roles
    assert "<li>1 av 1 funksjonsbeskrivelser i implementeringsplanen er implementert.</li>" in out
    assert ('<caption>Tiltak per rutine og funksjonsbeskrivelse</caption>' in out
            and '<th scope="row">Sykepleier</th><td data-etikett="Tiltak">Gå gjennom funksjonsbeskrivelsen' in out)
