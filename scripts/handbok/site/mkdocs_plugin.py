"""MkDocs plugin `handbok`: before every `mkdocs build` or `mkdocs serve` rebuild, run the build's stage 1.

Deliberately thin: all logic lives in `handbok.build`, which does not depend on MkDocs' plugin API,
so another engine can render the same generated folder. Registered as the entry point
`mkdocs.plugins: handbok`, so a handbook's mkdocs.yml names it (`plugins: [handbok]`) whether the
tool is installed from a wheel or lives beside the content. `handbok bygg` runs stage 1 itself and
tells the plugin to skip it. Under `mkdocs serve` (and `handbok forhandsvis`) the plugin lives as long
as the server (it has `on_startup`), so `preview` remembers the last build and makes again only the
pages a saved file reaches; the generated folder is not watched, so writing it starts no second build.
There it also does what the post-build passes do for `bygg` and a reader sees: the header search on
every page it builds, and the search index after the first build.
"""

from __future__ import annotations

import logging
import time
from datetime import date
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.livereload import LiveReloadServer
from mkdocs.plugins import BasePlugin
from mkdocs.structure.pages import Page

from ..reports.findings import findings_text
from ..source.cache import Cache
from ..source.loading import IMPLEMENTERING
from .build import DATO_NOKKEL, GENERERT_NOKKEL, error_text, generate_site_docs, generated_text
from .engine import PLUGIN_LOGGER
from .hostcheck import guarded
from .postbuild import search_index
from .postbuild.toppsok import page_with_header_search
from .preview import Forhandsvisning

log = logging.getLogger(PLUGIN_LOGGER)

PREVIEW_NOTE = ("handbok: forhåndsvisning. Etter hver lagring lages bare sidene endringen når, og bare de bygges "
                "på nytt. Søkefeltet øverst og søkesiden er som på det publiserte nettstedet, men søket finner det "
                "som sto i filene da du startet. Bruk uten nett virker bare på nettstedet fra «handbok bygg».")
LATER_NOTE = "handbok: resten av sidene endringen når, lages i bakgrunnen ({antall} filer) …"
LATER_DONE = "handbok: resten av sidene er laget ({antall} filer endret)."
SIGNAL = ".handbok-forhandsvisning"  # beside docs_dir
FULL_REBUILD_NOTE = ("handbok: mkdocs serve bygger alle sidene på nytt etter hver lagring. «handbok forhandsvis» "
                     "bygger bare sidene som er endret.")


class HandbokPlugin(BasePlugin):  # type: ignore[type-arg,no-untyped-call]
    """Generates the handbook's pages into docs_dir before the engine reads them."""

    forhandsvisning: Forhandsvisning | None = None
    serving = dirty = indexed = False
    signal: Path | None = None

    def on_startup(self, *, command: str, dirty: bool) -> None:
        self.forhandsvisning, self.dirty, self.indexed = None, dirty, False
        self.serving = command == "serve"

    def on_serve(self, server: LiveReloadServer, *, config: MkDocsConfig, builder: object) -> LiveReloadServer:
        # Only requests addressed to the preview's own host names: a web page rebinding its name to 127.0.0.1
        # must not read the handbook (hostcheck).
        server.set_app(guarded(server.serve_request, str(config.dev_addr.host)))
        # We write docs_dir ourselves, only where a page changed; the sources are watched (mkdocs.yml `watch`).
        server.unwatch(config.docs_dir)
        # A file of our own asks the server for a build once the pages made after a build are written.
        self.signal = Path(config.docs_dir).parent / SIGNAL / "klar"
        self.signal.parent.mkdir(parents=True, exist_ok=True)
        server.watch(str(self.signal.parent))
        history = Path(config.config_file_path).parent / IMPLEMENTERING
        if history.is_dir():  # the sites' histories; not in `watch`, which refuses a folder a handbook may not have
            server.watch(str(history))
        if self.forhandsvisning:
            self.forhandsvisning.i_bakgrunnen = True
        log.info(PREVIEW_NOTE if self.dirty else FULL_REBUILD_NOTE)
        return server

    def on_post_page(self, output: str, *, page: Page, config: MkDocsConfig) -> str:
        # The preview is the site: each page it builds gets the header search the post-build pass gives `bygg`.
        return page_with_header_search(output, page.file.dest_uri) if self.serving else output

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        if self.serving and not self.indexed:  # the search page works in the preview too, from the first build
            search_index(Path(config.site_dir))
            self.indexed = True
        if self.forhandsvisning and self.forhandsvisning.ventende:
            log.info(LATER_NOTE.format(antall=len(self.forhandsvisning.ventende)))
            self.forhandsvisning.make_later(self._made_later)

    def _made_later(self, written: int) -> None:
        log.info(LATER_DONE.format(antall=written))
        if self.signal and written:
            self.signal.write_text(str(time.time_ns()), encoding="utf-8")

    def on_shutdown(self) -> None:
        if self.forhandsvisning:
            self.forhandsvisning.close()

    def on_pre_build(self, *, config: MkDocsConfig) -> None:
        if config.extra.get(GENERERT_NOKKEL):
            return
        root = Path(config.config_file_path).parent
        chosen = config.extra.get(DATO_NOKKEL)
        today = date.fromisoformat(chosen) if chosen else date.today()
        if self.serving:
            self.forhandsvisning = self.forhandsvisning or Forhandsvisning(root)
            generert = self.forhandsvisning.generate(today, Path(config.docs_dir))
        else:
            cache = Cache.for_repository(root)
            generert = generate_site_docs(root, today, Path(config.docs_dir), cache)
            cache.save()
        if generert.result.antall_feil:
            raise PluginError(error_text(generert.result.findings))
        if generert.result.findings:
            # INFO, not WARNING: a warning about the handbook (a review date passed) must not fail
            # `--strict`, which is there for broken links and pages.
            log.info(findings_text(generert.result.findings).rstrip("\n"))
        log.info(generated_text(generert))
