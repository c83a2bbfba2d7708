"""Layer 6, cli: argument parsing, one function per command, and the one error boundary."""
