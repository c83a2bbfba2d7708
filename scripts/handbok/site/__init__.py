"""Layer 5, site: pages, the engine, the post-build passes, the preview and the change notices that link to the pages."""
