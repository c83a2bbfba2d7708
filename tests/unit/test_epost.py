"""E-mail out (site.epost): an .eml file is named after its address, and never lands outside the folder."""

from __future__ import annotations

from email.message import EmailMessage
from pathlib import Path

from handbok.site.epost import write_eml


def test_an_address_never_names_a_file_outside_the_folder(tmp_path: Path) -> None:
    messages = []
    for address in ("sor@kommune.no", "../../ut@kommune.no", ".skjult@kommune.no"):
        message = EmailMessage()
        message["To"] = address
        message.set_content("Hei")
        messages.append(message)
    written = write_eml(messages, tmp_path / "ut")
    assert [p.name for p in written] == ["sor@kommune.no.eml", "_._.._ut@kommune.no.eml", "_skjult@kommune.no.eml"]
    assert all(p.parent == tmp_path / "ut" for p in written) and sorted(tmp_path.iterdir()) == [tmp_path / "ut"]
