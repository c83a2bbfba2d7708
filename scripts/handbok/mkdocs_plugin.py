"""MkDocs plugin `handbok`: before every `mkdocs build` or `mkdocs serve` rebuild, run the build's stage 1.

Deliberately thin: all logic lives in `handbok.build`, which does not depend on MkDocs' plugin API,
so another engine can render the same generated folder. Registered as the entry point
`mkdocs.plugins: handbok`, so a handbook's mkdocs.yml names it (`plugins: [handbok]`) whether the
tool is installed from a wheel or lives beside the content. `handbok bygg` runs stage 1 itself and
tells the plugin to skip it.
"""

from __future__ import annotations

import logging
from datetime import date
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin

from .build import DATO_NOKKEL, GENERERT_NOKKEL, PLUGIN_LOGGER, error_text, generate_site_docs, generated_text
from .cache import Cache
from .report import findings_text

log = logging.getLogger(PLUGIN_LOGGER)


class HandbokPlugin(BasePlugin):  # type: ignore[type-arg,no-untyped-call]
    """Generates the handbook's pages into docs_dir before the engine reads them."""

    def on_pre_build(self, *, config: MkDocsConfig) -> None:
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
