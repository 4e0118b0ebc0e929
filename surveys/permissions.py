"""Who may open, edit and submit a council's survey response. Roles are read here only.

The council answers, not the person: its current clerk, deputy clerk, RFO and chair
draft the response together; only the clerk's office (clerk or deputy clerk) submits it.
Councillors, former officers and other councils' officers cannot open it: to them the
response does not exist (404). Office staff (members.permissions, where every office
power also asks for MFA in the session) read every response and preview draft surveys."""

from members import permissions as member_permissions
from members.models import Council, Position
from surveys.models import Response, Survey

Role = Position.Role

DRAFTING_ROLES = (Role.CLERK, Role.DEPUTY_CLERK, Role.RFO, Role.CHAIR)
SUBMITTING_ROLES = member_permissions.COUNCIL_MANAGER_ROLES  # clerk, deputy clerk


def can_run_surveys(user) -> bool:
    """Build surveys, preview them, read every response (a staff power: MFA used this session)."""
    return member_permissions.acts_as_office_staff(user)


def answering_councils(user) -> set[int]:
    """The councils whose responses this person drafts."""
    return member_permissions.councils_where_role(user, DRAFTING_ROLES)


def can_view_survey(user, survey: Survey) -> bool:
    """Members see open and closed surveys; drafts only the office (through the preview)."""
    return survey.status != Survey.Status.DRAFT or can_run_surveys(user)


def can_view_response(user, survey: Survey, council: Council) -> bool:
    if survey.status == Survey.Status.DRAFT:
        return False
    return can_run_surveys(user) or council.pk in answering_councils(user)


def can_edit_response(user, survey: Survey, council: Council, response: Response | None) -> bool:
    """Officers edit their council's draft while the survey is open (staff read, not write)."""
    if not survey.is_open or (response is not None and response.is_submitted):
        return False
    return council.pk in answering_councils(user)


def can_submit_response(user, survey: Survey, council: Council, response: Response | None) -> bool:
    if not can_edit_response(user, survey, council, response):
        return False
    return council.pk in member_permissions.councils_where_role(user, SUBMITTING_ROLES)


def can_reopen_response(user, survey: Survey, response: Response | None) -> bool:
    """The office reopens a submitted response while the survey is open (staff power)."""
    return survey.is_open and response is not None and response.is_submitted and can_run_surveys(user)


def can_see_non_responders(user, survey: Survey) -> bool:
    return can_run_surveys(user)


def can_see_council_survey_panel(user, council: Council) -> bool:
    """The overview's survey panel: the council's drafting officers and the office."""
    return can_run_surveys(user) or council.pk in answering_councils(user)


def can_view_results(user, survey: Survey) -> bool:
    """Full results (per group, free text, the export, the comparison): office staff only."""
    return can_run_surveys(user)


def can_publish_summary(user, survey: Survey) -> bool:
    """The office publishes (or withdraws) the members' summary once the round has closed."""
    return can_run_surveys(user) and survey.status == Survey.Status.CLOSED


def can_view_summary(user, survey: Survey) -> bool:
    """Signed-in people see a published summary; the office previews it before publishing."""
    if can_run_surveys(user):
        return True
    if not user.is_authenticated or survey.status != Survey.Status.CLOSED:
        return False
    from surveys.models import SummaryPublication

    return SummaryPublication.objects.filter(survey=survey).exists()


def can_publish_template(user, survey: Survey) -> bool:
    """The office publishes a survey's questions as a template in the knowledge bank."""
    return can_run_surveys(user)
