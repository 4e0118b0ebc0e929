"""Roles are read in <app>/permissions.py and nowhere else: selectors, services, views,
admin and templates ask a permissions function (or a context variable one computed).

A source scan, so a role check added anywhere else fails here with its file and line."""

import re
from pathlib import Path

from django.conf import settings

BASE = Path(settings.BASE_DIR)
SKIPPED_PARTS = {"tests", "migrations", ".venv", "node_modules", "static"}

PYTHON_ROLE_READS = [
    # Reading the staff or superuser flag (assigning it, as the anonymiser does, is a write).
    re.compile(r"\buser\.is_(staff|superuser)\b(?!\s*=[^=])"),
    # Filtering people by the flags or by office group (creating a staff account is a write).
    re.compile(r"\b(filter|exclude|get|Q)\([^)]*\bis_(staff|superuser)=True\b"),
    re.compile(r"\bgroups__name\b"),
    # Comparing a role inline.
    re.compile(r"\brole\s*(==|!=|\bin\b|\bnot in\b)\s*\(?\s*Position\.Role\."),
    re.compile(r"Position\.Role\.\w+\s*(==|!=|\bin\b|\bnot in\b)"),
]
TEMPLATE_ROLE_READS = [re.compile(r"\buser\.(is_staff|is_superuser|groups)\b"), re.compile(r"\bperms\.")]

# Reads that state a stored fact rather than decide who may do what, each with its reason.
ALLOWED = {
    # The personal-data export reports the account's stored flag, whatever it grants.
    ("members/selectors/account.py", '"is_office_staff": user.is_staff'),
    # Synthetic bench data: a fifth of the clerks it makes also deputise at the next council.
    (
        "members/seeding.py",
        "if role == Position.Role.CLERK and rng.random() < 0.2"
        " and index // seats_per_council + 1 < councils:",
    ),
}


def _sources(suffix: str):
    apps = [path.parent for path in BASE.glob("*/apps.py")] + [BASE / "kalc_portal"]
    roots = apps if suffix == ".py" else [BASE / "templates", *(app / "templates" for app in apps)]
    for root in roots:
        for path in root.rglob(f"*{suffix}"):
            relative = path.relative_to(BASE)
            if SKIPPED_PARTS.intersection(relative.parts) or path.name == "permissions.py":
                continue
            yield relative, path.read_text(encoding="utf-8")


def _offences(suffix: str, patterns) -> list[str]:
    found = []
    for relative, text in _sources(suffix):
        for number, line in enumerate(text.splitlines(), start=1):
            if (str(relative), line.strip().rstrip(",")) in ALLOWED:
                continue
            if any(pattern.search(line) for pattern in patterns):
                found.append(f"{relative}:{number}: {line.strip()}")
    return found


def test_no_python_outside_permissions_reads_roles():
    assert _offences(".py", PYTHON_ROLE_READS) == []


def test_no_template_reads_roles():
    assert _offences(".html", TEMPLATE_ROLE_READS) == []


def test_the_scan_sees_the_apps_and_templates():
    """A scan that read nothing would pass for the wrong reason."""
    python = {str(relative) for relative, _ in _sources(".py")}
    templates = {str(relative) for relative, _ in _sources(".html")}
    assert {"members/selectors/access.py", "knowledge_bank/admin.py", "kalc_portal/urls.py"} <= python
    assert "templates/members/my_kalc.html" in templates
    assert "members/permissions.py" not in python
