"""Preview host check: which Host headers name the preview itself (DNS rebinding needs a name of its own)."""

from __future__ import annotations

import pytest

from handbok.site.hostcheck import host_name, is_own


@pytest.mark.parametrize("header, name", [("127.0.0.1:8000", "127.0.0.1"), ("[::1]:8000", "::1"), ("[::1]", "::1"),
                                          ("Localhost.:80", "localhost"), ("rutiner.example", "rutiner.example")])
def test_host_name_without_port(header: str, name: str) -> None:
    assert host_name(header) == name


@pytest.mark.parametrize("header, listening, own", [
    ("127.0.0.1:8000", "127.0.0.1", True), ("localhost:8000", "127.0.0.1", True), ("[::1]:8000", "127.0.0.1", True),
    ("192.168.1.20:8000", "0.0.0.0", True),  # a colleague on the same network, by address
    ("min-pc:8000", "min-pc", True),  # the name the preview was started with
    ("angriper.example:8000", "127.0.0.1", False), ("127.0.0.1.nip.io:8000", "127.0.0.1", False),
    ("localhost.angriper.example", "127.0.0.1", False), ("min-pc:8000", "0.0.0.0", False),
])
def test_only_its_own_names_and_addresses(header: str, listening: str, own: bool) -> None:
    assert is_own(header, listening) is own
