"""Layer 2, source: reading the repository — files, YAML with lines, the cache, git and its history, safe writing."""
