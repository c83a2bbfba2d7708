"""History: real temporary git repositories with fixed authors and dates, exact expected entries."""

from __future__ import annotations

import subprocess
import unicodedata
from datetime import datetime
from pathlib import Path
from typing import Any, Callable

import pytest

from conftest import git, write_files
from handbok.source import git as gitmodule
from handbok.source import history
from handbok.source.history import DiffLinje, Endring, Historikk, endret_siden, les_historikk, tekstdiff

MakeRepo = Callable[..., Path]
KARI = "Kari Nordmann <kari@example.org>"


def commit(root: Path, files: dict[str, str | bytes], melding: str, date: str, author: str | None = None) -> str:
    """Write `files`, commit everything with a fixed date, return the new commit's sha."""
    write_files(root, files)
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", melding, *(["--author", author] if author else []), date=date)
    return sha(root)


def sha(root: Path, rev: str = "HEAD") -> str:
    return git(root, "rev-parse", rev).strip()


def endring(sha_: str, date: str, melding: str, fil: str, pr: int | None = None,
            forfatter: str = "Test Testesen") -> Endring:
    return Endring(sha_, datetime.fromisoformat(date), forfatter, melding, pr, fil)


def rutine(versjon: str, body: str = "Tekst.", quote: str = '"') -> str:
    return f"---\nid: fall\nversjon: {quote}{versjon}{quote}\ndokumentstatus: gjeldende\n---\n{body}\n"


@pytest.fixture
def repo(make_repo: MakeRepo) -> Path:
    return make_repo({}, commit=False)


def test_linear_history_newest_first_with_exact_entries(repo: Path) -> None:
    c1 = commit(repo, {"rutiner/fall.md": rutine("1.0"), "funksjonsbeskrivelser/sykepleier.md": "a\n",
                       "README.md": "les meg\n"}, "Første versjon", "2025-01-02T10:00:00+01:00")
    c2 = commit(repo, {"rutiner/fall.md": rutine("1.1")}, "Språkvask", "2025-02-03T11:30:00+01:00")
    commit(repo, {"README.md": "endret\n"}, "Bare README", "2025-03-01T09:00:00+01:00")
    c4 = commit(repo, {"implementeringsplan.yaml": "faser: []\n", "rutiner/fall.md": rutine("2.0")},
                "Ny praksis", "2025-06-30T08:15:00+02:00")

    h = les_historikk(repo)

    assert h.tilgjengelig is True and h.grunn is False
    assert dict(h.per_fil) == {
        "rutiner/fall.md": (
            endring(c4, "2025-06-30T08:15:00+02:00", "Ny praksis", "rutiner/fall.md"),
            endring(c2, "2025-02-03T11:30:00+01:00", "Språkvask", "rutiner/fall.md"),
            endring(c1, "2025-01-02T10:00:00+01:00", "Første versjon", "rutiner/fall.md"),
        ),
        "funksjonsbeskrivelser/sykepleier.md": (
            endring(c1, "2025-01-02T10:00:00+01:00", "Første versjon", "funksjonsbeskrivelser/sykepleier.md"),
        ),
        "implementeringsplan.yaml": (
            endring(c4, "2025-06-30T08:15:00+02:00", "Ny praksis", "implementeringsplan.yaml"),
        ),
    }
    assert h.for_fil("rutiner/fall.md")[-1] == endring(c1, "2025-01-02T10:00:00+01:00", "Første versjon",
                                                        "rutiner/fall.md")
    assert h.for_fil("rutiner/finnes-ikke.md") == ()
    assert h.for_fil("rutiner/fall.md")[0].dato.utcoffset() is not None


def test_prefixes_choose_the_files(repo: Path) -> None:
    c1 = commit(repo, {"rutiner/fall.md": "a\n", "docs/om.md": "b\n"}, "Start", "2025-01-02T10:00:00+01:00")

    h = les_historikk(repo, prefixes=("docs/",))

    assert dict(h.per_fil) == {"docs/om.md": (endring(c1, "2025-01-02T10:00:00+01:00", "Start", "docs/om.md"),)}


