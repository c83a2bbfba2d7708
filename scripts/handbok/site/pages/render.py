"""Page rendering: the shared template environment plus the page links every page template uses."""

from __future__ import annotations

from types import MappingProxyType
from typing import Any

from ...core.model import Dokumentstatus, Implementeringsstatus, Tiltaksstatus
from ...reports.templates import environment
from . import paths, text
from .lest import kvitteringslenke

# What the page templates and their macros call: the site's page paths and relative links.
PAGE_GLOBALS = MappingProxyType({
    "href": paths.href, "routine_path": paths.routine_path, "role_path": paths.role_path,
    "document_path": paths.document_path,
    "tjenestested_path": paths.tjenestested_path, "audit_path": paths.audit_path, "diff_path": paths.diff_path,
    "trend_path": paths.trend_path,
    "eldre_versjon": paths.eldre_versjon, "url_of": paths.url_of, "git_tekst": text.git_text,
    "kvitteringslenke": kvitteringslenke,
    "Dokumentstatus": Dokumentstatus, "Implementeringsstatus": Implementeringsstatus, "Tiltaksstatus": Tiltaksstatus,
})


def render(name: str, **context: Any) -> str:
    """A page template rendered with the page globals (imported macro files see them too)."""
    return environment().get_template(name, globals=dict(PAGE_GLOBALS)).render(**context)
