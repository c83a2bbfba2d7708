"""E-mail out: composed digests -> an SMTP server over STARTTLS (credentials from the environment), .eml files
in a folder, or text on the screen for a dry run."""

from __future__ import annotations

import re
import smtplib
import ssl
from email.message import EmailMessage
from pathlib import Path
from typing import Mapping, TextIO

from ..core.errors import Refused, Stop
from ..source.writing import atomic_write

VERT, PORT, BRUKER, PASSORD = "HANDBOK_SMTP_VERT", "HANDBOK_SMTP_PORT", "HANDBOK_SMTP_BRUKER", "HANDBOK_SMTP_PASSORD"
STANDARD_PORT = 587  # submission with STARTTLS
TIDSAVBRUDD = 60.0
_SAFE = re.compile(r"[^A-Za-z0-9._@+-]|^\.")  # a file name from an address: never a folder, never hidden


class SendingFailed(Stop):
    """The SMTP server could not be reached or refused a message; the text says how far it got."""


def send(messages: list[EmailMessage], env: Mapping[str, str]) -> None:
    """Send every message over one connection, always encrypted with STARTTLS (the certificate is checked)."""
    host, port = _server(env)
    sent = 0
    try:
        with smtplib.SMTP(host, port, timeout=TIDSAVBRUDD) as smtp:
            smtp.starttls(context=ssl.create_default_context())
            if env.get(BRUKER):
                smtp.login(env[BRUKER], env.get(PASSORD, ""))
            for message in messages:
                smtp.send_message(message)
                sent += 1
    except smtplib.SMTPNotSupportedError:
        raise SendingFailed(f"E-posttjeneren {host}:{port} tilbyr ikke kryptering (STARTTLS), så ingenting er sendt. "
                            "Bruk en tjener som krever STARTTLS (vanligvis port 587).") from None
    except smtplib.SMTPAuthenticationError:
        raise SendingFailed(f"E-posttjeneren {host}:{port} godtok ikke brukernavnet og passordet i {BRUKER} og "
                            f"{PASSORD}. Ingenting er sendt.") from None
    except (smtplib.SMTPException, ssl.SSLError, OSError) as error:
        raise SendingFailed(f"Sending via {host}:{port} feilet etter {sent} av {len(messages)} e-poster: "
                            f"{_reason(error)}") from None


def _server(env: Mapping[str, str]) -> tuple[str, int]:
    host = env.get(VERT, "").strip()
    if not host:
        raise Refused(f"Miljøvariabelen {VERT} mangler, så e-postene kan ikke sendes. Sett {VERT} (og {PORT}, "
                      f"{BRUKER}, {PASSORD}), eller bruk --ut MAPPE eller --tørrkjøring.")
    port = env.get(PORT, "").strip() or str(STANDARD_PORT)
    if not port.isdigit() or not 0 < int(port) < 65536:
        raise Refused(f"{PORT} må være et portnummer, f.eks. {STANDARD_PORT}.")
    return host, int(port)


def _reason(error: BaseException) -> str:
    if isinstance(error, ssl.SSLCertVerificationError):
        return "tjenerens sertifikat kunne ikke bekreftes."
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        return "tjeneren avviste mottakeren " + ", ".join(error.recipients) + "."
    if isinstance(error, smtplib.SMTPResponseException):
        return f"tjeneren svarte {error.smtp_code}."
    if isinstance(error, (TimeoutError, ConnectionError)) or isinstance(error, OSError):
        return "fikk ikke kontakt med tjeneren."
    return "ukjent feil i SMTP-samtalen."


def write_eml(messages: list[EmailMessage], folder: Path) -> list[Path]:
    """Each message as <address>.eml in `folder` (made when missing); only .eml files are ever written there."""
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for message in messages:
        path = folder / (_SAFE.sub("_", str(message["To"])) + ".eml")
        atomic_write(path, message.as_bytes())
        written.append(path)
    return written


def show(messages: list[EmailMessage], out: TextIO) -> None:
    """A dry run: each message's headers and text, as it would be sent."""
    for message in messages:
        out.write(f"Til: {message['To']}\nFra: {message['From']}\nEmne: {message['Subject']}\n\n")
        out.write(message.get_content().rstrip("\n") + "\n\n" + "=" * 72 + "\n\n")