def test_merged_pull_request_is_one_entry_with_its_number_title_and_author(repo: Path) -> None:
    c1 = commit(repo, {"rutiner/fall.md": rutine("1.0")}, "Første versjon", "2025-01-02T10:00:00+01:00")
    git(repo, "checkout", "-q", "-b", "kari/fall")
    commit(repo, {"rutiner/fall.md": rutine("1.1", "Utkast")}, "wip", "2025-01-05T10:00:00+01:00", KARI)
    commit(repo, {"rutiner/fall.md": rutine("1.1", "Ferdig")}, "skrivefeil", "2025-01-06T10:00:00+01:00", KARI)
    git(repo, "checkout", "-q", "main")
    c2 = commit(repo, {"rutiner/annen.md": "x\n"}, "Annen rutine", "2025-01-07T10:00:00+01:00")
    git(repo, "merge", "-q", "--no-ff", "kari/fall", "-m", "Merge pull request #7 from kari/fall",
        "-m", "Tydeligere ansvar for fallrisiko", date="2025-01-08T14:00:00+01:00")
    merge = sha(repo)

    h = les_historikk(repo)

    assert h.for_fil("rutiner/fall.md") == (
        endring(merge, "2025-01-08T14:00:00+01:00", "Tydeligere ansvar for fallrisiko", "rutiner/fall.md",
                pr=7, forfatter="Kari Nordmann"),
        endring(c1, "2025-01-02T10:00:00+01:00", "Første versjon", "rutiner/fall.md"),
    )
    assert h.for_fil("rutiner/annen.md") == (
        endring(c2, "2025-01-07T10:00:00+01:00", "Annen rutine", "rutiner/annen.md"),
    )


def test_merge_without_pull_request_keeps_its_subject(repo: Path) -> None:
    commit(repo, {"rutiner/fall.md": "1\n"}, "Start", "2025-01-02T10:00:00+01:00")
    git(repo, "checkout", "-q", "-b", "tema")
    commit(repo, {"rutiner/fall.md": "2\n"}, "Endring", "2025-01-03T10:00:00+01:00")
    git(repo, "checkout", "-q", "main")
    git(repo, "merge", "-q", "--no-ff", "tema", "-m", "Merge branch 'tema'", date="2025-01-04T10:00:00+01:00")

    newest = les_historikk(repo).for_fil("rutiner/fall.md")[0]

    assert newest == endring(sha(repo), "2025-01-04T10:00:00+01:00", "Merge branch 'tema'", "rutiner/fall.md")


def test_squash_merge_number_from_subject(repo: Path) -> None:
    commit(repo, {"rutiner/fall.md": "1\n"}, "Start", "2025-01-02T10:00:00+01:00")
    c2 = commit(repo, {"rutiner/fall.md": "2\n"}, "Ny formulering av målet (#9)", "2025-01-03T10:00:00+01:00",
                KARI)

    assert les_historikk(repo).for_fil("rutiner/fall.md")[0] == endring(
        c2, "2025-01-03T10:00:00+01:00", "Ny formulering av målet (#9)", "rutiner/fall.md", pr=9,
        forfatter="Kari Nordmann")


def test_renames_are_followed_also_inside_a_merged_pull_request(repo: Path) -> None:
    long_text = rutine("1.0", "\n".join(f"Avsnitt {i}." for i in range(20)))
    c1 = commit(repo, {"rutiner/a.md": long_text}, "Første", "2025-01-02T10:00:00+01:00")
    git(repo, "mv", "rutiner/a.md", "rutiner/b.md")
    c2 = commit(repo, {}, "Nytt navn", "2025-01-03T10:00:00+01:00")
    git(repo, "checkout", "-q", "-b", "gi-nytt-navn")
    git(repo, "mv", "rutiner/b.md", "rutiner/c.md")
    commit(repo, {"rutiner/c.md": long_text + "Tillegg.\n"}, "Flytt og utvid", "2025-01-04T10:00:00+01:00")
    git(repo, "checkout", "-q", "main")
    git(repo, "merge", "-q", "--no-ff", "gi-nytt-navn", "-m", "Merge pull request #3 from x/gi-nytt-navn",
        date="2025-01-05T10:00:00+01:00")
    merge = sha(repo)
    c4 = commit(repo, {"rutiner/a.md": "en ny fil med det gamle navnet\n"}, "Ny a", "2025-01-06T10:00:00+01:00")

    h = les_historikk(repo)

    assert dict(h.per_fil) == {
        "rutiner/c.md": (
            endring(merge, "2025-01-05T10:00:00+01:00", "Merge pull request #3 from x/gi-nytt-navn",
                    "rutiner/c.md", pr=3),
            endring(c2, "2025-01-03T10:00:00+01:00", "Nytt navn", "rutiner/b.md"),
            endring(c1, "2025-01-02T10:00:00+01:00", "Første", "rutiner/a.md"),
        ),
        "rutiner/a.md": (endring(c4, "2025-01-06T10:00:00+01:00", "Ny a", "rutiner/a.md"),),
    }


