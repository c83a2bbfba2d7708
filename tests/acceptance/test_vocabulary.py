"""One vocabulary on every page (issue 15): a state has one name, dates and numbers are written the Norwegian
way, and lists people read are sorted by title. Checked on the example handbook's generated pages and the
audit document of every tjenestested."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import markdown
import pytest

from handbok.site.build import page_input
from handbok.core.formatting import tittelorden
from handbok.core.model import Dokumentstatus, Implementeringsstatus, Rolletype, Tiltaksstatus
from handbok.site.pages import generate_pages
from handbok.site.pages.paths import url_of

from conftest import add, copy_base, routine

REPO = Path(__file__).resolve().parents[2]

# The canonical labels, from the enums themselves; each is the only name of its state.
CANONICAL = {s.tekst for enum in (Dokumentstatus, Implementeringsstatus, Tiltaksstatus, Rolletype) for s in enum}
# Second names the pages once used for a state that has a canonical one (and the label to use instead). Words
# such as «pågår» stay allowed: the sites' own text (hvordan) uses them in sentences, not as a state.
VARIANTS = {"Må implementeres på nytt": "Må oppdateres", "Må oppdateres på nytt": "Må oppdateres",
            "Utdatert": "Må oppdateres", "Ikke påbegynt": "Ikke startet", "Ikke relevant": "Ikke aktuelt"}
# A raw enum value is a slug with a hyphen or an ASCII spelling (hoering, utgaatt): never prose.
RAW_VALUES = sorted({str(s) for enum in (Dokumentstatus, Implementeringsstatus, Tiltaksstatus) for s in enum
                     if str(s) != s.tekst.casefold()})
ISO_DATE = re.compile(r"\b\d{4}-\d{2}-\d{2}\b")
DECIMAL_POINT = re.compile(r"\d\.\d")
# A list in another order than by title says so: in its caption («nyeste først»), or it is the dated news list.
OTHER_ORDER = re.compile(r"først|nyeste|eldste", re.IGNORECASE)
DATED_LISTS = {"handbok-nytt"}


@dataclass
class Item:
    """A list item or table row: its first link, its row header and its cells' text."""

    href: str | None = None
    link: str = ""
    header: str = ""
    cells: list[str] = field(default_factory=list)


@dataclass
class Block:
    """A <ul> or a table body, with the heading above it, the table's caption and class."""

    heading: str
    caption: str
    klasse: str
    items: list[Item] = field(default_factory=list)


