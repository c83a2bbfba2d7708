"""MkDocs hook: before every `mkdocs build` or `mkdocs serve` rebuild, run the build's stage 1 (check, generate pages).

Deliberately thin: all logic lives in `handbok.build`, which does not depend on MkDocs' plugin API,
so another engine can render the same generated folder. Loaded by path from mkdocs.yml, hence the
absolute imports. `handbok bygg` runs stage 1 itself and tells the hook to skip it.
"""

from __future__ import annotations

import logging
from datetime import date
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError

from handbok.build import DATO_NOKKEL, GENERERT_NOKKEL, HOOK_LOGGER, error_text, generate_site_docs, generated_text
from handbok.cache import Cache
from handbok.report import findings_text

log = logging.getLogger(HOOK_LOGGER)


def on_pre_build(config: MkDocsConfig) -> None:
    if config.extra.get(GENERERT_NOKKEL):
        return
    root = Path(config.config_file_path).parent
    chosen = config.extra.get(DATO_NOKKEL)
    cache = Cache.for_repository(root)
    generert = generate_site_docs(root, date.fromisoformat(chosen) if chosen else date.today(),
                                  Path(config.docs_dir), cache)
    cache.save()
    if generert.result.antall_feil:
        raise PluginError(error_text(generert.result.findings))
    if generert.result.findings:
        # INFO, not WARNING: a warning about the handbook (a review date passed) must not fail
        # `--strict`, which is there for broken links and pages.
        log.info(findings_text(generert.result.findings).rstrip("\n"))
    log.info(generated_text(generert))
