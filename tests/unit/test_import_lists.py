"""Importer: whatever lists a source holds, the Markdown it writes shows the same lists on the site and on GitHub."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from handbok.checks.lists import github_items, site_items
from handbok.importer.cleanup import clean
from handbok.source.siteconfig import MarkdownOppsett

_LINE = st.one_of(
    st.tuples(st.integers(0, 9), st.sampled_from(["-", "*", "+", "1.", "2.", "1)", "10.", "•"]), st.integers(1, 3)).map(
        lambda t: " " * t[0] + t[1] + " " * t[2] + "steg"),
    st.tuples(st.integers(0, 6), st.sampled_from(["Tekst her", "Slik gjør du:"])).map(lambda t: " " * t[0] + t[1]),
    st.just("## Overskrift"),
    st.just(""),
)


@settings(max_examples=400, deadline=None)
@given(st.lists(_LINE, min_size=1, max_size=14))
def test_written_lists_show_alike_on_the_site_and_on_github(lines: list[str]) -> None:
    written = clean("\n".join(lines) + "\n").tekst
    site = site_items(MarkdownOppsett().markdown().convert(written))
    assert [item for _, item in github_items(written)] == site, written


def test_word_and_pdf_shapes() -> None:
    """The shapes pandoc and the PDF reader give: loose lists, sub-steps under a numbered step, text right above."""
    written = clean("Slik gjør du:\n1.  Kontroller\n\n    1.  Sjekk navn\n\n2.  Gi\n\n    Les etiketten.\n\n3.  Signer\n").tekst
    assert written == "Slik gjør du:\n\n1. Kontroller\n   1. Sjekk navn\n2. Gi\n   Les etiketten.\n3. Signer\n"
