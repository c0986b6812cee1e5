"""One module per CLI command; `generator.cli` wires them to arguments."""
