"""Every write to members' data. Core writes live in core.py and are re-exported
here; each feature keeps its writes in its own module (access.py, account.py...)."""

from members.services.core import (
    COUNCIL_CSV_HEADER,
    CouncilCsvError,
    CouncilLoadResult,
    area_committee_for_district,
    councils_load_csv,
    office_group,
    position_end,
    position_start,
    user_create,
    user_deactivate,
    user_set_office_staff,
)

__all__ = [
    "COUNCIL_CSV_HEADER",
    "CouncilCsvError",
    "CouncilLoadResult",
    "area_committee_for_district",
    "councils_load_csv",
    "office_group",
    "position_end",
    "position_start",
    "user_create",
    "user_deactivate",
    "user_set_office_staff",
]
