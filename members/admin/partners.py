"""Admin for partners (members section)."""
