"""Importer: Word, HTML, Markdown, PDF and text documents -> new draft routines (`handbok importer`), with a report."""
