"""Forms of the knowledge bank, one module per feature."""
