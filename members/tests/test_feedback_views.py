"""Sending feedback, seeing answers, and the office queue, including bad input."""

import pytest

from members.models import Feedback
from members.services.feedback import feedback_answer
from members.tests.factories import AreaCommitteeFactory, sign_in
from members.tests.factories_office import feedback_item

pytestmark = pytest.mark.django_db


def test_the_form_suggests_the_committee_of_the_members_council(client, people, council_a):
    sign_in(client, people["councillor_a"])
    form = client.get("/feedback/").context["form"]
    assert form["area_committee"].value() == council_a.area_committee.pk

    sign_in(client, people["no_position"])
    assert client.get("/feedback/").context["form"]["area_committee"].value() is None


def test_a_member_sends_feedback_and_sees_it_waiting(client, people, council_a):
    sign_in(client, people["councillor_a"])
    key = client.get("/feedback/").context["form"]["submission_key"].value()

    response = client.post(
        "/feedback/",
        {
            "submission_key": key,
            "subject": "Training",
            "message": "More evening courses please.",
            "area_committee": council_a.area_committee.pk,
        },
        follow=True,
    )

    item = Feedback.objects.get()
    assert response.redirect_chain == [(f"/feedback/{item.pk}/", 302)]
    assert (item.author, item.area_committee, item.status) == (
        people["councillor_a"],
        council_a.area_committee,
        "open",
    )
    assert "Not answered yet." in response.content.decode()
    assert "Training" in client.get("/feedback/mine/").content.decode()


@pytest.mark.parametrize(
    "data, field, message",
    [
        ({"subject": "", "message": "Hello"}, "subject", "Enter a subject."),
        ({"subject": "Hi", "message": " "}, "message", "Enter your feedback or question."),
        (
            {"subject": "Hi", "message": "Hello", "area_committee": 999999},
            "area_committee",
            "Choose an area committee from the list.",
        ),
        (
            {"subject": "x" * 201, "message": "Hello"},
            "subject",
            "Ensure this value has at most 200 characters",
        ),
    ],
)
def test_bad_feedback_is_explained_and_nothing_is_saved(client, people, data, field, message):
    sign_in(client, people["clerk_a"])

    response = client.post("/feedback/", data)

    assert response.status_code == 200
    assert message in response.context["form"].errors[field][0]
    html = response.content.decode()
    assert "There is a problem" in html and html.count(message) == 2
    assert not Feedback.objects.exists()


def test_staff_answer_and_the_author_sees_the_answer(client, people):
    item = feedback_item(author=people["clerk_a"], subject="Precept deadline")
    sign_in(client, people["staff"])

    response = client.post(f"/feedback/{item.pk}/answer/", {"answer": "By 31 January."}, follow=True)

    assert "Your answer has been sent" in response.content.decode()
    sign_in(client, people["clerk_a"])
    html = client.get("/feedback/mine/").content.decode()
    assert "By 31 January." in html and "Answered" in html
    html = client.get(f"/feedback/{item.pk}/").content.decode()
    assert "By 31 January." in html and "Send answer" not in html


def test_a_blank_answer_is_explained_and_changes_nothing(client, people):
    item = feedback_item(author=people["clerk_a"])
    sign_in(client, people["staff"])

    response = client.post(f"/feedback/{item.pk}/answer/", {"answer": "  "})

    assert response.status_code == 200
    html = response.content.decode()
    assert "There is a problem" in html and html.count("Write the answer to send.") == 2
    item.refresh_from_db()
    assert (item.status, item.answer) == ("open", "")


def test_answering_twice_is_refused_with_a_message(client, people):
    item = feedback_item(author=people["clerk_a"])
    feedback_answer(feedback=item, answer="First", answered_by=people["staff"])
    sign_in(client, people["staff"])

    response = client.post(f"/feedback/{item.pk}/answer/", {"answer": "Second"})

    assert "This item is already answered." in response.content.decode()
    item.refresh_from_db()
    assert item.answer == "First"


def test_staff_close_without_answering(client, people):
    item = feedback_item(author=people["clerk_a"])
    sign_in(client, people["staff"])

    html = client.post(f"/feedback/{item.pk}/close/", follow=True).content.decode()

    assert "The item is closed." in html
    assert "closed this item without a written answer" in html
    item.refresh_from_db()
    assert item.status == "closed"
    html = client.post(f"/feedback/{item.pk}/close/", follow=True).content.decode()
    assert "This item is already closed." in html


def test_the_queue_lists_open_first_and_filters(client, people):
    swale = AreaCommitteeFactory(district="Swale")
    answered = feedback_item(subject="Answered one", area_committee=swale)
    feedback_answer(feedback=answered, answer="Done", answered_by=people["staff"])
    open_swale = feedback_item(subject="Open Swale", area_committee=swale)
    open_none = feedback_item(subject="Open none")
    sign_in(client, people["staff"])

    assert list(client.get("/feedback/queue/").context["page"]) == [open_swale, open_none, answered]
    assert list(client.get(f"/feedback/queue/?area_committee={swale.pk}").context["page"]) == [
        open_swale,
        answered,
    ]
    assert list(client.get("/feedback/queue/?status=answered").context["page"]) == [answered]

    response = client.get("/feedback/queue/?status=lost&area_committee=abc")
    html = response.content.decode()
    assert "Choose a status from the list." in html
    assert "Choose an area committee from the list." in html
    assert len(response.context["page"]) == 3
