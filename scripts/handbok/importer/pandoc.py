"""Importer: the one wrapper around pandoc (pypandoc-binary) — a Word or HTML file -> its title and GitHub Markdown.

A Word file is read with its paragraph styles, and a Lua filter (templates/importer/wordlister.lua) makes
Word's «List Number 2», «List Bullet 2», … sub-steps of the item above, as Word shows them. pandoc runs
sandboxed (it reads nothing but the file) with its heap limited to `PANDOC_MINNE_MB`.
"""

from __future__ import annotations

from contextlib import ExitStack
from importlib import resources
from pathlib import Path

import pypandoc

_MARK = "@@handbok-tekst@@"
FORMATS = {".docx": "docx", ".html": "html", ".htm": "html"}
_READERS = {"docx": "docx+styles", "html": "html"}
# pandoc's heap: real routines need under 100 MB; a 50 KB bomb passed 2 GB in 8 s before this limit.
PANDOC_MINNE_MB = 512


class PandocError(Exception):
    """pandoc could not read the file; the text is pandoc's own."""


def convert(path: Path, media: Path | None = None) -> tuple[str, str]:
    """(title from the document's properties or <title>, the body as GitHub Markdown without raw HTML); a Word
    file's embedded images are written below `media` when given, and the Markdown names them there."""
    kind = FORMATS[path.suffix.lower()]
    folder = resources.files("handbok").joinpath("templates", "importer")
    with ExitStack() as stack:
        template = stack.enter_context(resources.as_file(folder.joinpath("pandoc.txt")))
        lists = stack.enter_context(resources.as_file(folder.joinpath("wordlister.lua")))
        args = ["--wrap=none", f"--template={template}", *([f"--lua-filter={lists}"] if kind == "docx" else []),
                *([f"--extract-media={media}"] if media else []), "+RTS", f"-M{PANDOC_MINNE_MB}m", "-RTS"]
        try:
            text = pypandoc.convert_file(str(path), "gfm-raw_html", format=_READERS[kind], extra_args=args)
        except (RuntimeError, OSError) as error:
            message = str(error).strip()
            if "Heap exhausted" in message or "heap overflow" in message:
                raise PandocError(f"den trengte mer enn {PANDOC_MINNE_MB} MB minne") from None
            raise PandocError(message.splitlines()[-1] if message else "ukjent feil") from None
    title, _, body = text.partition(_MARK)
    return " ".join(title.split()), body.strip("\n")
