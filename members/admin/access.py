"""Admin for access (members section)."""
