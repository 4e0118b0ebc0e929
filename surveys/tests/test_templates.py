"""Survey templates for councils: the office publishes a survey's questions (no answers) as
a tagged PDF in the knowledge bank; publishing again adds a version, not a resource."""

import pytest

from knowledge_bank.models import FileVersion, Resource
from surveys.models import Answer, Response, Survey
from surveys.services import templates
from surveys.tests.conftest import ROLES
from tests.pdf import laid_out_text, pdf_streams

pytestmark = pytest.mark.django_db

# Only office staff who used their authenticator this session publish (302 back to the
# results); to everyone else (the password-only staff session too) the URL does not exist.
PUBLISH = {**dict.fromkeys(ROLES, 404), "anonymous": 302, "staff": 302}


def test_the_template_holds_the_questions_and_no_answers(survey, council_a, people):
    response = Response.objects.create(survey=survey, council=council_a)
    Answer.objects.create(response=response, question_key="name", value="Secret Answer Text")

    pdf = templates.survey_template_pdf(survey)
    text = laid_out_text(templates.survey_template_html(survey))

    assert pdf.startswith(b"%PDF-")
    streams = pdf_streams(pdf).decode("utf-8", "replace")
    assert 'pdfuaid:part="1"' in streams and "/StructTreeRoot" in streams  # tagged PDF/UA-1
    assert "Survey template: Member survey" in streams  # dc:title
    for expected in (
        "Our services",
        "Your views",
        "Did you use our legal advice? (required)",
        "How good was the legal advice?",
        "Type: Rating (1 to 5)",
        "1 means poor, 5 means excellent",
        "A number from 0 up to 30",
        "Which services?",
        "Strongly disagree",
    ):
        assert expected in text
    assert "Secret Answer Text" not in text


def test_publishing_twice_gives_one_resource_with_two_versions(people, survey):
    staff = people["staff"]
    first = templates.survey_template_publish(survey_id=survey.pk, user=staff)
    second = templates.survey_template_publish(survey_id=survey.pk, user=staff)

    resource = Resource.objects.get()
    assert resource.kind == Resource.Kind.SURVEY_TEMPLATE
    assert resource.audience == Resource.Audience.MEMBERS
    assert resource.status == Resource.Status.PUBLISHED
    assert (first.version, second.version) == (1, 2)
    versions = list(FileVersion.objects.filter(resource=resource).order_by("number"))
    assert [v.number for v in versions] == [1, 2]
    assert versions[0].content_type == "application/pdf"
    assert versions[1].change_note  # what the superseded notice tells earlier downloaders
    assert first.url == second.url and first.url.endswith(f"/{resource.slug}/")


@pytest.mark.parametrize("role", ROLES)
def test_publish_matrix(client, login_as, survey, role):
    login_as(role)
    response = client.post(f"/surveys/{survey.pk}/template/publish/")
    assert response.status_code == PUBLISH[role]
    assert Resource.objects.count() == (1 if role == "staff" else 0)
    assert FileVersion.objects.count() == (1 if role == "staff" else 0)


@pytest.mark.parametrize("role", ROLES)
def test_get_and_missing_survey_change_nothing(client, login_as, survey, role):
    login_as(role)
    assert client.get(f"/surveys/{survey.pk}/template/publish/").status_code == (
        302 if role == "anonymous" else 405
    )
    missing = client.post(f"/surveys/{survey.pk + 100}/template/publish/")
    assert missing.status_code == (302 if role == "anonymous" else 404)
    assert not Resource.objects.exists()


def test_a_survey_without_questions_is_refused_with_a_message(client, login_as, survey):
    empty = Survey.objects.create(
        round=2030, title="Empty", opens_on=survey.opens_on, closes_on=survey.closes_on
    )
    login_as("staff")
    response = client.post(f"/surveys/{empty.pk}/template/publish/", follow=True)
    assert response.status_code == 200
    assert "no questions yet" in response.content.decode()
    assert not Resource.objects.exists() and not FileVersion.objects.exists()


def test_the_results_page_offers_the_action_to_staff(client, login_as, survey):
    login_as("staff")
    html = client.get(f"/surveys/{survey.pk}/results/").content.decode()
    assert f'action="/surveys/{survey.pk}/template/publish/"' in html
    assert "Publish as a template in the knowledge bank" in html
