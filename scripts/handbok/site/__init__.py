"""Layer 5, site: pages, the engine, the post-build passes and the preview."""