def test_paths_with_norwegian_letters_are_not_quoted_and_are_nfc(repo: Path) -> None:
    plain = "rutiner/sårstell-og-ernæring-før-øvelse.md"
    # Decomposed "å", as an old Mac may have committed it; the loader's paths are NFC.
    nfd = unicodedata.normalize("NFD", "rutiner/målrettet-oppfølging.md")
    c1 = commit(repo, {plain: rutine("1.0"), nfd: rutine("1.0")}, "Æ, ø og å", "2025-01-02T10:00:00+01:00")

    h = les_historikk(repo)

    nfc = "rutiner/målrettet-oppfølging.md"
    assert dict(h.per_fil) == {
        plain: (endring(c1, "2025-01-02T10:00:00+01:00", "Æ, ø og å", plain),),
        nfc: (endring(c1, "2025-01-02T10:00:00+01:00", "Æ, ø og å", nfd),),
    }
    assert h.for_fil(nfd) == h.for_fil(nfc)
    assert since(repo, h, {nfc: "1.0", plain: "1.0"}) == {(nfc, "1.0"): c1, (plain, "1.0"): c1}


def test_shallow_clone_returns_what_it_has(repo: Path, tmp_path: Path) -> None:
    commit(repo, {"rutiner/fall.md": rutine("1.0")}, "Første", "2025-01-02T10:00:00+01:00")
    old = commit(repo, {"rutiner/fall.md": rutine("1.1")}, "Andre", "2025-01-03T10:00:00+01:00")
    head = commit(repo, {"rutiner/fall.md": rutine("2.0")}, "Tredje (#4)", "2025-01-04T10:00:00+01:00")
    git(tmp_path, "clone", "-q", "--depth", "1", repo.as_uri(), "grunn")
    clone = tmp_path / "grunn"

    h = les_historikk(clone)

    assert h.grunn is True and h.tilgjengelig is True
    assert dict(h.per_fil) == {
        "rutiner/fall.md": (endring(head, "2025-01-04T10:00:00+01:00", "Tredje (#4)", "rutiner/fall.md", pr=4),),
    }
    # The version before the clone's horizon cannot be shown; the one it has can.
    assert since(clone, h, {"rutiner/fall.md": ("1.1", "2.0")}) == {("rutiner/fall.md", "2.0"): head}
    assert since(repo, les_historikk(repo), {"rutiner/fall.md": ("1.1",)}) == {("rutiner/fall.md", "1.1"): old}


def test_not_a_repository(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Stop git from finding a repository above the temp folder, whatever machine runs the test.
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path))
    folder = tmp_path / "ikke-git"
    write_files(folder, {"rutiner/fall.md": rutine("1.0")})

    h = les_historikk(folder)

    assert (dict(h.per_fil), h.grunn, h.tilgjengelig) == ({}, False, False)
    assert endret_siden(folder, h, {"rutiner/fall.md": ("1.0",)}) == {}
    assert les_historikk(tmp_path / "finnes-ikke").tilgjengelig is False


def test_repository_without_commits(make_repo: MakeRepo) -> None:
    root = make_repo({"rutiner/fall.md": rutine("1.0")}, commit=False)

    assert les_historikk(root).tilgjengelig is False


