"""Importer: the one wrapper around pandoc (pypandoc-binary) — a Word or HTML file -> its title and GitHub Markdown."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

import pypandoc

_MARK = "@@handbok-tekst@@"
FORMATS = {".docx": "docx", ".html": "html", ".htm": "html"}


class PandocError(Exception):
    """pandoc could not read the file; the text is pandoc's own."""


def convert(path: Path, media: Path | None = None) -> tuple[str, str]:
    """(title from the document's properties or <title>, the body as GitHub Markdown without raw HTML); a Word
    file's embedded images are written below `media` when given, and the Markdown names them there."""
    template = resources.files("handbok").joinpath("templates", "importer", "pandoc.txt")
    with resources.as_file(template) as template_path:
        try:
            text = pypandoc.convert_file(str(path), "gfm-raw_html", format=FORMATS[path.suffix.lower()],
                                         extra_args=["--wrap=none", f"--template={template_path}",
                                                     *([f"--extract-media={media}"] if media else [])])
        except (RuntimeError, OSError) as error:
            raise PandocError(str(error).strip().splitlines()[-1] if str(error).strip() else "ukjent feil") from None
    title, _, body = text.partition(_MARK)
    return " ".join(title.split()), body.strip("\n")
