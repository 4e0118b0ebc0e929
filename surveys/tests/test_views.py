"""The response page through the client: what typed input comes back after an error, who
edited each section, conflicts shown with both versions, and bad input refused with a
clear message and nothing changed."""

import pytest

from members.tests.factories import sign_in
from surveys.models import Answer, Response, Survey
from surveys.services import responses as services
from surveys.tests.factories import build_survey

pytestmark = pytest.mark.django_db


def page_url(survey, slug="ash"):
    return f"/surveys/{survey.pk}/council/{slug}/"


def post_section(client, survey, section, data, version=0):
    return client.post(page_url(survey), {"section": section.pk, "version": version, **data})


def stored(survey):
    return dict(Answer.objects.filter(response__survey=survey).values_list("question_key", "value"))


def test_an_invalid_number_is_shown_back_with_its_message_and_valid_answers_saved(client, people, survey):
    client.force_login(people["chair_a"])
    section = survey.sections.first()
    response = post_section(
        client, survey, section, {"q-used-legal": "yes", "q-councillors": "45", "q-contact": "email"}
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "Enter a whole number from 0 to 30." in page
    assert 'value="45"' in page  # what was typed stays in the field
    assert 'id="q-councillors-error"' in page
    assert stored(survey) == {"used-legal": "yes", "contact": "email"}


def test_a_choice_not_offered_is_refused_by_the_field(client, people, survey):
    client.force_login(people["clerk_a"])
    response = post_section(client, survey, survey.sections.first(), {"q-contact": "carrier-pigeon"})
    assert "Choose one of the options offered." in response.content.decode()
    assert stored(survey) == {}


def test_a_forged_question_key_changes_nothing(client, people, survey):
    client.force_login(people["clerk_a"])
    response = post_section(
        client, survey, survey.sections.first(), {"q-used-legal": "no", "q-comments": "x"}
    )
    assert response.status_code == 400
    assert "not in this section (comments). Nothing was saved." in response.content.decode()
    assert not Response.objects.exists()


def test_a_section_of_another_survey_changes_nothing(client, people, survey):
    other = build_survey(round=2024)
    client.force_login(people["clerk_a"])
    response = post_section(client, survey, other.sections.first(), {"q-used-legal": "no"})
    assert response.status_code == 400
    assert "That section is not part of this survey." in response.content.decode()
    assert not Response.objects.exists()


def test_a_closed_survey_is_read_only(client, people):
    survey = build_survey(status=Survey.Status.CLOSED)
    client.force_login(people["clerk_a"])
    page = client.get(page_url(survey)).content.decode()
    assert "This response is read-only." in page and 'name="section"' not in page
    assert post_section(client, survey, survey.sections.first(), {"q-used-legal": "no"}).status_code == 403
    assert not Response.objects.exists()


def test_the_page_shows_who_last_edited_each_section_and_is_read_only_once_submitted(
    client, people, survey, council_a
):
    client.force_login(people["chair_a"])
    section = survey.sections.first()
    assert (
        post_section(client, survey, section, {"q-used-legal": "no", "q-councillors": "8"}).status_code == 302
    )
    page = client.get(page_url(survey)).content.decode()
    assert "Last edited by Chair A on" in page and "Not edited yet." in page
    assert 'value="8"' in page
    client.force_login(people["deputy_clerk_a"])
    assert client.post(page_url(survey) + "submit/").status_code == 302
    page = client.get(page_url(survey)).content.decode()
    assert "Submitted by Deputy Clerk A" in page and 'name="q-councillors"' not in page
    response = post_section(client, survey, section, {"q-used-legal": "yes", "q-councillors": "9"}, version=2)
    assert response.status_code == 403
    assert stored(survey) == {"used-legal": "no", "councillors": 8}


def test_submitting_with_a_required_answer_missing_names_it(client, people, survey):
    client.force_login(people["clerk_a"])
    post_section(client, survey, survey.sections.first(), {"q-used-legal": "yes"})
    response = client.post(page_url(survey) + "submit/")
    page = response.content.decode()
    assert response.status_code == 400
    assert "How good was the legal advice?" in page and "How many councillors?" in page
    assert Response.objects.get().status == Response.Status.DRAFT


def test_a_stale_form_is_told_and_shown_both_versions(client, people, survey, council_a):
    section = survey.sections.first()
    services.response_section_save(
        survey_id=survey.pk,
        council_id=council_a.pk,
        section_id=section.pk,
        answers={"councillors": "9"},
        started_version=0,
        user=people["clerk_a"],
    )
    client.force_login(people["chair_a"])
    response = post_section(client, survey, section, {"q-councillors": "12"}, version=0)
    page = response.content.decode()
    assert "Someone else saved “Our services” since you opened it." in page
    assert "Saved by someone else:</strong> 9" in page and "Yours (below, not saved):</strong> 12" in page
    assert 'value="12"' in page and 'name="version" value="1"' in page
    assert stored(survey) == {"councillors": 9}


def test_staff_without_the_authenticator_in_this_session_cannot_preview(client, people):
    draft = build_survey(status=Survey.Status.DRAFT)
    sign_in(client, people["staff"], mfa=False)
    assert client.get(f"/surveys/{draft.pk}/preview/").status_code == 404
    assert client.get(f"/surveys/{draft.pk}/council/ash/").status_code == 404


def test_the_staff_preview_shows_every_question(client, people):
    draft = build_survey(status=Survey.Status.DRAFT)
    sign_in(client, people["staff"])
    page = client.get(f"/surveys/{draft.pk}/preview/").content.decode()
    assert "Preview: the survey as a clerk will see it." in page
    for text in ("Did you use our legal advice?", "Value for money", "Your name", "So we can thank you."):
        assert text in page
