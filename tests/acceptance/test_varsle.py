"""Change notices by e-mail (`handbok varsle`): a real SMTP server on 127.0.0.1 (aiosmtpd) that requires
STARTTLS and a login, a real git repository; who receives what, and consecutive nightly periods that never
announce the same change twice."""

from __future__ import annotations

import email
import socket
import ssl
import subprocess
from dataclasses import dataclass, field
from email.message import EmailMessage
from email.policy import default
from pathlib import Path
from typing import Any, Iterator

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword

from conftest import add, copy_base, git, run

SETTINGS = """
varsler:
  nettsted: https://handbok.kommune.no/
  avsender: rutinehandboka@kommune.no
roller_epost:
  sykepleier: sykepleiere@kommune.no
  helsefagarbeider: helsefagarbeidere@kommune.no
  avdelingsleder: ledere@kommune.no
tjenestested_epost:
  nord: nord@kommune.no
  sor: sor@kommune.no
"""
MAJOR = ('  - {versjon: "1.1", dato: 2025-02-01, endring: "Språkvask"}\n',
         '  - {versjon: "1.1", dato: 2025-02-01, endring: "Språkvask"}\n'
         '  - {versjon: "2.0", dato: 2026-03-10, endring: "Fallrisiko kartlegges med nytt skjema ved hvert besøk"}\n')
NEW_ROUTINE = """---
id: nattevakt
tittel: Tilsyn om natten
sammendrag: Slik går nattevakten runden.
versjon: "1.0"
dokumentstatus: gjeldende
eier: avdelingsleder
godkjent_av: Implementeringsteamet
godkjent_dato: 2026-03-11
revideres_innen: 2028-03-11
gjelder_for: [sor]
ansvar:
  avdelingsleder: Setter opp nattevakten.
endringslogg:
  - {versjon: "1.0", dato: 2026-03-11, endring: "Første versjon"}
---
## Formål

Trygge netter.
"""
TILTAK = """    - {dato: 2026-03-01, hendelse: tiltak, id: t1, beskrivelse: Gå gjennom avviksrutinen på personalmøtet., ansvarlig: avdelingsleder, frist: 2026-04-12}
"""
USER, PASSWORD = "handbok", "hemmelig-passord"


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """The mini handbook with mailboxes, a MAJOR change of fallforebygging on 10.03.2026 (Nord had 1.0), a new
    routine for Sør on 11.03.2026, avviksmelding to review by 10.04.2026 and a tiltak at Nord due 12.04.2026."""
    root = copy_base(tmp_path)
    add(root, "handbok.yaml", (root / "handbok.yaml").read_text(encoding="utf-8") + SETTINGS)
    routine = root / "rutiner" / "fallforebygging.md"
    text = routine.read_text(encoding="utf-8").replace('versjon: "1.1"\n', 'versjon: "2.0"\n', 1)
    routine.write_text(text.replace("godkjent_dato: 2025-02-01", "godkjent_dato: 2026-03-10").replace(*MAJOR),
                       encoding="utf-8")
    avvik = root / "rutiner" / "avviksmelding.md"
    avvik.write_text(avvik.read_text(encoding="utf-8").replace("revideres_innen: 2027-06-01",
                                                               "revideres_innen: 2026-04-10"), encoding="utf-8")
    add(root, "rutiner/nattevakt.md", NEW_ROUTINE)
    nord = root / "implementering" / "nord.yaml"
    nord.write_text(nord.read_text(encoding="utf-8") + TILTAK, encoding="utf-8")  # appended to avviksmelding
    git(root, "init", "-q")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "Håndbok")
    return root


@dataclass
class Mailbox:
    """What the server received: (recipients, message) per mail."""

    mails: list[tuple[list[str], EmailMessage]] = field(default_factory=list)

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        message = email.message_from_bytes(envelope.original_content, policy=default)
        assert isinstance(message, EmailMessage)
        self.mails.append((list(envelope.rcpt_tos), message))
        return "250 OK"

    def to(self, address: str) -> list[str]:
        return [m.get_content() for rcpt, m in self.mails if rcpt == [address]]


