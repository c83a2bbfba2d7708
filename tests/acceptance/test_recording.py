"""`registrer`, `evaluer` and `tiltak`: each appends one dated entry to implementering/<sted>.yaml and loses nothing."""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path

import pytest

import handbok.checks.run as checks_run
import handbok.edit.yamlfile as yamlfile
import handbok.source.writing as writing
from conftest import copy_base, git, routine
from conftest import run as handbok
from handbok.checks.run import check_repository
from handbok.source.cache import Cache

NORD = """\
# Nords historikk — kommentarene skal overleve.
tjenestested: nord
dokumenter:
  # Nord tok fall først.
  fallforebygging:
    - dato: 2025-03-01   # etter fagdag
      hendelse: implementert
      versjon: '1.0'
      hvordan: Gjennomgått på personalmøte.

  avviksmelding:
    - {dato: 2025-01-20, hendelse: planlagt}
# slutt på historikken
"""
SOR = "implementering/sor.yaml"


@pytest.fixture
def root(tmp_path: Path) -> Path:
    target = copy_base(tmp_path)
    (target / "implementering" / "nord.yaml").write_text(NORD, encoding="utf-8")
    return target


def run(root: Path, *args: str) -> tuple[int, str]:
    code, out, err = handbok("--rot", str(root), *args)
    return code, out + err


def nord(root: Path) -> str:
    return (root / "implementering" / "nord.yaml").read_text(encoding="utf-8")


def files(root: Path) -> dict[str, bytes]:
    """Every file of the handbook (the hidden lock files a command leaves beside them are not content)."""
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*")
            if p.is_file() and not (p.name.startswith(".") and p.name.endswith(".lock"))}


def test_registrer_appends_one_entry_and_changes_nothing_else(root: Path) -> None:
    code, out = run(root, "registrer", "nord", "fallforebygging", "--status", "implementert", "--versjon", "1.1",
                    "--dato", "2025-09-01", "--hvordan", "Fast tema: på personalmøtet")
    assert code == 0 and out == "Registrert: nord / fallforebygging: implementert, versjon 1.1.\n", out
    assert nord(root) == NORD.replace(
        "      hvordan: Gjennomgått på personalmøte.\n",
        "      hvordan: Gjennomgått på personalmøte.\n"
        '    - dato: 2025-09-01\n      hendelse: implementert\n      versjon: "1.1"\n'
        '      hvordan: "Fast tema: på personalmøtet"\n')


def test_a_new_document_and_a_new_site_file(root: Path) -> None:
    assert run(root, "registrer", "nord", "sykepleier", "--status", "planlagt", "--dato", "2025-05-05")[0] == 0
    assert nord(root) == NORD.replace("# slutt på historikken\n", "  sykepleier:\n    - dato: 2025-05-05\n"
                                      "      hendelse: planlagt\n# slutt på historikken\n")
    (root / "implementering" / "sor.yaml").unlink()
    assert run(root, "registrer", "sor", "fallforebygging", "--status", "i-gang", "--dato", "2025-05-06")[0] == 0
    text = (root / SOR).read_text(encoding="utf-8")
    assert text.startswith("# Implementeringshistorikk for Hjemmetjenesten Sør.")
    assert text.endswith('tjenestested: sor\ndokumenter:\n  fallforebygging:\n    - dato: 2025-05-06\n'
                         '      hendelse: i-gang\n      versjon: "1.1"\n')
    assert run(root, "evaluer", "nord", "fallforebygging", "--svar", "kjent=4", "fungerer=2", "--dato", "2025-06-01")[0] == 0
    assert "      hendelse: evaluert\n      versjon: \"1.0\"\n      svar: {kjent: 4, fungerer: 2}\n\n  avviksmelding:" in nord(root)


def test_evaluer_answers_the_whole_form_in_its_order(root: Path) -> None:
    code, out = run(root, "evaluer", "nord", "fallforebygging", "--svar", "fungerer=2", "kjent=4",
                    "--merknad", "Trenger repetisjon", "--dato", "2025-10-01")
    assert code == 0 and "(2 svar)" in out, out
    assert ('    - dato: 2025-10-01\n      hendelse: evaluert\n      versjon: "1.0"\n      svar: {kjent: 4, fungerer: 2}\n'
            '      merknad: "Trenger repetisjon"\n\n  avviksmelding:') in nord(root)
    record = check_repository(root, date(2026, 1, 1)).handbok.plan.registrering("nord", "fallforebygging")
    assert record is not None and record.status == "evaluert" and len(record.hendelser) == 2


