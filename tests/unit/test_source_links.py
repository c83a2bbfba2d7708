"""«Rediger denne siden» and «Foreslå en endring»: the git host's web editor, the owner's mailbox or an issue form."""

from __future__ import annotations

from handbok.core.model import Innstillinger
from handbok.source.assemble import build_innstillinger
from handbok.site.pages.source import source_links


def test_no_repo_url_no_links() -> None:
    assert source_links(Innstillinger(), "rutiner/a.md", "sykepleier") is None


def test_github_editor_and_issue_form() -> None:
    links = source_links(Innstillinger(repo_url="https://github.com/k/h/"), "rutiner/bål.md", None)
    assert links is not None and not links.epost
    assert links.rediger == "https://github.com/k/h/edit/main/rutiner/b%C3%A5l.md"
    assert links.foresla == "https://github.com/k/h/issues/new?title=Forslag%20til%20endring%20i%20rutiner%2Fb%C3%A5l.md"


def test_gitlab_by_host_or_by_setting() -> None:
    by_host = source_links(Innstillinger(repo_url="https://gitlab.kommune.no/h"), "rutiner/a.md", None)
    assert by_host is not None and by_host.rediger == "https://gitlab.kommune.no/h/-/edit/main/rutiner/a.md"
    assert by_host.foresla.startswith("https://gitlab.kommune.no/h/-/issues/new?issue%5Btitle%5D=Forslag")
    settings = build_innstillinger({"repo_url": "https://git.kommune.no/h", "redigering": "gitlab"})
    chosen = source_links(settings, "rutiner/a.md", None)
    assert chosen is not None and chosen.rediger == "https://git.kommune.no/h/-/edit/main/rutiner/a.md"


def test_suggestion_goes_to_the_owner_roles_mailbox() -> None:
    settings = build_innstillinger({"repo_url": "https://github.com/k/h",
                                    "roller_epost": {"sykepleier": "sykepleiere@kommune.no"}})
    links = source_links(settings, "rutiner/a.md", "sykepleier")
    assert links is not None and links.epost
    assert links.foresla == "mailto:sykepleiere@kommune.no?subject=Forslag%20til%20endring%20i%20rutiner%2Fa.md"
