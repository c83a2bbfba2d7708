"""Layer 1, core: the typed model and what is derived from it (status, trends, findings, errors); no I/O."""
