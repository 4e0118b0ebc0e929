"""Every survey URL x every role, with the exact status expected. Council A's response is
opened by its clerk, deputy clerk and chair (and read by staff); to a councillor, a former
clerk and the clerk of council B it does not exist (404). Only the clerk's office submits."""

import pytest

from surveys.models import Response, Survey
from surveys.services import responses as services
from surveys.tests.conftest import ROLES
from surveys.tests.factories import build_survey

pytestmark = pytest.mark.django_db

OPENERS = {
    **dict.fromkeys(ROLES, 404),
    "anonymous": 302,
    "clerk_a": 200,
    "chair_a": 200,
    "deputy_clerk_a": 200,
    "staff": 200,
}
STAFF_ONLY = {**dict.fromkeys(ROLES, 404), "anonymous": 302, "staff": 200}
SIGNED_IN = {**dict.fromkeys(ROLES, 200), "anonymous": 302}
NOBODY = {**dict.fromkeys(ROLES, 404), "anonymous": 302}


@pytest.fixture
def data(people, survey, council_a):
    draft = build_survey(status=Survey.Status.DRAFT, round=2028)
    return {"survey": survey.pk, "draft": draft.pk, "missing": draft.pk + 100}


GET_MATRIX = {
    "/surveys/": SIGNED_IN,
    "/surveys/{survey}/council/ash/": OPENERS,
    "/surveys/{survey}/council/worth/": {**NOBODY, "clerk_b": 200, "staff": 200},
    "/surveys/{survey}/council/no-such-council/": NOBODY,
    "/surveys/{draft}/council/ash/": NOBODY,
    "/surveys/{missing}/council/ash/": NOBODY,
    "/surveys/{survey}/preview/": STAFF_ONLY,
    "/surveys/{draft}/preview/": STAFF_ONLY,
    "/surveys/{survey}/council/ash/submit/": {**dict.fromkeys(ROLES, 405), "anonymous": 302},
    "/surveys/{survey}/council/ash/reopen/": {**dict.fromkeys(ROLES, 405), "anonymous": 302},
    "/surveys/{survey}/non-responders/": STAFF_ONLY,
    "/surveys/{survey}/non-responders.csv": STAFF_ONLY,
    "/surveys/{draft}/non-responders/": STAFF_ONLY,
    "/surveys/{missing}/non-responders/": NOBODY,
    "/surveys/{missing}/non-responders.csv": NOBODY,
}


@pytest.mark.parametrize("pattern", GET_MATRIX)
@pytest.mark.parametrize("role", ROLES)
def test_get_matrix(client, login_as, data, pattern, role):
    login_as(role)
    response = client.get(pattern.format(**data))
    assert response.status_code == GET_MATRIX[pattern][role]


# Saving a section: drafting officers save (302 back to the page); staff read only (403).
SAVE = {**OPENERS, "clerk_a": 302, "chair_a": 302, "deputy_clerk_a": 302, "staff": 403}
# Submitting: the clerk's office (302); the chair and staff may open but not submit (403).
SUBMIT = {**OPENERS, "clerk_a": 302, "deputy_clerk_a": 302, "chair_a": 403, "staff": 403}


@pytest.mark.parametrize("role", ROLES)
def test_saving_a_section(client, login_as, data, survey, role):
    login_as(role)
    section = survey.sections.first()
    response = client.post(
        f"/surveys/{survey.pk}/council/ash/", {"section": section.pk, "version": 0, "q-used-legal": "no"}
    )
    assert response.status_code == SAVE[role]
    saved = Response.objects.filter(
        survey=survey, council__slug="ash", answers__question_key="used-legal"
    ).exists()
    assert saved == (SAVE[role] == 302 and role != "anonymous")


@pytest.mark.parametrize("role", ROLES)
def test_submitting(client, login_as, data, survey, council_a, people, role):
    services.response_section_save(
        survey_id=survey.pk,
        council_id=council_a.pk,
        section_id=survey.sections.first().pk,
        answers={"used-legal": "no", "councillors": "7"},
        started_version=0,
        user=people["chair_a"],
    )
    login_as(role)
    response = client.post(f"/surveys/{survey.pk}/council/ash/submit/")
    assert response.status_code == SUBMIT[role]
    status = Response.objects.get(survey=survey, council=council_a).status
    submitted = SUBMIT[role] == 302 and role != "anonymous"
    assert status == (Response.Status.SUBMITTED if submitted else Response.Status.DRAFT)


def test_a_clerk_of_two_councils_sees_each_response_separately(client, people, survey, council_a, council_b):
    from members.models import Position
    from members.tests.factories import PositionFactory, sign_in

    PositionFactory(council=council_a, role=Position.Role.RFO, user=people["clerk_b"])
    sign_in(client, people["clerk_b"])
    page = client.get("/surveys/").content.decode()
    assert f"/surveys/{survey.pk}/council/ash/" in page and f"/surveys/{survey.pk}/council/worth/" in page
    assert client.get(f"/surveys/{survey.pk}/council/ash/").status_code == 200
    # As RFO of Ash they draft but do not submit it.
    assert client.post(f"/surveys/{survey.pk}/council/ash/submit/").status_code == 403


