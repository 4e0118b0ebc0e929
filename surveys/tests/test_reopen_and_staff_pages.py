"""Reopening a submitted response (service and view), the non-responder list and CSV,
the council overview's survey panel and the My KALC section."""

import csv
import io

import pytest
from django.core.exceptions import ValidationError

from members.models import Position
from members.tests.factories import (
    AreaCommitteeFactory,
    CouncilFactory,
    PositionFactory,
    as_request_user,
    sign_in,
)
from surveys.models import Response, Survey
from surveys.services import responses as services
from surveys.tests.factories import build_survey

pytestmark = pytest.mark.django_db


def _submitted(survey, council, clerk):
    services.response_section_save(
        survey_id=survey.pk,
        council_id=council.pk,
        section_id=survey.sections.first().pk,
        answers={"used-legal": "no", "councillors": "7"},
        started_version=0,
        user=clerk,
    )
    return services.response_submit(survey_id=survey.pk, council_id=council.pk, user=clerk)


def test_reopen_records_who_and_when_and_the_clerk_edits_and_submits_again(survey, council_a, people):
    _submitted(survey, council_a, people["clerk_a"])
    staff = as_request_user(people["staff"])

    reopened = services.response_reopen(survey_id=survey.pk, council_id=council_a.pk, user=staff)

    assert reopened.status == Response.Status.DRAFT
    assert reopened.reopened_by == people["staff"] and reopened.reopened_at is not None
    result = services.response_section_save(
        survey_id=survey.pk,
        council_id=council_a.pk,
        section_id=survey.sections.first().pk,
        answers={"used-legal": "no", "councillors": "9"},
        started_version=reopened.version,
        user=people["clerk_a"],
    )
    assert result.ok and result.changed
    again = services.response_submit(survey_id=survey.pk, council_id=council_a.pk, user=people["clerk_a"])
    assert again.is_submitted and again.reopened_by == people["staff"]
    assert again.answers.get(question_key="councillors").value == 9


def test_reopen_is_refused_for_a_draft_a_closed_survey_and_anyone_but_the_office(survey, council_a, people):
    staff = as_request_user(people["staff"])
    with pytest.raises(ValidationError, match="Only a submitted response"):
        services.response_reopen(survey_id=survey.pk, council_id=council_a.pk, user=staff)
    _submitted(survey, council_a, people["clerk_a"])
    with pytest.raises(ValidationError, match="Only the KALC office"):
        services.response_reopen(survey_id=survey.pk, council_id=council_a.pk, user=people["clerk_a"])
    with pytest.raises(ValidationError, match="Only the KALC office"):
        services.response_reopen(
            survey_id=survey.pk, council_id=council_a.pk, user=as_request_user(people["staff"], mfa=False)
        )
    Survey.objects.filter(pk=survey.pk).update(status=Survey.Status.CLOSED)
    with pytest.raises(ValidationError, match="closed"):
        services.response_reopen(survey_id=survey.pk, council_id=council_a.pk, user=staff)
    assert Response.objects.get(survey=survey, council=council_a).is_submitted


def test_the_staff_response_page_offers_reopen_and_shows_the_record(client, survey, council_a, people):
    _submitted(survey, council_a, people["clerk_a"])
    sign_in(client, people["staff"])
    page = client.get(f"/surveys/{survey.pk}/council/ash/").content.decode()
    assert f'action="/surveys/{survey.pk}/council/ash/reopen/"' in page

    response = client.post(f"/surveys/{survey.pk}/council/ash/reopen/", follow=True)

    page = response.content.decode()
    assert "response is reopened" in page and 'id="reopened"' in page and "Office Staff" in page
    assert f'action="/surveys/{survey.pk}/council/ash/reopen/"' not in page
    # Reopening twice: a clear message, nothing changed.
    again = client.post(f"/surveys/{survey.pk}/council/ash/reopen/", follow=True)
    assert "Only a submitted response can be reopened." in again.content.decode()
    # The clerk sees the form again.
    sign_in(client, people["clerk_a"])
    page = client.get(f"/surveys/{survey.pk}/council/ash/").content.decode()
    assert 'name="section"' in page and f'action="/surveys/{survey.pk}/council/ash/submit/"' in page


