"""Layer 4, edit: safe changes to the files we own — the implementation record and the imported statistics."""
