"""MkDocs hook: before every build (and every `mkdocs serve` rebuild) check the handbook and write its pages.

Deliberately thin: all logic lives in `handbok.site`, which does not depend on MkDocs' plugin API,
so another engine can render the same generated folder. Loaded by path from mkdocs.yml, hence the
absolute imports.
"""

from __future__ import annotations

import logging
from datetime import date
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError

from handbok.site import DATO_NOKKEL, HOOK_LOGGER, error_text, generate_site_docs
from handbok.report import findings_text

log = logging.getLogger(HOOK_LOGGER)


def on_pre_build(config: MkDocsConfig) -> None:
    root = Path(config.config_file_path).parent
    chosen = config.extra.get(DATO_NOKKEL)
    today = date.fromisoformat(chosen) if chosen else date.today()
    generert = generate_site_docs(root, today, Path(config.docs_dir))
    if generert.result.antall_feil:
        raise PluginError(error_text(generert.result.findings))
    if generert.result.findings:
        # INFO, not WARNING: a warning about the handbook (a review date passed) must not fail
        # `--strict`, which is there for broken links and pages.
        log.info(findings_text(generert.result.findings).rstrip("\n"))
    changed = "1 fil" if generert.skrevet == 1 else f"{generert.skrevet} filer"
    log.info(f"handbok: {generert.sider} sider generert, {changed} endret.")