@pytest.mark.parametrize("args, message", [
    (("registrer", "vest", "fallforebygging", "--status", "planlagt"), "Tjenestestedet «vest» finnes ikke"),
    (("registrer", "../nord", "fallforebygging", "--status", "planlagt"), "Tjenestestedet «../nord» finnes ikke"),
    (("registrer", "nord", "fallforebyging", "--status", "planlagt"), "Mente du «fallforebygging»?"),
    (("registrer", "nord", "fallforebygging", "--status", "ferdig"), "Status «ferdig» finnes ikke"),
    (("registrer", "nord", "fallforebygging", "--status", "evaluert"), "handbok evaluer nord fallforebygging"),
    (("registrer", "nord", "fallforebygging", "--status", "implementert", "--versjon", "1.2"), "høyere enn gjeldende"),
    (("registrer", "sor", "avviksmelding", "--status", "planlagt"), "gjelder ikke for sor"),
    (("registrer", "nord", "fallforebygging", "--status", "ikke-aktuelt"), "krever en begrunnelse"),
    (("evaluer", "nord", "fallforebygging", "--svar", "kjent=6", "fungerer=3"), "utenfor skalaen 1–5"),
    (("evaluer", "nord", "fallforebygging", "--svar", "nytte=3"), "finnes ikke i evalueringsskjemaet"),
    (("evaluer", "nord", "fallforebygging", "--svar", "kjent=3"), "svar mangler på fungerer"),
    (("evaluer", "nord", "fallforebygging", "--svar", "kjent"), "spørsmål=tall"),
    (("evaluer", "nord", "fallforebygging", "--svar", "kjent=3", "fungerer=vet-ikke"), "tillater ikke «vet-ikke»"),
    (("evaluer", "sor", "fallforebygging", "--svar", "kjent=3", "fungerer=3"), "Registrer implementeringen først"),
    (("registrer", "nord", "fallforebygging", "--status", "i-gang", "--dato", "2099-01-01"), "fram i tid"),
    (("evaluer", "nord", "fallforebygging", "--svar", "kjent=3", "fungerer=3", "--dato", "2099-01-01"), "fram i tid"),
    (("tiltak", "nord", "fallforebygging", "--beskrivelse", "Opplæring", "--ansvarlig", "avdelingsleder",
      "--frist", "2099-12-01", "--dato", "2099-01-01"), "fram i tid"),
    (("registrer", "nord", "fallforebygging", "--status", "i-gang"), "steg tilbake"),
    (("registrer", "nord", "fallforebygging", "--status", "planlagt", "--versjon", "1.0"), "steg tilbake"),
    (("registrer", "nord", "fallforebygging", "--status", "i-gang", "--tilbake"), "hører sammen"),
    (("registrer", "nord", "fallforebygging", "--status", "i-gang", "--grunn", "Feil"), "hører sammen"),
    (("registrer", "nord", "fallforebygging", "--status", "implementert", "--tilbake", "--grunn", "Feil"),
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
    before = files(root)
    code, out = run(root, *args)
    assert code == 1 and out.count("\n") == 1
    assert message in out
    assert files(root) == before


def test_failure_while_writing_leaves_old_file(root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def crash(src: str, dst: str) -> None:
        raise OSError(28, "No space left on device", src, dst)

    monkeypatch.setattr(writing.os, "replace", crash)
    code, out = run(root, "registrer", "nord", "avviksmelding", "--status", "i-gang", "--dato", "2025-02-01")
    assert code == 2 and out == f"handbok: Kunne ikke bruke «{root / 'implementering' / 'nord.yaml'}»: disken er full.\n"
    assert nord(root) == NORD
    hidden = sorted(p.name for p in root.iterdir() if p.name.startswith("."))
    assert hidden == [".implementering-nord.yaml.lock"]  # no temp file left behind; the lock stays, ignored by git
    assert not [p for p in (root / "implementering").iterdir() if p.name.startswith(".")]


def test_concurrent_edit_is_refused(root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    real_validate = yamlfile._validate
    someone_else = NORD.replace("# slutt på historikken", "# slutt på historikken (endret av en kollega)")

    def edit_meanwhile(*args: object) -> None:
        (root / "implementering" / "nord.yaml").write_text(someone_else, encoding="utf-8")
        real_validate(*args)  # type: ignore[arg-type]

    monkeypatch.setattr(yamlfile, "_validate", edit_meanwhile)
    code, out = run(root, "registrer", "nord", "avviksmelding", "--status", "i-gang", "--dato", "2025-02-01")
    assert code == 1 and "endret av noen andre" in out
    assert nord(root) == someone_else


def test_crlf_and_bom_are_kept(root: Path) -> None:
    raw = ("\ufeff" + NORD).replace("\n", "\r\n").encode("utf-8")
    (root / "implementering" / "nord.yaml").write_bytes(raw)
    assert run(root, "registrer", "nord", "avviksmelding", "--status", "i-gang", "--dato", "2025-02-02")[0] == 0
    after = (root / "implementering" / "nord.yaml").read_bytes()
    assert after == raw.replace(b"# slutt", b'    - dato: 2025-02-02\r\n      hendelse: i-gang\r\n      versjon: "2.0"\r\n'
                                            b"# slutt")  # only lines added, each with the file's CRLF; the BOM stays


def test_change_that_breaks_the_file_is_refused_and_an_existing_error_stays(root: Path) -> None:
    broken = NORD.replace("{dato: 2025-01-20, hendelse: planlagt}", "{dato: 2025-13-01, hendelse: planlagt}")
    (root / "implementering" / "nord.yaml").write_text(broken, encoding="utf-8")
    # The existing error stays; registering elsewhere in the file still works and does not touch it.
    assert run(root, "registrer", "nord", "fallforebygging", "--status", "implementert", "--versjon", "1.1",
               "--dato", "2025-02-02")[0] == 0
    assert "dato: 2025-13-01" in nord(root)
    assert os.stat(root / "implementering" / "nord.yaml").st_mode & 0o600 == 0o600


# --- line endings: every line keeps its own -------------------------------------------------------------


def mixed(text: str) -> str:
    """`text` with LF, CRLF and CR endings in turn."""
    lines = text.split("\n")
    endings = ["\n", "\r\n", "\r"]
    return "".join(line + endings[i % 3] for i, line in enumerate(lines[:-1])) + lines[-1]


def test_mixed_line_endings_are_kept_and_added_lines_take_the_ending_before(root: Path) -> None:
    raw = mixed(NORD)
    (root / "implementering" / "nord.yaml").write_bytes(raw.encode("utf-8"))
    assert run(root, "registrer", "nord", "fallforebygging", "--status", "implementert", "--versjon", "1.1",
               "--hvordan", "Fagdag", "--dato", "2025-03-02")[0] == 0
    after = (root / "implementering" / "nord.yaml").read_bytes().decode("utf-8")
    before_lines, after_lines = yamlfile.split_lines(raw), yamlfile.split_lines(after)
    added = after_lines[0].index('      hvordan: "Fagdag"')
    assert after_lines[1][added] == after_lines[1][added - 1]
    kept = len(before_lines[0]) - 9  # the document's lines before the new entry are as they were
    assert after_lines[0][:kept] == before_lines[0][:kept] and after_lines[1][:kept] == before_lines[1][:kept]
    assert after_lines[0][-4:] == before_lines[0][-4:] and after_lines[1][-4:] == before_lines[1][-4:]


@pytest.mark.parametrize("bom", ["", "\ufeff"])
def test_cr_only_file_is_changed_and_stays_cr_only(root: Path, bom: str) -> None:
    raw = bom + NORD.replace("\n", "\r")
    (root / "implementering" / "nord.yaml").write_bytes(raw.encode("utf-8"))
    code, out = run(root, "registrer", "nord", "avviksmelding", "--status", "i-gang", "--dato", "2025-05-01")
    assert code == 0, out
    after = (root / "implementering" / "nord.yaml").read_bytes().decode("utf-8")
    assert "\n" not in after and after.startswith(bom or "#")
    assert run(root, "evaluer", "nord", "fallforebygging", "--svar", "kjent=4", "fungerer=4", "--dato", "2025-06-01")[0] == 0
    assert b"\n" not in (root / "implementering" / "nord.yaml").read_bytes()


def test_endings_for_a_last_line_without_ending() -> None:
    # lines a, b (last, no ending) become a, b, c: b now needs an ending, c is last.
    assert yamlfile.endings_for(["\r\n", ""], 2, 2, 1) == ["\r\n", "\r\n", ""]
    assert yamlfile.split_lines("a\r\nb\rc\n") == (["a", "b", "c", ""], ["\r\n", "\r", "\n", ""])


# --- refusals instead of damage ----------------------------------------------------------------------


@pytest.mark.parametrize("args", [("registrer", "nord", "avviksmelding", "--status", "i-gang"),
                                  ("evaluer", "nord", "fallforebygging", "--svar", "kjent=4", "fungerer=4")])
def test_write_protected_file_is_refused(root: Path, args: tuple[str, ...]) -> None:
    path = root / "implementering" / "nord.yaml"
    path.chmod(0o444)
    code, out = run(root, *args)
    assert code == 1 and out.count("\n") == 1 and "skrivebeskyttet" in out and "Ingenting er skrevet" in out
    assert nord(root) == NORD and path.stat().st_mode & 0o777 == 0o444


def test_symlinked_file_is_refused(root: Path) -> None:
    real = root.parent / "ekte-nord.yaml"
    (root / "implementering" / "nord.yaml").rename(real)
    (root / "implementering" / "nord.yaml").symlink_to(real)
    code, out = run(root, "registrer", "nord", "avviksmelding", "--status", "i-gang")
    assert code == 1 and "symbolsk lenke" in out and out.count("\n") == 1
    assert (root / "implementering" / "nord.yaml").is_symlink() and real.read_text(encoding="utf-8") == NORD


def test_lock_lives_in_git_folder_of_a_repository(root: Path) -> None:
    git(root, "init", "-q")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "start")
    assert run(root, "registrer", "nord", "avviksmelding", "--status", "i-gang", "--dato", "2025-02-01")[0] == 0
    assert (root / ".git" / "handbok-implementering-nord.yaml.lock").exists()
    assert git(root, "status", "--porcelain", "--ignored") == " M implementering/nord.yaml\n"


def test_locks_beside_the_files_are_ignored_by_git(root: Path) -> None:
    assert writing.lock_path(root / "implementering-nord.yaml") == root / ".implementering-nord.yaml.lock"
    ignore = (Path(__file__).parents[2] / ".gitignore").read_text(encoding="utf-8").splitlines()
    assert ".implementeringsplan.yaml.lock" in ignore and ".implementering-*.lock" in ignore


def test_a_held_lock_makes_the_command_wait_then_refuse(root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(writing, "LOCK_TIMEOUT", 0.2)
    with writing.locked(root / "implementering-nord.yaml"):
        code, out = run(root, "registrer", "nord", "avviksmelding", "--status", "i-gang", "--dato", "2025-02-01")
    assert code == 1 and "låst av en annen handbok-kommando" in out and nord(root) == NORD
    assert run(root, "registrer", "nord", "avviksmelding", "--status", "i-gang", "--dato", "2025-02-01")[0] == 0


def test_a_history_edit_renders_no_routine(root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The one editor validates with the cache: only the changed file is read again, no body is rendered."""
    git(root, "init", "-q")
    assert handbok("--rot", str(root), "sjekk", "--dato", "2026-01-01")[0] == 0  # fills the cache in .git/
    rendered: list[str] = []
    real = checks_run.render

    def counting(text: str, *args: object) -> str:
        rendered.append(text)
        return real(text, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(checks_run, "render", counting)
    assert run(root, "registrer", "nord", "avviksmelding", "--status", "i-gang", "--dato", "2025-02-01")[0] == 0
    assert run(root, "evaluer", "nord", "fallforebygging", "--svar", "kjent=4", "fungerer=4", "--dato", "2025-06-01")[0] == 0
    assert rendered == []
    cold = Cache(None)  # no cache file: each body is rendered once, not once for the check and again for the result
    from handbok.edit.recording import NyRegistrering, registrer
    registrer(root, date(2026, 1, 1), "nord", "avviksmelding", NyRegistrering("implementert", dato=date(2025, 3, 1)),
              cold)
    assert rendered and len(rendered) == len(set(rendered))


# --- personal identifiers never reach the history --------------------------------------------------------


@pytest.mark.parametrize("args", [
    ("registrer", "nord", "avviksmelding", "--status", "i-gang", "--hvordan", "Se bruker 010190 12480"),
    ("registrer", "sor", "fallforebygging", "--status", "ikke-aktuelt", "--begrunnelse", "Bruker 010190 12480"),
    ("evaluer", "nord", "fallforebygging", "--svar", "kjent=4", "fungerer=4", "--merknad", "Gjaldt 010190 12480"),
])
def test_fodselsnummer_in_free_text_is_refused(root: Path, args: tuple[str, ...]) -> None:
    before = files(root)
    code, out = run(root, *args)
    assert code == 1 and "fødselsnummer" in out and "ikke lagret" in out
    assert files(root) == before


def test_a_retired_question_cannot_be_answered_any_more(tmp_path: Path) -> None:
    root = copy_base(tmp_path)
    path = root / "implementeringsplan.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace(
        '{id: kjent, tekst: "De ansatte kjenner rutinen."}',
        '{id: kjent, tekst: "De ansatte kjenner rutinen.", utgaatt: true}'), encoding="utf-8")
    assert handbok("--rot", str(root), "sjekk", "--dato", "2026-01-01")[0] == 0  # past answers stay valid
    before = files(root)
    code, out = run(root, "evaluer", "nord", "fallforebygging", "--svar", "kjent=4", "--dato", "2025-12-01")
    assert code == 1 and "er tatt ut av evalueringsskjemaet" in out
    assert files(root) == before
    assert run(root, "evaluer", "nord", "fallforebygging", "--svar", "fungerer=4", "--dato", "2025-12-01")[0] == 0


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
    before = files(root)
    for args in (("registrer", "nord", "ny-rutine", "--status", "implementert", "--dato", "2025-05-01"),
                 ("evaluer", "nord", "ny-rutine", "--svar", "kjent=4", "fungerer=4", "--dato", "2025-05-01")):
        code, out = run(root, *args)
        assert code == 1 and message in out, out
    assert files(root) == before


def test_tiltak_needs_a_record_first(root: Path) -> None:
    _with_routine(root, "ny-rutine", "gjeldende")
    before = files(root)
    code, out = run(root, "tiltak", "nord", "ny-rutine", "--beskrivelse", "Opplæring", "--ansvarlig", "avdelingsleder",
                    "--frist", "2025-12-01", "--dato", "2025-10-01")
    assert code == 1 and "Registrer statusen først" in out
    assert files(root) == before


def test_registrer_refuses_an_inactive_site(root: Path) -> None:
    path = root / "implementeringsplan.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("{id: sor, navn: Hjemmetjenesten Sør}",
                                                             "{id: sor, navn: Sør, aktiv: false}"), encoding="utf-8")
    before = files(root)
    code, out = run(root, "registrer", "sor", "fallforebygging", "--status", "implementert", "--dato", "2025-05-01")
    assert code == 1 and "ikke aktivt" in out
    assert files(root) == before


def test_going_back_is_an_entry_with_its_reason(root: Path) -> None:
    code, out = run(root, "registrer", "nord", "fallforebygging", "--status", "i-gang", "--dato", "2025-06-01",
                    "--tilbake", "--grunn", "Ny opplæring trengs")
    assert code == 0, out
    assert nord(root) == NORD.replace(
        "      hvordan: Gjennomgått på personalmøte.\n",
        "      hvordan: Gjennomgått på personalmøte.\n"
        '    - dato: 2025-06-01\n      hendelse: tilbake\n      versjon: "1.0"\n      status: i-gang\n'
        '      grunn: "Ny opplæring trengs"\n')
    record = check_repository(root, date(2026, 1, 1)).handbok.plan.registrering("nord", "fallforebygging")
    assert record is not None and record.status == "i-gang" and record.tilbakeforinger[0].fra == "implementert"
    assert handbok("--rot", str(root), "sjekk", "--dato", "2026-01-01")[0] == 0


def test_a_new_version_is_no_step_back_and_keeps_old_evaluations_apart(root: Path) -> None:
    assert run(root, "evaluer", "nord", "fallforebygging", "--svar", "kjent=4", "fungerer=4", "--dato", "2025-05-01")[0] == 0
    code, out = run(root, "registrer", "nord", "fallforebygging", "--status", "implementert", "--versjon", "1.1",
                    "--dato", "2025-06-01")
    assert code == 0, out
    record = check_repository(root, date(2026, 1, 1)).handbok.plan.registrering("nord", "fallforebygging")
    assert record is not None and record.versjon is not None and str(record.versjon) == "1.1"
    assert len(record.evalueringer) == 1 and record.gjeldende_evalueringer == ()


def test_tiltak_opens_answers_the_low_evaluation_and_closes(root: Path) -> None:
    path = root / "implementeringsplan.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("  skala: {min: 1, maks: 5}\n",
                                                             "  skala: {min: 1, maks: 5}\n  tiltak_under: 3\n"),
                    encoding="utf-8")
    assert run(root, "evaluer", "nord", "fallforebygging", "--svar", "kjent=2", "fungerer=4", "--dato", "2025-05-01")[0] == 0
    code, out, _ = handbok("--rot", str(root), "sjekk", "--dato", "2025-06-01")
    assert code == 0 and "advarsel[lav-evaluering-uten-tiltak]" in out
    code, out = run(root, "tiltak", "nord", "fallforebygging", "--beskrivelse", "Repetere rutinen på personalmøtet",
                    "--ansvarlig", "avdelingsleder", "--frist", "2025-07-01", "--dato", "2025-05-10")
    assert code == 0 and "Tiltak t1 registrert" in out, out
    assert ('    - dato: 2025-05-10\n      hendelse: tiltak\n      versjon: "1.0"\n      id: t1\n'
            '      beskrivelse: "Repetere rutinen på personalmøtet"\n      ansvarlig: avdelingsleder\n'
            '      frist: 2025-07-01\n      evaluering: 2025-05-01\n\n  avviksmelding:') in nord(root)
    code, out, _ = handbok("--rot", str(root), "sjekk", "--dato", "2025-08-01")
    assert "lav-evaluering-uten-tiltak" not in out and "advarsel[tiltak-forfalt]" in out
    code, out = run(root, "tiltak", "nord", "fallforebygging", "--lukk", "t1", "--resultat", "Alle har fått repetisjon",
                    "--dato", "2025-07-15")
    assert code == 0, out
    assert ('    - dato: 2025-07-15\n      hendelse: tiltak-lukket\n      id: t1\n'
            '      resultat: "Alle har fått repetisjon"\n') in nord(root)
    code, out, _ = handbok("--rot", str(root), "sjekk", "--dato", "2025-08-01")
    assert code == 0 and "tiltak" not in out
    code, out = run(root, "tiltak", "nord", "fallforebygging", "--lukk", "t1", "--resultat", "Igjen")
    assert code == 1 and "ble lukket 15.07.2025" in out


def test_tiltak_for_a_role_description_in_the_plan_follows_the_routine_rules(root: Path) -> None:
    """A versioned funksjonsbeskrivelse in the plan is evaluated, corrected and followed up like a routine."""
    path = root / "implementeringsplan.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace(
        "  skala: {min: 1, maks: 5}\n", "  skala: {min: 1, maks: 5}\n  tiltak_under: 3\n").replace(
        "    rutiner: [fallforebygging, avviksmelding]\n",
        "    rutiner: [fallforebygging, avviksmelding]\n    funksjonsbeskrivelser: [sykepleier]\n"), encoding="utf-8")
    assert run(root, "registrer", "nord", "sykepleier", "--status", "implementert", "--dato", "2025-03-01")[0] == 0
    assert run(root, "evaluer", "nord", "sykepleier", "--svar", "kjent=2", "fungerer=4", "--dato", "2025-05-01")[0] == 0
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
    assert "<h3>Sykepleier (funksjonsbeskrivelse)</h3>" in out
