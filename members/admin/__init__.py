"""Admin registrations, one module per feature."""

from members.admin import access, account, core, feedback, mediation, partners  # noqa: F401
