"""Reads shared by the knowledge bank's pages: visibility.py (what a person may
see), search.py, hubs.py, review.py, saved.py."""
