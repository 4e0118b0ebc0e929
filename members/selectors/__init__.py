"""Reads used in more than one place. Core reads in core.py (re-exported here);
feature reads in their own modules."""

from members.selectors.core import positions_for_user

__all__ = ["positions_for_user"]