class Page(HTMLParser):
    """The text a reader sees (attributes left out, so <time datetime> does not count) and the page's lists."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.text: list[str] = []
        self.blocks: list[Block] = []
        self._open: list[Block] = []
        self._heading = self._caption = self._table_class = ""
        self._capture: set[str] = set()  # where the text goes: heading, caption, link, header, cell
        self._skip = 0

    def _item(self) -> Item | None:
        return self._open[-1].items[-1] if self._open and self._open[-1].items else None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a, item = dict(attrs), self._item()
        if tag in ("style", "script"):
            self._skip += 1
        elif tag in ("h1", "h2", "h3"):
            self._heading = ""
            self._capture.add("heading")
        elif tag == "caption":
            self._caption = ""
            self._capture.add("caption")
        elif tag == "table":
            self._table_class = a.get("class") or ""
        elif tag in ("ul", "tbody"):
            table = tag == "tbody"
            self._open.append(Block(self._heading.strip(), self._caption.strip() if table else "",
                                    self._table_class if table else a.get("class") or ""))
        elif tag in ("li", "tr") and self._open:
            self._open[-1].items.append(Item())
        elif tag in ("td", "th") and item is not None:
            item.cells.append("")
            self._capture |= {"cell", "header"} if tag == "th" and a.get("scope") == "row" else {"cell"}
        elif tag == "a" and item is not None and item.href is None:
            item.href = a.get("href") or ""
            self._capture.add("link")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("style", "script"):
            self._skip -= 1
        elif tag in ("h1", "h2", "h3"):
            self._capture.discard("heading")
        elif tag == "caption":
            self._capture.discard("caption")
        elif tag in ("ul", "tbody") and self._open:
            self.blocks.append(self._open.pop())
        elif tag in ("td", "th"):
            self._capture -= {"cell", "header"}
        elif tag == "a":
            self._capture.discard("link")

    def handle_data(self, data: str) -> None:
        if self._skip:
            return
        self.text.append(data)
        self._heading += data if "heading" in self._capture else ""
        self._caption += data if "caption" in self._capture else ""
        item = self._item()
        if item is not None:
            item.link += data if "link" in self._capture else ""
            item.header += data if "header" in self._capture else ""
            if "cell" in self._capture and item.cells:
                item.cells[-1] += data


def parse(rel: str, content: str) -> Page:
    """A generated page as the reader gets it: Markdown pages through Markdown first (as MkDocs does)."""
    if rel.endswith(".md"):
        body = content.split("\n---\n", 1)[1] if content.startswith("---\n") else content
        content = markdown.markdown(body, extensions=["tables", "attr_list", "admonition", "md_in_html"])
    page = Page()
    page.feed(content)
    return page


def headers_of(content: str) -> dict[str, list[str]]:
    """Each table caption -> its column headers (read apart, since the header row is outside <tbody>)."""
    found = {}
    for table in re.findall(r"<table.*?</table>", content, re.DOTALL):
        caption = re.search(r"<caption[^>]*>(.*?)</caption>", table, re.DOTALL)
        cols = [re.sub(r"<[^>]+>", "", c) for c in re.findall(r'<th scope="col"[^>]*>(.*?)</th>', table, re.DOTALL)]
        found[re.sub(r"<[^>]+>", "", caption.group(1)).strip() if caption else ""] = cols
    return found


def wording_problems(rel: str, content: str) -> list[str]:
    page = parse(rel, content)
    text = " ".join(page.text)
    problems = [f"{rel}: «{variant}» – skriv «{canonical}»" for variant, canonical in VARIANTS.items()
                if re.search(rf"(?<!\w){re.escape(variant)}(?!\w)", text, re.IGNORECASE)]
    problems += [f"{rel}: rå verdi «{m.group(0)}» i teksten"
                 for value in RAW_VALUES for m in re.finditer(rf"(?<![\w-]){re.escape(value)}(?![\w-])", text)]
    problems += [f"{rel}: ISO-dato «{m.group(0)}» i synlig tekst" for m in ISO_DATE.finditer(text)]
    headers = headers_of(content)
    for block in page.blocks:
        columns = headers.get(block.caption, [])
        for item in block.items:
            for name, cell in zip(columns, item.cells):
                if "snitt" in name.casefold() and DECIMAL_POINT.search(cell):
                    problems.append(f"{rel}: desimalpunktum «{cell.strip()}» i kolonnen «{name}» – skriv komma")
    problems += [f"{rel}: desimalpunktum i «{m.group(0)}»"
                 for m in re.finditer(r"[Ss]nitt[^.\d]{0,40}\d+\.\d+", text)]
    return problems


def order_problems(rel: str, content: str) -> list[str]:
    """Lists of documents (links to routine or role pages; in the audit document, the row headers of its
    document tables) must be by title, unless they say they are in another order."""
    problems = []
    here = "https://handbok.example/" + (url_of(rel) if rel.endswith(".md") else rel)
    for block in parse(rel, content).blocks:
        if OTHER_ORDER.search(block.caption) or DATED_LISTS & set(block.klasse.split()):
            continue
        links = [i.link.strip() for i in block.items
                 if i.href is not None and re.match(r"/(rutiner|roller)/.", urlsplit(urljoin(here, i.href)).path)]
        audit = [i.header.strip() for i in block.items] if "rutiner" in block.klasse.split() else []
        titles = links if len(links) == len(block.items) else audit
        if len(titles) > 1 and titles != sorted(titles, key=tittelorden):
            problems.append(f"{rel}: «{block.caption or block.heading}» er ikke sortert etter tittel: {titles}")
    return problems


# --- the detectors find what they are for (a test that cannot fail is a defect) --------------------------

def test_the_checks_catch_second_names_raw_values_iso_dates_decimal_points_and_unsorted_lists() -> None:
    page = ('<p>Status: Utdatert, i-gang, ikke-aktuelt siden 2026-06-20 (<time datetime="2026-06-20">20.06.2026'
            '</time>). Snitt 3.5 per måned.</p>'
            '<table><caption>Snitt per spørsmål</caption><thead><tr><th scope="col">Spørsmål</th>'
            '<th scope="col">Snitt</th></tr></thead><tbody><tr><th scope="row">Kjent</th><td>4.0</td></tr>'
            '</tbody></table>'
            '<ul><li><a href="../rutiner/b/">Øvelse</a></li><li><a href="../rutiner/a/">Avvik</a></li></ul>')
    problems = wording_problems("x.html", page)
    assert any("«Utdatert»" in p for p in problems)
    assert any("«i-gang»" in p for p in problems) and any("«ikke-aktuelt»" in p for p in problems)
    assert [p for p in problems if "ISO-dato" in p] == ["x.html: ISO-dato «2026-06-20» i synlig tekst"]
    assert any("«4.0» i kolonnen «Snitt»" in p for p in problems) and any("«Snitt 3.5»" in p for p in problems)
    assert order_problems("x.html", page) == ["x.html: «» er ikke sortert etter tittel: ['Øvelse', 'Avvik']"]
    assert wording_problems("y.html", "<p>Må oppdateres, I gang, 4,0</p>") == []


def test_canonical_labels_come_from_the_enums() -> None:
    assert {"Må oppdateres", "Ikke startet", "I gang", "Ikke aktuelt", "Gjelder ikke", "På høring", "Utgått",
            "Forfalt"} <= CANONICAL
    assert not set(VARIANTS) & CANONICAL and set(VARIANTS.values()) <= CANONICAL
    assert {"ma-oppdateres", "i-gang", "hoering", "utgaatt", "apen"} <= set(RAW_VALUES)


# --- the example handbook -------------------------------------------------------------------------------

@pytest.fixture(scope="module", params=[date(2026, 6, 20), date(2026, 12, 1)], ids=str)
def example_pages(request: pytest.FixtureRequest) -> dict[str, str]:
    """Every generated page (not the hand-written docs/, which explain the raw values to authors) and the audit
    document of every tjenestested, as of two days of the example's story."""
    made = page_input(REPO, request.param, history=False)
    assert made.result.antall_feil == 0
    pages = generate_pages(made.result.handbok, made.status, made.git, request.param, REPO / "ingen-docs")
    assert sum(rel.startswith("tilsyn/") for rel in pages) == len(made.status.steder)
    return {rel: text for rel, text in pages.items() if isinstance(text, str) and rel.endswith((".md", ".html"))}


