"""Admin for feedback (members section)."""
