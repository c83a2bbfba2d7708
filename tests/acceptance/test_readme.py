"""The README a newcomer follows: its code blocks hold the two set-up commands, and each is run as written."""

from __future__ import annotations

import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

from conftest import REPO, git, make_site_repo

# What the tests do with each command the README's code blocks name; a new command there needs a test here.
SERVE, TEST = "make serve", "make test"


def readme_commands() -> list[str]:
    """Every command line in the README's shell code blocks, without its comment."""
    text = (REPO / "README.md").read_text(encoding="utf-8")
    blocks = re.findall(r"^```sh\n(.*?)^```", text, re.MULTILINE | re.DOTALL)
    return [line.split("#", 1)[0].strip() for block in blocks for line in block.splitlines() if line.strip()]


def test_the_readme_sets_up_with_exactly_two_commands() -> None:
    assert readme_commands() == [SERVE, TEST]
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert len(readme) < 8000  # read in five minutes; the detail lives in docs/ and CONTRIBUTING.md
    for link in re.findall(r"\]\(([^)#]+)\)", readme):  # every page it sends a reader to exists
        assert (REPO / link).is_file(), link


def handbook_with_the_makefile(target: Path) -> Path:
    """The example handbook with the Makefile and the pinned files, as a fresh clone has them, in a git
    repository; its `.venv` is the environment running these tests, marked as installed for serving."""
    root = make_site_repo(target)
    for name in ("Makefile", "pyproject.toml", "constraints.txt", "package.json", "package-lock.json"):
        shutil.copyfile(REPO / name, root / name)
    git(root, "init", "-q")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "Eksempelhåndboka")
    bin_dir = root / ".venv" / "bin"
    bin_dir.mkdir(parents=True)
    for name in ("python", "handbok"):
        (bin_dir / name).symlink_to(Path(sys.executable).parent / name)
    return root


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _get(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=60) as response:
            return str(response.read().decode("utf-8"))
    except (urllib.error.URLError, ConnectionError):
        return None


def test_make_serve_shows_the_handbook_until_ctrl_c(tmp_path: Path) -> None:
    root = handbook_with_the_makefile(tmp_path / "h")
    (root / ".venv" / ".installert").touch()  # what `make serve` installs, this environment has
    port = _free_port()
    log = tmp_path / "make-serve.log"
    env = {**os.environ, "ADRESSE": f"127.0.0.1:{port}"}
    with log.open("wb") as out:
        process = subprocess.Popen(["sh", "-c", SERVE], cwd=root, env=env, stdout=out, stderr=subprocess.STDOUT,
                                   start_new_session=True)
        try:
            deadline = time.monotonic() + 240
            while (front := _get(f"http://127.0.0.1:{port}/")) is None:
                assert process.poll() is None and time.monotonic() < deadline, log.read_text(encoding="utf-8")
                time.sleep(0.2)
            routine = _get(f"http://127.0.0.1:{port}/rutiner/fallforebygging/") or ""
            assert "handbok-toppsok" in front and "handbok-toppsok" in routine  # the site, with its header search
            assert "Fremgangsmåte" in routine and "Hva er mitt ansvar?" in routine
        finally:
            os.killpg(process.pid, signal.SIGINT)  # Ctrl+C, as the README says
            try:
                process.wait(timeout=60)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()
                raise AssertionError("make serve stoppet ikke ved Ctrl+C:\n" + log.read_text(encoding="utf-8")) from None
    said = log.read_text(encoding="utf-8")
    assert f"åpne http://127.0.0.1:{port}/ i nettleseren. Stopp med Ctrl+C." in said, said
    assert "Traceback" not in said, said


def test_make_serve_installs_what_serving_needs_and_make_test_the_test_tools(tmp_path: Path) -> None:
    root = handbook_with_the_makefile(tmp_path / "h")
    serve = subprocess.run(["make", "-n", "serve"], cwd=root, capture_output=True, text=True, check=True).stdout
    assert "-c constraints.txt -e ." in serve and "[test]" not in serve and "npm" not in serve, serve
    test = subprocess.run(["make", "-n", "test"], cwd=root, capture_output=True, text=True, check=True).stdout
    assert "-c constraints.txt -e '.[test]'" in test and "npm ci" in test, test
    assert "sikre-chromium.sh" in test and "-m pytest" in test, test


def test_make_test_is_what_ci_runs() -> None:
    """The README's second command is the one CI runs on a clean checkout (which is how it is run)."""
    ci = [line for line in (REPO / ".ci" / "run").read_text(encoding="utf-8").splitlines()
          if line.strip() and not line.startswith("#")]
    assert ci[-1] == TEST
    workflow = (REPO / ".github" / "workflows" / "test.yml").read_text(encoding="utf-8")
    assert f"run: {TEST}" in workflow