def test_every_page_uses_one_name_per_state_and_norwegian_dates_and_numbers(example_pages: dict[str, str]) -> None:
    problems = [p for rel, text in sorted(example_pages.items()) for p in wording_problems(rel, text)]
    assert problems == []


@pytest.mark.parametrize("prefix", ["rutiner/index.md", "roller/", "tjenestesteder/", "tilsyn/"])
def test_lists_people_read_are_sorted_by_title(example_pages: dict[str, str], prefix: str) -> None:
    checked = {rel: text for rel, text in example_pages.items() if rel.startswith(prefix)}
    assert checked
    problems = [p for rel, text in sorted(checked.items()) for p in order_problems(rel, text)]
    assert problems == []


def test_titles_starting_with_ae_oe_aa_come_last_in_norwegian_order(tmp_path: Path) -> None:
    """Æ, Ø, Å after Z (Unicode puts å before æ): the role page, the routine index and the front page agree."""
    root = copy_base(tmp_path)
    for rutine_id, tittel in (("aapen", "Åpen dør"), ("oye", "Øyeblikkelig hjelp"), ("aerlig", "Ærlig tale")):
        add(root, f"rutiner/{rutine_id}.md", routine(rutine_id, tittel=tittel, ansvar="Gjør det."))
    made = page_input(root, date(2026, 1, 1), history=False)
    assert made.result.antall_feil == 0, made.result.findings
    pages = generate_pages(made.result.handbok, made.status, made.git, date(2026, 1, 1), root / "ingen-docs")
    role = str(pages["roller/sykepleier.md"]).split("## Rutiner der du har ansvar", 1)[1]
    assert role.index("Ærlig tale") < role.index("Øyeblikkelig hjelp") < role.index("Åpen dør")
    for rel in ("roller/sykepleier.md", "rutiner/index.md", "tjenestesteder/nord.md", "tilsyn/nord.html"):
        assert order_problems(rel, str(pages[rel])) == []
