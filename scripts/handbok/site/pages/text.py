"""Text: author Markdown and git messages made fit to publish (plain text; the templates escape it)."""

from __future__ import annotations

import re

from ...checks.privacy import skjul_personnummer
from ...source.history import Endring as GitEndring

_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_HEADING = re.compile(r"^(#{1,5})(\s)", re.MULTILINE)
_FENCE = re.compile(r"^(```|~~~)", re.MULTILINE)


def uten_epost(text: str) -> str:
    """Authors' e-mail addresses and any personal identifier in a commit message or name are personal
    data and never published (git history is not checked by `sjekk`); keep the rest of the text."""
    return skjul_personnummer(_EMAIL.sub("(e-post skjult)", text))


def git_text(change: GitEndring) -> str:
    """'Message (#12) – Name': the author's name only, never an e-mail address."""
    message = change.melding
    if change.pr:  # a squash merge's subject already ends in "(#12)"; show the number once
        message = re.sub(rf"\s*\(#{change.pr}\)\s*$", "", message) + f" (#{change.pr})"
    return f"{uten_epost(message)} – {uten_epost(change.forfatter)}"


def author_text(body: str) -> str:
    """The author's Markdown as written, except that a top-level heading is moved down one level:
    the page already has its one H1 (the title) and heading order matters to screen readers."""
    text = body.strip("\n")
    if not text.strip():
        return ""
    if _FENCE.search(text) or not re.search(r"^#\s", text, re.MULTILINE):
        return text  # no H1, or code blocks we will not risk rewriting
    return _HEADING.sub(lambda m: "#" + m.group(1) + m.group(2), text)