def _certificate(folder: Path) -> tuple[Path, Path]:
    cert, key = folder / "tjener.pem", folder / "nokkel.pem"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=127.0.0.1",
                    "-addext", "subjectAltName=IP:127.0.0.1", "-keyout", str(key), "-out", str(cert)],
                   check=True, capture_output=True)
    return cert, key


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _login(server: Any, session: Any, envelope: Any, mechanism: str, data: Any) -> AuthResult:
    ok = isinstance(data, LoginPassword) and (data.login, data.password) == (USER.encode(), PASSWORD.encode())
    return AuthResult(success=ok, handled=False)  # handled=False: the server answers 535 itself


@pytest.fixture
def smtp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Mailbox]:
    """A local SMTP server that offers only STARTTLS with a self-signed certificate the client trusts
    (SSL_CERT_FILE), and accepts mail only after a login over TLS."""
    cert, key = _certificate(tmp_path)
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(cert, key)
    mailbox = Mailbox()
    port = _free_port()
    controller = Controller(mailbox, hostname="127.0.0.1", port=port, tls_context=context, require_starttls=True,
                            authenticator=_login, auth_require_tls=True)
    controller.start()
    monkeypatch.setenv("SSL_CERT_FILE", str(cert))
    monkeypatch.setenv("HANDBOK_SMTP_VERT", "127.0.0.1")
    monkeypatch.setenv("HANDBOK_SMTP_PORT", str(port))
    monkeypatch.setenv("HANDBOK_SMTP_BRUKER", USER)
    monkeypatch.setenv("HANDBOK_SMTP_PASSORD", PASSWORD)
    try:
        yield mailbox
    finally:
        controller.stop()


def varsle(root: Path, fra: str, til: str, *extra: str) -> tuple[int, str, str]:
    return run("--rot", str(root), "varsle", "--fra", fra, "--til", til, *extra)


def bullets(text: str) -> list[str]:
    return [line for line in text.splitlines() if line.startswith("* ")]


def test_a_period_sends_one_digest_per_mailbox_with_what_concerns_it(repo: Path, smtp: Mailbox) -> None:
    code, out, err = varsle(repo, "2026-03-09", "2026-03-15")
    assert (code, err) == (0, ""), err
    assert out.startswith("Sendte 5 e-poster for 09.03.2026–14.03.2026:")
    assert sorted(r[0] for r, _ in smtp.mails) == ["helsefagarbeidere@kommune.no", "ledere@kommune.no",
                                                  "nord@kommune.no", "sor@kommune.no", "sykepleiere@kommune.no"]
    major = "Fallforebygging, versjon 2.0, godkjent 10.03.2026: Fallrisiko kartlegges med nytt skjema ved hvert besøk"
    for role in ("sykepleiere@kommune.no", "helsefagarbeidere@kommune.no"):  # both have ansvar in the routine
        [text] = smtp.to(role)
        assert major in text and "https://handbok.kommune.no/rutiner/fallforebygging/" in text
    [nord] = smtp.to("nord@kommune.no")  # Nord implemented 1.0: it must implement again; Sør has it under way
    assert "Fallforebygging ved Hjemmetjenesten Nord: versjon 2.0 (godkjent 10.03.2026) endrer praksis" in nord
    assert "Tiltak for Avviksmelding ved Hjemmetjenesten Nord, frist 12.04.2026" in nord
    assert "https://handbok.kommune.no/tjenestesteder/nord/" in nord and "Tilsyn om natten" not in nord
    [sor] = smtp.to("sor@kommune.no")
    assert bullets(sor) == ["* Tilsyn om natten, versjon 1.0, godkjent 11.03.2026. Gjelder Hjemmetjenesten Sør: "
                            "planlegg implementeringen."]
    [ledere] = smtp.to("ledere@kommune.no")  # the new routine's ansvar, and the owner of the review
    assert "* Tilsyn om natten, versjon 1.0, godkjent 11.03.2026." in ledere
    assert "* Avviksmelding skal gjennomgås innen 10.04.2026." in ledere
    [(_, message)] = [m for m in smtp.mails if m[0] == ["sor@kommune.no"]]
    assert message["From"] == "rutinehandboka@kommune.no" and message["Auto-Submitted"] == "auto-generated"
    assert message["Subject"] == "Rutinehåndbok for hjemmetjenesten: 1 varsel (09.03.2026–14.03.2026)"


