"""Importer: titles a person would choose, and the template's lines that are never one."""

from __future__ import annotations

import pytest

from handbok.importer.header import Felt
from handbok.importer.residue import generic, is_page_furniture, is_running_line, page_lines
from handbok.importer.title import choose, from_filename


@pytest.mark.parametrize("line", ["RUTIN", "Rutine", "CHECKLISTA", "Lathund", "Instruktion", "Informationsbrev",
                                  "JANUARI", "januar 2016", "VÅRD- OCH OMSORGSFÖRVALTNINGEN", "Helse- og omsorgsavdelingen",
                                  "Sist endret: 29.06.2016", "Senast ändrad 2016-06-29", "(3)", "29.06.2016",
                                  "Side 1 av 4", "Utskrift er ukontrollert"])
def test_never_a_title(line: str) -> None:
    assert generic(line)


@pytest.mark.parametrize("line", ["Legemiddelhåndtering", "Rutine for legemiddelhåndtering", "Mars-prosjektet",
                                  "Brukerundersøkelse i omsorgsavdelingen", "Plan for legemiddelgjennomgang",
                                  "Sårstell i heimetenesta"])
def test_a_title(line: str) -> None:
    assert generic(line) == ""


@pytest.mark.parametrize(("name", "title"), [
    ("Rutine_legemiddelhandtering_i_hjemmetjenesten_v2 (1).docx", "Legemiddelhandtering i hjemmetjenesten"),
    ("lakemedelshantering_rutin_vof.docx", "Lakemedelshantering"),
    ("Fallforebygging-version-2.pdf", "Fallforebygging"),
    ("Kopi av Sårstell 2016-06-29 (3).md", "Sårstell"),
    ("RUTIN.docx", "Importert rutine"),
])
def test_file_name_residue_is_not_a_title(name: str, title: str) -> None:
    assert from_filename(name) == title


def test_the_first_real_heading_beats_template_lines_and_the_file_name() -> None:
    body = "**JANUARI**\n\n**RIKTLINJE**\n\n| Fastställd av | MAS |\n|---|---|\n\n# Munvård\n\n## Syfte\n\nText.\n"
    title, rest = choose({}, [], body, "Rutinemall", "Rutin munvard (2).docx")
    assert (title.tekst, title.fra) == ("Munvård", "første overskrift")
    assert "| Fastställd av | MAS |" in rest and "JANUARI" not in rest and "RIKTLINJE" not in rest
    assert "# Munvård" not in rest and "## Syfte" in rest


def test_the_header_tables_title_and_a_foreign_front_matter_come_first() -> None:
    header = [Felt("Tittel", "tittel", "Trygghetsalarm")]
    assert choose({}, header, "## Formål\n\nTekst.\n", "", "Dokument7.docx")[0].fra == "topptabellen («Tittel»)"
    own = {"title": "Trygghetsalarm i hjemmetjenesten"}
    title, rest = choose(own, [], "RUTINE\n\n# Trygghetsalarm i hjemmetjenesten\n\nTekst.\n", "", "x.md")
    assert (title.tekst, title.fra, rest.strip()) == ("Trygghetsalarm i hjemmetjenesten",
                                                      "kildens egen front matter (title)", "Tekst.")
    assert choose({"title": "munvard_rutin_vof (3)"}, [], "# Munvård\n", "", "x.md")[0].tekst == "Munvård"


def test_running_headers_and_page_markers_leave_a_pdfs_pages() -> None:
    pages = ["VÅRD- OCH OMSORGSFÖRVALTNINGEN – Rutin Sida 1 av 2\nFallprevention\nText ett.\nUtskrift er ukontrollert",
             "VÅRD- OCH OMSORGSFÖRVALTNINGEN – Rutin Sida 2 av 2\nText två.\nUtskrift er ukontrollert"]
    assert page_lines(pages).split() == "Fallprevention Text ett. Text två.".split()
    assert is_page_furniture("1 [3]") and is_page_furniture("2/2") and is_running_line("Dnr 2017/32 Sida 1 (3)")
    assert not is_page_furniture("Se skjemaet på side 3") and not is_running_line("Se skjemaet på side 3")


def test_a_converted_texts_page_headers_and_template_words_leave_it() -> None:
    """A PDF someone else converted to Markdown: «… Side 1», «… Side 2» (no page count) repeated with the page's
    number, and the template's word above the text; «side 3» inside a sentence stays."""
    from handbok.importer.cleanup import clean

    converted = ("Legemiddelprosedyre Eksempel kommune Side 1\n\nRUTINE\n\nJANUAR\n\n## Formål\n\nRiktig legemiddel. "
                 "Se skjemaet på side 3.\n\nLegemiddelprosedyre Eksempel kommune Side 2\n\n## Avvik\n\nMeldes samme "
                 "dag.\n\nLegemiddelprosedyre Eksempel kommune Side 3\n")
    text = clean(converted).tekst
    assert "Legemiddelprosedyre" not in text and "RUTINE" not in text and "JANUAR" not in text
    assert text.startswith("## Formål") and "Se skjemaet på side 3." in text and "## Avvik" in text
    once = "Legemiddelprosedyre Eksempel kommune Side 1\n\n## Formål\n\nTekst.\n"
    assert "Side 1" in clean(once).tekst  # one line that names a page is no header: it comes on no other page


def test_a_title_repeated_as_every_pages_header_stays_the_title_and_leaves_the_text() -> None:
    pages = ["Sjekkliste ved oppstart\nSide 1 av 2\n\nFormål\nTrygg oppstart.\n1. Les vedtaket.\n2. Ring brukeren.",
             "Sjekkliste ved oppstart\nSide 2 av 2\n\n3. Avtal første besøk.\n4. Dokumenter i journal."]
    text = page_lines(pages)
    assert text.count("Sjekkliste ved oppstart") == 1 and text.lstrip().startswith("Sjekkliste ved oppstart")
    assert "Side" not in text and "2. Ring brukeren.\n\n\n3. Avtal første besøk." in text