def test_git_missing(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    commit(repo, {"rutiner/fall.md": "1\n"}, "Start", "2025-01-02T10:00:00+01:00")
    monkeypatch.setenv("PATH", "")

    assert les_historikk(repo).tilgjengelig is False


@pytest.fixture
def git_calls(monkeypatch: pytest.MonkeyPatch) -> list[list[str]]:
    """Every git command run during the test, in order (clear it before the part that is counted)."""
    calls: list[list[str]] = []
    real_run = subprocess.run

    def counting_run(args: list[str], **kwargs: Any) -> Any:
        calls.append(args)
        return real_run(args, **kwargs)

    monkeypatch.setattr(gitmodule.subprocess, "run", counting_run)
    return calls


def test_one_pass_whatever_the_number_of_files(repo: Path, git_calls: list[list[str]]) -> None:
    commit(repo, {f"rutiner/r{i}.md": f"{i}\n" for i in range(30)}, "Mange", "2025-01-02T10:00:00+01:00")
    git(repo, "checkout", "-q", "-b", "pr")
    commit(repo, {f"rutiner/r{i}.md": f"{i}!\n" for i in range(30)}, "Alle", "2025-01-03T10:00:00+01:00")
    git(repo, "checkout", "-q", "main")
    git(repo, "merge", "-q", "--no-ff", "pr", "-m", "Merge pull request #1 from x/pr",
        date="2025-01-04T10:00:00+01:00")
    git_calls.clear()
    h = les_historikk(repo)

    assert len(h.per_fil) == 30 and all(len(h.for_fil(f"rutiner/r{i}.md")) == 2 for i in range(30))
    # rev-parse, the log, and one look-up of the merged branches' authors.
    assert [_subcommand(c) for c in git_calls] == ["rev-parse", "log", "log"]


def _subcommand(args: list[str]) -> str:
    """The git subcommand: the first argument after the `-c key=value` pairs."""
    rest = args[1:]
    while rest and rest[0] == "-c":
        rest = rest[2:]
    return rest[0]


def since(root: Path, h: Historikk, onsket: dict[str, Any]) -> dict[tuple[str, str], str]:
    """endret_siden, reduced to the sha of the change each version was found at."""
    wanted = {path: (v,) if isinstance(v, str) else v for path, v in onsket.items()}
    return {key: found.fra.sha for key, found in endret_siden(root, h, wanted).items()}


def test_endret_siden_finds_the_first_commit_with_each_version(repo: Path) -> None:
    c1 = commit(repo, {"rutiner/fall.md": rutine("1.0")}, "1.0", "2025-01-02T10:00:00+01:00")
    c2 = commit(repo, {"rutiner/fall.md": rutine("1.1")}, "1.1", "2025-01-03T10:00:00+01:00")
    commit(repo, {"rutiner/fall.md": rutine("1.1", "Mer tekst.")}, "tekst", "2025-01-04T10:00:00+01:00")
    git(repo, "mv", "rutiner/fall.md", "rutiner/fallforebygging.md")
    commit(repo, {}, "Nytt navn", "2025-01-05T10:00:00+01:00")
    c5 = commit(repo, {"rutiner/fallforebygging.md": rutine("2.10", "Mer tekst.", quote="")}, "2.10 uten anførselstegn",
                "2025-01-06T10:00:00+01:00")
    h = les_historikk(repo)

    found = endret_siden(repo, h, {"rutiner/fallforebygging.md": ("1.0", "1.1", "2.1", "2.10")}, kontekst=0)

    assert {v: f.fra.sha for (_, v), f in found.items()} == {"1.0": c1, "1.1": c2, "2.10": c5}
    # The change keeps the name the file had then, so the old text is read under that name.
    assert found["rutiner/fallforebygging.md", "1.1"].fra == endring(c2, "2025-01-03T10:00:00+01:00", "1.1",
                                                                     "rutiner/fall.md")
    assert found["rutiner/fallforebygging.md", "1.1"].linjer == (
        DiffLinje("hopp", "2 uendrede linjer"),
        DiffLinje("fjernet", 'versjon: "1.1"'),
        DiffLinje("lagt-til", "versjon: 2.10"),
        DiffLinje("hopp", "2 uendrede linjer"),
        DiffLinje("fjernet", "Tekst."),
        DiffLinje("lagt-til", "Mer tekst."),
    )
    assert found["rutiner/fallforebygging.md", "2.10"].linjer == ()


def test_endret_siden_reads_every_old_text_in_one_git_call(repo: Path, git_calls: list[list[str]]) -> None:
    commit(repo, {f"rutiner/r{i}.md": rutine("1.0") for i in range(10)}, "Start", "2025-01-02T10:00:00+01:00")
    commit(repo, {f"rutiner/r{i}.md": rutine("2.0") for i in range(10)}, "Ny praksis", "2025-01-03T10:00:00+01:00")
    write_files(repo, {"rutiner/r0.md": rutine("2.0", "Ikke committet ennå.")})
    h = les_historikk(repo)
    git_calls.clear()
    found = endret_siden(repo, h, {f"rutiner/r{i}.md": ("1.0",) for i in range(10)}, kontekst=0)

    assert [_subcommand(c) for c in git_calls] == ["cat-file"]
    assert len(found) == 10
    assert found["rutiner/r0.md", "1.0"].linjer[-1] == DiffLinje("lagt-til", "Ikke committet ennå.")
    assert found["rutiner/r1.md", "1.0"].linjer[1:3] == (DiffLinje("fjernet", 'versjon: "1.0"'),
                                                         DiffLinje("lagt-til", 'versjon: "2.0"'))


def test_versjon_is_read_from_the_front_matter_only() -> None:
    assert history._front_matter_versjon('---\nid: a\nversjon: "1.2" # kommentar\n---\n') == "1.2"
    assert history._front_matter_versjon("\ufeff---\r\nversjon: '3.0'\r\n---\r\n") == "3.0"
    assert history._front_matter_versjon("---\nendringslogg:\n  - {versjon: \"1.0\"}\n---\nversjon: 9.9\n") is None
    assert history._front_matter_versjon("versjon: 1.0\n") is None


LINES = [f"linje {i}" for i in range(1, 13)]


def text(lines: list[str]) -> str:
    return "\n".join(lines) + "\n"


def test_tekstdiff_context_and_skipped_lines() -> None:
    changed = ["linje 1", "linje to", *LINES[2:], "linje 13"]

    assert tekstdiff(text(LINES), text(changed)) == [
        DiffLinje("uendret", "linje 1"),
        DiffLinje("fjernet", "linje 2"),
        DiffLinje("lagt-til", "linje to"),
        DiffLinje("uendret", "linje 3"),
        DiffLinje("uendret", "linje 4"),
        DiffLinje("uendret", "linje 5"),
        DiffLinje("hopp", "4 uendrede linjer"),
        DiffLinje("uendret", "linje 10"),
        DiffLinje("uendret", "linje 11"),
        DiffLinje("uendret", "linje 12"),
        DiffLinje("lagt-til", "linje 13"),
    ]
    assert tekstdiff(text(LINES), text(changed), kontekst=0) == [
        DiffLinje("hopp", "1 uendret linje"),
        DiffLinje("fjernet", "linje 2"),
        DiffLinje("lagt-til", "linje to"),
        DiffLinje("hopp", "10 uendrede linjer"),
        DiffLinje("lagt-til", "linje 13"),
    ]


def test_tekstdiff_ignores_bom_and_line_endings_and_reports_no_change_as_empty() -> None:
    assert tekstdiff("\ufeffa\r\nb\r\n", "a\nb\n") == []
    assert tekstdiff("", "a\nb\n") == [DiffLinje("lagt-til", "a"), DiffLinje("lagt-til", "b")]
    assert tekstdiff("a\nb\nc\n", "a\nc\n", kontekst=0) == [DiffLinje("hopp", "1 uendret linje"),
                                                           DiffLinje("fjernet", "b"),
                                                           DiffLinje("hopp", "1 uendret linje")]
