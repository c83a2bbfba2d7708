"""Preview host check: the preview server answers only requests addressed to its own host names.

A web page the user visits can make its own host name resolve to 127.0.0.1 (DNS rebinding) and then
read the preview as if it were its own site: every routine, draft and plan. Such a request carries the
page's host name in its Host header. So the preview answers a request only when that header names the
address it listens on, localhost, or an IP address (an address cannot be rebound; it is how a colleague
on the same network opens a preview started with 0.0.0.0). Anything else gets a Norwegian refusal.
"""

from __future__ import annotations

import ipaddress
from typing import Any, Callable, Iterable

WsgiApp = Callable[[dict[str, Any], Callable[..., Any]], Iterable[bytes]]
LOCAL_NAMES = frozenset({"localhost"})
REFUSAL = ("Forhåndsvisningen svarer bare på adressen den ble startet med (f.eks. http://127.0.0.1:8000/ eller "
           "http://localhost:8000/). Åpne den adressen i nettleseren.\n")


def host_name(header: str) -> str:
    """The name in a Host header without its port, lower case: '[::1]:8000' -> '::1', 'Localhost.:80' -> 'localhost'."""
    host = header.strip().lower()
    if host.startswith("["):
        return host[1:host.find("]")] if "]" in host else host
    return (host.rsplit(":", 1)[0] if host.count(":") == 1 else host).rstrip(".")


def is_own(header: str, listening: str) -> bool:
    """Whether a request with this Host header is addressed to the preview listening on `listening`."""
    name = host_name(header)
    if name in LOCAL_NAMES or name == host_name(listening):
        return True
    try:
        ipaddress.ip_address(name)
    except ValueError:
        return False
    return True


def guarded(app: WsgiApp, listening: str) -> WsgiApp:
    """`app` answering only requests addressed to its own host (no Host header at all: not a browser's)."""

    def guard(environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        header = environ.get("HTTP_HOST")
        if header is not None and not is_own(header, listening):
            start_response("403 Forbidden", [("Content-Type", "text/plain; charset=utf-8")])
            return [REFUSAL.encode("utf-8")]
        return app(environ, start_response)

    return guard