def test_consecutive_nightly_periods_announce_each_change_once(repo: Path, smtp: Mailbox) -> None:
    """Six nightly runs, [d, d+1) each, tell exactly what one run over the six days tells: nothing twice."""
    days = [f"2026-03-{d:02d}" for d in range(9, 16)]
    for fra, til in zip(days, days[1:]):
        assert varsle(repo, fra, til)[0] == 0
    nightly = sorted((r[0], line) for r, m in smtp.mails for line in bullets(m.get_content()))
    smtp.mails.clear()
    assert varsle(repo, days[0], days[-1])[0] == 0
    whole = sorted((r[0], line) for r, m in smtp.mails for line in bullets(m.get_content()))
    assert nightly == whole and len(set(nightly)) == len(nightly) == 7
    smtp.mails.clear()
    assert varsle(repo, "2026-03-15", "2026-03-16") == (0, "Ingen varsler for 15.03.2026.\n", "")
    assert smtp.mails == []


def test_a_wrong_password_sends_nothing_and_says_so(repo: Path, smtp: Mailbox, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HANDBOK_SMTP_PASSORD", "feil")
    code, out, err = varsle(repo, "2026-03-09", "2026-03-15")
    assert code == 2 and out == "" and "godtok ikke brukernavnet og passordet" in err and "feil" not in err.split(":")[-1]
    assert smtp.mails == []


def test_a_certificate_the_client_does_not_trust_is_refused(repo: Path, smtp: Mailbox,
                                                            monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    (tmp_path / "annen").mkdir()
    other, _ = _certificate(tmp_path / "annen")  # a certificate of its own: not the one the server shows
    monkeypatch.setenv("SSL_CERT_FILE", str(other))
    code, _, err = varsle(repo, "2026-03-09", "2026-03-15")
    assert code == 2 and "sertifikat kunne ikke bekreftes" in err and "etter 0 av 5" in err
    assert smtp.mails == []


def test_eml_files_and_a_dry_run_need_no_server(repo: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("HANDBOK_SMTP_VERT", raising=False)
    code, out, _ = varsle(repo, "2026-03-09", "2026-03-15", "--ut", str(tmp_path / "ut"))
    assert code == 0 and out == f"Skrev 5 e-poster for 09.03.2026–14.03.2026 i {tmp_path / 'ut'}.\n"
    saved = email.message_from_bytes((tmp_path / "ut" / "sor@kommune.no.eml").read_bytes(), policy=default)
    assert isinstance(saved, EmailMessage) and "Tilsyn om natten" in saved.get_content()
    code, out, _ = varsle(repo, "2026-03-09", "2026-03-15", "--tørrkjøring")
    assert code == 0 and out.count("Til: ") == 5 and "Til: sor@kommune.no" in out
    code, _, err = varsle(repo, "2026-03-09", "2026-03-15")
    assert code == 1 and "HANDBOK_SMTP_VERT mangler" in err


def test_without_settings_or_with_a_backwards_period_nothing_is_sent(tmp_path: Path) -> None:
    root = copy_base(tmp_path)
    code, _, err = run("--rot", str(root), "varsle", "--fra", "2026-03-09", "--til", "2026-03-10", "--tørrkjøring")
    assert code == 1 and "ingen varsler-innstilling" in err
    code, _, err = run("--rot", str(root), "varsle", "--fra", "2026-03-10", "--til", "2026-03-10")
    assert code == 1 and "--fra må være før --til" in err
