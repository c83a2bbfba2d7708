"""Layer 3, checks: every rule over the loaded documents and the model, as findings."""
