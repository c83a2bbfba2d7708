"""Layer 4, scaffold: a new document, or a whole new handbook repository."""