def test_the_clerk_does_not_see_the_reopen_button(client, survey, council_a, people):
    _submitted(survey, council_a, people["clerk_a"])
    sign_in(client, people["clerk_a"])
    assert "/reopen/" not in client.get(f"/surveys/{survey.pk}/council/ash/").content.decode()


def test_the_non_responder_list_and_csv_by_area_committee_and_district(client, survey, council_a, people):
    _submitted(survey, council_a, people["clerk_a"])  # Ash responded: not listed
    kent = AreaCommitteeFactory(name="Ashford area", district="Ashford")
    formula = CouncilFactory(name="Aldington", slug="aldington", area_committee=kent)
    PositionFactory(council=formula, role=Position.Role.CLERK, user__full_name="Pat Jones")
    sign_in(client, people["staff"])

    page = client.get(f"/surveys/{survey.pk}/non-responders/").content.decode()
    assert "/council/ash/" not in page
    assert "/council/worth/" in page and "/council/aldington/" in page
    assert page.index("Aldington") < page.index("Worth")  # Ashford area before Dover's

    export = client.get(f"/surveys/{survey.pk}/non-responders.csv")
    assert export["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(export.content.decode())))
    assert rows[0][:3] == ["Area committee", "District", "Council"]
    assert [row[2] for row in rows[1:]] == ["Aldington Parish Council", "Worth Parish Council"]
    assert rows[1][3] == "Pat Jones"


def test_the_csv_escapes_formulae_and_lists_councils_without_a_clerk(client, survey, people):
    committee = AreaCommitteeFactory(name="=HYPERLINK(1)", district="Swale")
    CouncilFactory(name="Clerkless", slug="clerkless", area_committee=committee)
    sign_in(client, people["staff"])
    page = client.get(f"/surveys/{survey.pk}/non-responders/").content.decode()
    assert 'id="without-clerk"' in page and "Clerkless" in page
    export = client.get(f"/surveys/{survey.pk}/non-responders.csv").content.decode()
    rows = list(csv.reader(io.StringIO(export)))
    clerkless = next(row for row in rows if row[2].startswith("Clerkless"))
    assert clerkless[0] == "'=HYPERLINK(1)" and clerkless[3] == "No current clerk"


def test_the_overview_panel_shows_the_councils_survey_status_to_its_clerk(client, survey, council_a, people):
    sign_in(client, people["clerk_a"])
    page = client.get("/councils/ash/").content.decode()
    assert 'id="panel-surveys"' in page
    assert f"/surveys/{survey.pk}/council/ash/" in page and "not started" in page
    _submitted(survey, council_a, people["clerk_a"])
    assert "submitted" in client.get("/councils/ash/").content.decode()


def test_the_panel_is_not_shown_to_a_councillor(client, survey, people):
    sign_in(client, people["councillor_a"])
    page = client.get("/councils/ash/")
    assert 'id="panel-surveys"' not in page.content.decode()


def test_my_kalc_lists_open_surveys_waiting_for_the_persons_councils(client, survey, council_a, people):
    sign_in(client, people["chair_a"])
    page = client.get("/my/").content.decode()
    assert 'id="my-kalc-surveys_waiting"' in page and f"/surveys/{survey.pk}/council/ash/" in page
    _submitted(survey, council_a, people["clerk_a"])
    assert 'id="my-kalc-surveys_waiting"' not in client.get("/my/").content.decode()
    sign_in(client, people["councillor_a"])
    assert 'id="my-kalc-surveys_waiting"' not in client.get("/my/").content.decode()


def test_the_survey_list_links_staff_to_the_non_responders(client, survey, people):
    build_survey(status=Survey.Status.DRAFT, round=2028)
    sign_in(client, people["staff"])
    page = client.get("/surveys/").content.decode()
    assert page.count("/non-responders/") == 1
