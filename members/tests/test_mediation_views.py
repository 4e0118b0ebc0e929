"""Requesting mediation and working a case through the pages, including bad input."""

import pytest

from members.models import Council, MediationCase, Position
from members.tests.factories import CouncilFactory, PositionFactory, sign_in
from members.tests.factories_office import mediation_case

pytestmark = pytest.mark.django_db

VALID = {
    "summary": "Two councillors no longer speak and meetings are inquorate.",
    "parties": "Two councillors",
    "preferred_contact": "01632 960 555, mornings",
}


def test_the_form_offers_only_councils_where_the_person_is_clerk_or_chair(
    client, people, council_a, council_b
):
    clerk = people["clerk_a"]
    PositionFactory(user=clerk, council=council_b, role=Position.Role.COUNCILLOR)
    chair_of = PositionFactory(
        user=clerk, council=CouncilFactory(name="Eastry"), role=Position.Role.CHAIR
    ).council
    sign_in(client, clerk)

    form = client.get("/mediation/").context["form"]

    assert set(form.fields["council"].queryset) == {council_a, chair_of}


def test_a_clerk_requests_mediation_and_lands_on_their_confidential_case(client, people, council_a):
    sign_in(client, people["clerk_a"])

    response = client.post("/mediation/", {"council": council_a.pk, **VALID}, follow=True)

    case = MediationCase.objects.get()
    assert response.redirect_chain == [(f"/mediation/cases/{case.pk}/", 302)]
    assert (case.council, case.requested_by, case.status) == (council_a, people["clerk_a"], "received")
    assert case.preferred_contact == "01632 960 555, mornings"
    html = response.content.decode()
    assert "Your request has been sent" in html
    assert "Two councillors no longer speak" in html
    assert "Change the status" not in html  # the requester does not manage the case


@pytest.mark.parametrize(
    "council_choice, data, field, message",
    [
        ("other", VALID, "council", "Choose one of your councils from the list."),
        ("forged", VALID, "council", "Choose one of your councils from the list."),
        ("own", {**VALID, "summary": "  "}, "summary", "Tell us briefly what has happened."),
        ("own", {**VALID, "parties": ""}, "parties", "Tell us who is involved."),
        ("none", VALID, "council", "Choose the council this request is for."),
    ],
)
def test_bad_requests_say_what_is_wrong_and_change_nothing(
    client, people, council_a, council_b, council_choice, data, field, message
):
    sign_in(client, people["clerk_a"])
    council = {"own": council_a.pk, "other": council_b.pk, "forged": 999999, "none": ""}[council_choice]

    response = client.post("/mediation/", {"council": council, **data})

    assert response.status_code == 200
    assert response.context["form"].errors[field] == [message]
    html = response.content.decode()
    assert "There is a problem" in html and html.count(message) == 2
    assert "novalidate" in html
    assert not MediationCase.objects.exists()
    assert Council.objects.count() == 2


def test_people_who_may_not_ask_are_told_who_can(client, people):
    sign_in(client, people["deputy_clerk_a"])
    response = client.get("/mediation/")
    assert response.status_code == 403
    assert "requested on a council's behalf by its clerk or its chair" in response.content.decode()
    assert client.post("/mediation/", {"council": 1, **VALID}).status_code == 403
    assert not MediationCase.objects.exists()


def test_an_officer_moves_the_case_on_assigns_themselves_and_names_people(client, people, council_a):
    case = mediation_case(requested_by=people["clerk_a"], council=council_a)
    officer = people["mediation_officer"]
    sign_in(client, officer)

    response = client.post(
        f"/mediation/cases/{case.pk}/status/",
        {"status-status": "assessing", "status-note": "An officer will call you."},
        follow=True,
    )
    assert "The case is now assessing" in response.content.decode()
    client.post(f"/mediation/cases/{case.pk}/assign/")
    client.post(f"/mediation/cases/{case.pk}/people/", {"people-named_people": [people["chair_a"].pk]})

    case.refresh_from_db()
    assert (case.status, case.assigned_officer) == ("assessing", officer)
    assert list(case.named_people.all()) == [people["chair_a"]]
    assert list(case.status_changes.values_list("status", "note")) == [
        ("received", ""),
        ("assessing", "An officer will call you."),
    ]
    html = client.get(f"/mediation/cases/{case.pk}/").content.decode()
    assert "You are the officer for this case." in html
    assert "An officer will call you." in html


@pytest.mark.parametrize(
    "data, field, message",
    [
        ({"status-status": "received", "status-note": ""}, "note", "The case is already received"),
        ({"status-status": "resolved", "status-note": "x"}, "status", "Choose one of the statuses listed."),
    ],
)
def test_a_bad_status_change_is_explained_and_changes_nothing(
    client, people, council_a, data, field, message
):
    case = mediation_case(requested_by=people["clerk_a"], council=council_a)
    sign_in(client, people["mediation_officer"])

    response = client.post(f"/mediation/cases/{case.pk}/status/", data)

    assert response.status_code == 200
    assert message in response.context["status_form"].errors[field][0]
    html = response.content.decode()
    assert "There is a problem" in html and html.count(message) == 2
    case.refresh_from_db()
    assert case.status == "received" and case.status_changes.count() == 1


def test_naming_someone_from_another_council_or_a_forged_id_is_a_form_error(client, people, council_a):
    case = mediation_case(requested_by=people["clerk_a"], council=council_a)
    sign_in(client, people["mediation_officer"])

    for forged in (people["clerk_b"].pk, 999999, "abc"):
        response = client.post(f"/mediation/cases/{case.pk}/people/", {"people-named_people": [forged]})
        assert response.status_code == 200
        assert "There is a problem" in response.content.decode()
        assert response.context["people_form"].errors["named_people"]
    assert case.named_people.count() == 0


def test_the_case_list_shows_each_person_only_their_cases(client, people, council_a, council_b):
    own = mediation_case(requested_by=people["clerk_a"], council=council_a)
    other = mediation_case(requested_by=people["clerk_b"], council=council_b)

    sign_in(client, people["clerk_a"])
    assert client.get("/mediation/cases/").context["cases"] == [own]
    sign_in(client, people["deputy_clerk_a"])
    response = client.get("/mediation/cases/")
    assert response.context["cases"] == []
    assert "There are no mediation cases to show" in response.content.decode()
    sign_in(client, people["mediation_officer"])
    assert client.get("/mediation/cases/").context["cases"] == [other, own]


def test_officers_filter_the_list_by_status_and_a_bad_status_is_explained(client, people, council_a):
    from members.services.mediation import mediation_case_status_change

    first = mediation_case(requested_by=people["clerk_a"], council=council_a)
    second = mediation_case(requested_by=people["chair_a"], council=council_a)
    mediation_case_status_change(case=second, status="closed", changed_by=people["mediation_officer"])
    sign_in(client, people["mediation_officer"])

    assert client.get("/mediation/cases/?status=received").context["cases"] == [first]
    response = client.get("/mediation/cases/?status=nonsense")
    assert "Choose a status from the list." in response.content.decode()
    assert response.context["cases"] == [second, first]
