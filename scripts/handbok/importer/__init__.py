"""Layer 4, importer: Word, HTML, Markdown, PDF and text documents -> new draft routines (`handbok importer`), with a report."""