def test_running_surveys_is_a_staff_power_that_needs_the_authenticator_app_this_session(people):
    from members.models import User
    from members.tests.factories import as_request_user
    from surveys import permissions as survey_permissions

    staff = User.objects.get(pk=people["staff"].pk)
    assert not survey_permissions.can_run_surveys(staff)  # no request, no session
    assert not survey_permissions.can_run_surveys(as_request_user(staff, mfa=False))
    assert survey_permissions.can_run_surveys(as_request_user(staff, mfa=True))


# Reopening a submitted response: the office (302 back to the page); to everyone else the
# reopen does not exist (404), and the response stays submitted.
REOPEN = {**NOBODY, "staff": 302}


@pytest.mark.parametrize("role", ROLES)
def test_reopening(client, login_as, data, survey, council_a, people, role):
    services.response_section_save(
        survey_id=survey.pk,
        council_id=council_a.pk,
        section_id=survey.sections.first().pk,
        answers={"used-legal": "no", "councillors": "7"},
        started_version=0,
        user=people["clerk_a"],
    )
    services.response_submit(survey_id=survey.pk, council_id=council_a.pk, user=people["clerk_a"])
    login_as(role)
    response = client.post(f"/surveys/{survey.pk}/council/ash/reopen/")
    assert response.status_code == REOPEN[role]
    status = Response.objects.get(survey=survey, council=council_a).status
    reopened = REOPEN[role] == 302 and role != "anonymous"
    assert status == (Response.Status.DRAFT if reopened else Response.Status.SUBMITTED)


# Results, export, comparison and summary. Staff with the authenticator used this session
# read everything; a password-only staff session has no staff power (404 like everyone
# else). A summary exists for members only once published (then any signed-in person).
@pytest.fixture
def result_data(data, survey):
    from members.tests.factories import staff_user
    from surveys.services import summaries

    closed = build_survey(status=Survey.Status.CLOSED, round=2024)
    published = build_survey(status=Survey.Status.CLOSED, round=2022)
    summaries.survey_summary_publish(survey_id=published.pk, user=staff_user())
    return {**data, "closed": closed.pk, "published": published.pk}


RESULTS_GET_MATRIX = {
    "/surveys/{survey}/results/": STAFF_ONLY,
    "/surveys/{survey}/results/?area_committee=nowhere&kind=x": STAFF_ONLY,
    "/surveys/{survey}/results.csv": STAFF_ONLY,
    "/surveys/{survey}/results.xlsx": STAFF_ONLY,
    "/surveys/{closed}/results/": STAFF_ONLY,
    "/surveys/{draft}/results/": STAFF_ONLY,
    "/surveys/{missing}/results/": NOBODY,
    "/surveys/{missing}/results.csv": NOBODY,
    "/surveys/{survey}/compare/": STAFF_ONLY,
    "/surveys/{missing}/compare/": NOBODY,
    "/surveys/{survey}/summary/": STAFF_ONLY,
    "/surveys/{closed}/summary/": STAFF_ONLY,
    "/surveys/{draft}/summary/": STAFF_ONLY,
    "/surveys/{published}/summary/": SIGNED_IN,
    "/surveys/{missing}/summary/": NOBODY,
}


@pytest.mark.parametrize("pattern", RESULTS_GET_MATRIX)
@pytest.mark.parametrize("role", ROLES)
def test_results_get_matrix(client, login_as, result_data, pattern, role):
    login_as(role)
    response = client.get(pattern.format(**result_data))
    assert response.status_code == RESULTS_GET_MATRIX[pattern][role]


# Publishing: staff publish a closed round (302 back); an open round cannot be (400);
# nobody else may (404, and the published summary stays readable but not changeable).
PUBLISH = {**STAFF_ONLY, "staff": 302}


@pytest.mark.parametrize("role", ROLES)
def test_publishing_the_summary(client, login_as, result_data, role):
    from surveys.models import SummaryPublication

    login_as(role)
    response = client.post(f"/surveys/{result_data['closed']}/summary/", {"action": "publish"})
    assert response.status_code == PUBLISH[role]
    published = SummaryPublication.objects.filter(survey_id=result_data["closed"]).exists()
    assert published == (role == "staff")


@pytest.mark.parametrize("role", ROLES)
def test_publishing_an_open_round_is_refused(client, login_as, result_data, role):
    from surveys.models import SummaryPublication

    login_as(role)
    response = client.post(f"/surveys/{result_data['survey']}/summary/", {"action": "publish"})
    assert response.status_code == {**STAFF_ONLY, "staff": 400}[role]
    assert not SummaryPublication.objects.filter(survey_id=result_data["survey"]).exists()


@pytest.mark.parametrize("role", ROLES)
def test_withdrawing_the_summary(client, login_as, result_data, role):
    from surveys.models import SummaryPublication

    login_as(role)
    response = client.post(f"/surveys/{result_data['published']}/summary/", {"action": "withdraw"})
    assert response.status_code == {**NOBODY, "staff": 302}[role]
    still = SummaryPublication.objects.filter(survey_id=result_data["published"]).exists()
    assert still == (role != "staff")
