"""Files: what the site carries as it is — our CSS and JavaScript, and the edition stamp of a build."""

from __future__ import annotations

import json
from datetime import date
from importlib import resources

from ...core.formatting import dato, iso

ASSETS = "assets/handbok"
ASSET_NAMES = ("handbok.css", "tabeller.js", "sok.js", "frakoblet.js", "utskrift.js")


def static_assets() -> dict[str, str]:
    """Our CSS and JS, copied into the generated folder so every engine publishes them as they are."""
    folder = resources.files("handbok") / "assets"
    return {f"{ASSETS}/{name}": (folder / name).read_text(encoding="utf-8") for name in ASSET_NAMES}


def edition(today: date) -> str:
    """utgave.json: the build's date, which the offline copy shows («slik den var 20.06.2026»)."""
    return json.dumps({"dato": iso(today), "tekst": dato(today)}, ensure_ascii=False) + "\n"
