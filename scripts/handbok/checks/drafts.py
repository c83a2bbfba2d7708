"""Drafts: a routine under work (utkast, hoering) that lacks what only a routine in force needs -> warnings.

The schema makes these fields required once a routine is `gjeldende` or `utgaatt` (an error there); a draft
may lack them while it is written, so here each gap is a warning that says what must be filled in first.
"""

from __future__ import annotations

import json
from functools import cache
from typing import Iterator

from ..core.findings import Finding, advarsel
from ..source.loading import Document
from .schema import descriptions, schema_text

UNDER_ARBEID = ("utkast", "hoering")


@cache
def in_force_fields() -> tuple[str, ...]:
    """The fields the routine schema requires only of a routine in force (its conditional on gjeldende and utgaatt)."""
    schema = json.loads(schema_text("rutine"))
    for rule in schema.get("allOf", ()):
        statuses = rule["if"]["properties"]["dokumentstatus"].get("enum", ())
        if set(statuses) == {"gjeldende", "utgaatt"}:
            return tuple(rule["then"]["required"])
    return ()


def check_draft_gaps(doc: Document) -> Iterator[Finding]:
    if doc.kind != "rutine" or not isinstance(doc.data, dict) or doc.data.get("dokumentstatus") not in UNDER_ARBEID:
        return
    for name in in_force_fields():
        if name not in doc.data:
            about = descriptions("rutine").get(name, "")
            yield advarsel("utkast-mangler-felt", doc.fil, doc.line(), name,
                           f"Feltet «{name}» mangler. Et utkast kan mangle det, men det må fylles inn før rutinen "
                           f"blir gjeldende: {name}: … " + (f"({about})" if about else ""))
