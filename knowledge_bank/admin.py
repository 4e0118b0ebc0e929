"""Placeholder: staff authoring in the admin."""
