"""The CLI contract: output formats, exit codes 0/1/2, Norwegian help and usage, the error boundary, `ny`."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from conftest import copy_base, run
from handbok.cli.arguments import norwegian
from handbok.source.writing import WriteRefused, create_exclusive

ENGLISH = ("usage", "options", "positional arguments", "show this help", "the following", "invalid choice",
           "unrecognized", "expected", "required", "error:")
COMMANDS = ("sjekk", "status", "bygg", "registrer", "evaluer", "tilsyn", "pr-sjekk", "ny")
COMMANDS_ALL = ("sjekk", "status", "bygg", "forhandsvis", "tilsyn", "pr-sjekk", "registrer", "evaluer", "tiltak",
                "flytt-historikk", "ny", "importer", "avvik", "kompetanse", "bekreftelser", "varsle", "region", "init")


@pytest.fixture
def root(tmp_path: Path) -> Path:
    return copy_base(tmp_path)


def assert_norwegian(text: str) -> None:
    assert not [word for word in ENGLISH if word in text.lower()], text


def test_sjekk_text_line_format(root: Path) -> None:
    path = root / "rutiner" / "avviksmelding.md"
    path.write_text(path.read_text(encoding="utf-8").replace("eier: avdelingsleder", "eier: avdelingsledr"),
                    encoding="utf-8")
    code, out, _ = run("--rot", str(root), "sjekk", "--dato", "2026-01-01")
    assert code == 1
    assert out.splitlines() == [
        "rutiner/avviksmelding.md:6: feil[ukjent-rolle] eier: Rollen «avdelingsledr» finnes ikke. "
        "Mente du «avdelingsleder»?",
        "1 feil.",
    ]


def test_streng_makes_warnings_fail(root: Path) -> None:
    assert run("--rot", str(root), "sjekk", "--dato", "2027-03-01")[0] == 0
    code, out, _ = run("--rot", str(root), "sjekk", "--dato", "2027-03-01", "--streng", "--format", "json")
    assert code == 1
    assert json.loads(out)["antall_advarsler"] == 1


# --- help and usage, in Norwegian only ---------------------------------------------------------------

# Every command a user can type, the two-word ones too.
EVERY_COMMAND = (*(name.split() for name in (*COMMANDS_ALL, "avvik importer", "kompetanse importer",
                                            "bekreftelser importer")),)


@pytest.mark.parametrize("args", [("-h",), ("--hjelp",), ("--help",), *((command, "-h") for command in COMMANDS)])
def test_help_is_norwegian_on_stdout(root: Path, args: tuple[str, ...]) -> None:
    code, out, err = run("--rot", str(root), *args)
    assert code == 0 and err == ""
    assert out.startswith("bruk: handbok") and "vis denne hjelpen og avslutt" in out
    assert "valg:" in out
    assert_norwegian(out)


def test_top_level_help_lists_every_command(root: Path) -> None:
    out = run("-h")[1]
    assert "kommandoer:" in out and all(command in out for command in COMMANDS)


def test_handbok_alone_lists_every_command_on_one_line_each(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "80")  # a terminal of 80 columns: no command's line may wrap
    code, out, err = run()
    assert code == 0 and err == ""
    listing = out.split("KOMMANDO\n", 1)[1].split("\n\n", 1)[0].splitlines()
    names = [line.split()[0] for line in listing]
    assert names == [name for name in COMMANDS_ALL]
    assert all(len(line.split(None, 1)) == 2 and len(line) <= 80 for line in listing), listing
    assert "handbok KOMMANDO --help" in out


@pytest.mark.parametrize("command", EVERY_COMMAND, ids=" ".join)
@pytest.mark.parametrize("flag", ["-h", "--help", "--hjelp"])
def test_every_command_answers_help_with_an_example_that_parses(command: list[str], flag: str) -> None:
    import shlex

    from handbok.cli.main import build_parser

    code, out, err = run(*command, flag)
    assert code == 0 and err == "" and out.startswith("bruk: handbok " + " ".join(command))
    assert_norwegian(out)
    shown = out.split("\neksempel:\n", 1)[1].splitlines()
    assert shown and all(line.startswith("  handbok " + " ".join(command)) for line in shown), out
    for line in shown:  # the example is what the command accepts (a redirect is the shell's, not ours)
        words = shlex.split(line.split(" > ")[0])[1:]
        assert build_parser(io.StringIO(), io.StringIO()).parse_args(words).kommando == command[0]


@pytest.mark.parametrize("args", [
    ("finnes-ikke",),
    ("sjekk", "--format", "xml"),
    ("sjekk", "--dato", "01.02.2026"),
    ("sjekk", "--dato"),
    ("sjekk", "overflødig"),
    ("sjekk", "--ukjent"),
    ("status", "--format"),
    ("status", "--format", "pdf"),
    ("status", "--tjenestested"),
    ("registrer", "nord"),
    ("registrer", "nord", "fallforebygging"),
    ("evaluer", "nord", "fallforebygging"),
    ("evaluer", "nord", "fallforebygging", "--svar"),
    ("tilsyn",),
    ("pr-sjekk",),
    ("pr-sjekk", "--base"),
    ("ny", "skjema", "x", "--tittel", "T"),
    ("ny", "rutine", "x"),
    ("bygg", "--dato", "i-morgen"),
    ("--rot",),
])
def test_usage_errors_exit_2_in_norwegian(root: Path, args: tuple[str, ...]) -> None:
    code, out, err = run("--rot", str(root), *args)
    assert code == 2 and out == ""
    lines = err.splitlines()
    assert lines[0].startswith("bruk: handbok") and lines[-1].startswith("handbok: ")
    assert "Traceback" not in err
    assert_norwegian(err)


@pytest.mark.parametrize("english", [
    "the following arguments are required: --base",
    "argument --format: invalid choice: 'xml' (choose from 'tekst', 'json')",
    "unrecognized arguments: x y",
    "argument --dato: expected one argument",
    "argument --svar: expected at least one argument",
    "argument --x: expected at most one argument",
    "argument --x: expected 2 arguments",
    "argument --n: invalid int value: 'tre'",
    "ambiguous option: --s could match --status, --streng",
    "argument --a: not allowed with argument --b",
    "argument --streng: ignored explicit argument 'ja'",
    "one of the arguments --a --b is required",
    "unexpected option string: --x",
    "can't open 'fil.txt': [Errno 2] No such file or directory",
])
def test_every_argparse_message_is_translated(english: str) -> None:
    assert_norwegian(norwegian(english))


def test_not_a_handbook_exit_2(tmp_path: Path) -> None:
    code, _, err = run("--rot", str(tmp_path), "sjekk")
    assert code == 2 and "Fant ingen håndbok" in err


# --- the error boundary ---------------------------------------------------------------------------------

def test_tilsyn_to_a_missing_folder_is_one_norwegian_line(root: Path) -> None:
    code, out, err = run("--rot", str(root), "tilsyn", "sor", "--ut", "/finnes/ikke/x.html", "--dato", "2026-01-01")
    assert code == 2 and out == ""
    assert err == "handbok: Kunne ikke bruke «/finnes/ikke»: finnes ikke.\n"


def test_tilsyn_to_a_folder_is_one_norwegian_line(root: Path) -> None:
    code, _, err = run("--rot", str(root), "tilsyn", "sor", "--ut", str(root), "--dato", "2026-01-01")
    assert code == 2 and err.count("\n") == 1 and "Traceback" not in err
    assert_norwegian(err)


# --- ny -----------------------------------------------------------------------------------------------

def test_ny_rutine_is_valid_and_never_overwrites(root: Path) -> None:
    code, out, _ = run("--rot", str(root), "ny", "rutine", "ernaering", "--tittel", "Ernæring: måltider",
                       "--eier", "sykepleier")
    assert code == 0 and "rutiner/ernaering.md" in out
    assert run("--rot", str(root), "sjekk", "--dato", "2026-01-01")[0] == 0
    before = (root / "rutiner" / "ernaering.md").read_bytes()
    code, out, err = run("--rot", str(root), "ny", "rutine", "ernaering", "--tittel", "Annet")
    assert code == 1 and out == "" and "finnes allerede" in err and err.count("\n") == 1
    assert (root / "rutiner" / "ernaering.md").read_bytes() == before


def test_ny_funksjon_and_bad_id(root: Path) -> None:
    assert run("--rot", str(root), "ny", "funksjon", "ergoterapeut", "--tittel", "Ergoterapeut")[0] == 0
    code, out, err = run("--rot", str(root), "ny", "funksjon", "Fysio Terapeut", "--tittel", "X")
    assert code == 1 and out == "" and "«fysio-terapeut»" in err


def test_create_exclusive_refuses_a_file_created_meanwhile(tmp_path: Path) -> None:
    target = tmp_path / "a.md"
    target.write_text("kollegaens tekst", encoding="utf-8")
    with pytest.raises(WriteRefused):
        create_exclusive(target, "min tekst")
    assert target.read_text(encoding="utf-8") == "kollegaens tekst"
    assert [p.name for p in tmp_path.iterdir()] == ["a.md"]


def test_ny_rutine_takes_a_lighter_role_as_owner_and_refuses_an_unknown_one(root: Path) -> None:
    (root / "handbok.yaml").write_text((root / "handbok.yaml").read_text(encoding="utf-8")
                                       + "roller:\n  - {id: amu, navn: Arbeidsmiljøutvalget, type: utvalg}\n",
                                       encoding="utf-8")
    code, out, err = run("--rot", str(root), "ny", "rutine", "vernerunde", "--tittel", "Vernerunde", "--eier", "amu")
    assert code == 0 and "rutiner/vernerunde.md" in out, err
    assert "eier: amu\n" in (root / "rutiner" / "vernerunde.md").read_text(encoding="utf-8")
    assert run("--rot", str(root), "sjekk", "--dato", "2026-01-01")[0] == 0
    code, out, err = run("--rot", str(root), "ny", "rutine", "brannvern", "--tittel", "Brannvern", "--eier", "amuu")
    assert code == 1 and out == "" and not (root / "rutiner" / "brannvern.md").exists()
    assert err == ("handbok: Rollen «amuu» finnes ikke. Bruk --eier med en av: amu, avdelingsleder, helsefagarbeider, "
                   "sykepleier.\n")
