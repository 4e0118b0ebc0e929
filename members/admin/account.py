"""Admin for account (members section)."""
