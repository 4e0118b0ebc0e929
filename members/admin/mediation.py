"""Admin for mediation (members section)."""
