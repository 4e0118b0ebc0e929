"""The clerk's pages: bad input, history with the changing user, the people page's budget."""

import datetime

import pytest
from django.utils import timezone

from members.models import Council, Invitation, Position
from members.tests.factories import CouncilFactory, PositionFactory, UserFactory, sign_in, staff_user
from members.tests.factories_access import issue_invitation

pytestmark = pytest.mark.django_db

PEOPLE_BUDGET = 8


@pytest.fixture
def council():
    return CouncilFactory(name="Ash", slug="ash", contact_email="clerk@ash.example.org")


@pytest.fixture
def clerk(client, council):
    person = UserFactory(full_name="Alex Morgan", email="alex@example.org")
    PositionFactory(
        user=person, council=council, role=Position.Role.CLERK, started_on=datetime.date(2020, 4, 1)
    )
    sign_in(client, person)
    return person


def contact_data(**overrides):
    return {
        "contact_email": "office@ash-pc.example.org",
        "contact_phone": "01304 812345",
        "website": "https://ash-pc.example.org",
        "address": "The Village Hall, Ash",
        "electorate": "2500",
        **overrides,
    }


# --- Contact details --------------------------------------------------------------------


def test_the_clerk_saves_contact_details_and_history_records_who(client, clerk, council):
    response = client.post("/councils/ash/edit/", contact_data())

    assert response.status_code == 302 and response["Location"] == "/councils/ash/people/"
    council.refresh_from_db()
    assert council.contact_phone == "01304 812345" and council.electorate == 2500
    latest = council.history.latest("history_date")
    assert latest.history_user == clerk and latest.contact_phone == "01304 812345"


@pytest.mark.parametrize(
    "field, value, message",
    [
        ("contact_email", "not-an-email", "Enter a valid email address."),
        ("contact_phone", "call me maybe", "Enter a phone number"),
        ("website", "javascript:alert(1)", "Enter a valid URL."),
        ("electorate", "-5", "greater than or equal to 0"),
        ("electorate", "lots", "Enter a whole number."),
    ],
)
def test_bad_contact_details_are_explained_next_to_the_field_and_change_nothing(
    client, clerk, council, field, value, message
):
    response = client.post("/councils/ash/edit/", contact_data(**{field: value}))

    assert response.status_code == 200
    html = response.content.decode()
    assert "There is a problem" in html and f'href="#id_{field}"' in html and message in html
    assert list(response.context["form"].errors) == [field]
    assert Council.objects.get(pk=council.pk).contact_email == "clerk@ash.example.org"
    assert council.history.count() == 1  # only the creation


# --- People -----------------------------------------------------------------------------


@pytest.mark.parametrize("count", [10, 100])
def test_the_people_page_holds_its_query_budget_at_10_and_100_positions(
    client, council, count, django_assert_max_num_queries
):
    for i in range(count):
        position = PositionFactory(council=council, role=Position.Role.COUNCILLOR)
        if i % 4 == 0:
            position.ended_on = timezone.localdate()
            position.save()
    issue_invitation(council=council, email="waiting@example.org")
    sign_in(client, staff_user())  # staff also see the change history

    with django_assert_max_num_queries(PEOPLE_BUDGET):
        response = client.get("/councils/ash/people/")

    assert response.status_code == 200
    html = response.content.decode()
    assert html.count("End position<span") == count - len(range(0, count, 4))
    assert "Past positions" in html and "waiting@example.org" in html and "Change history" in html


def test_the_people_page_shows_current_and_past_positions_with_last_sign_in(client, clerk, council):
    chair = UserFactory(full_name="Priya Shah")
    PositionFactory(user=chair, council=council, role=Position.Role.CHAIR)
    chair.last_login = timezone.make_aware(datetime.datetime(2026, 11, 22, 10, 0))
    chair.save()
    old = PositionFactory(council=council, started_on=datetime.date(2019, 5, 1))
    old.ended_on = datetime.date(2023, 5, 4)
    old.save()
    PositionFactory(council=CouncilFactory(name="Worth"), user=UserFactory(full_name="Worth Person"))

    html = client.get("/councils/ash/people/").content.decode()

    assert "Priya Shah" in html and "22 November 2026" in html
    assert "1 May 2019" in html and "4 May 2023" in html
    assert "Worth Person" not in html
    assert "Change history" not in html  # the office only
    assert html.count("<h1") == 1


def test_history_on_the_people_page_names_who_changed_what(client, clerk, council):
    councillor = PositionFactory(council=council, user=UserFactory(full_name="Tom Fletcher"))
    client.post(
        f"/councils/ash/positions/{councillor.pk}/end/", {"ended_on": timezone.localdate().isoformat()}
    )
    client.post("/councils/ash/edit/", contact_data())
    office = staff_user(full_name="Office Olive")
    sign_in(client, office)

    html = client.get("/councils/ash/people/").content.decode()

    history = html[html.index("Change history") :]
    assert "Tom Fletcher&#x27;s position as councillor ended on" in history
    assert "Changed contact email, contact phone, website, address, electorate" in history
    assert history.count("Alex Morgan") >= 2
    ended = councillor.history.latest("history_date")
    assert ended.history_user == clerk


# --- Inviting ---------------------------------------------------------------------------


def test_a_duplicate_invitation_is_refused_with_a_clear_message(client, clerk, council):
    data = {"full_name": "Robin", "email": "robin@example.org", "role": "councillor"}
    assert client.post("/councils/ash/invite/", data).status_code == 302

    response = client.post("/councils/ash/invite/", {**data, "email": "ROBIN@example.org"})

    assert response.status_code == 200
    assert "already waiting to be accepted" in response.content.decode()
    assert Invitation.objects.count() == 1


def test_inviting_someone_to_a_role_they_hold_is_refused(client, clerk, council):
    PositionFactory(council=council, user=UserFactory(email="tom@example.org"))
    response = client.post(
        "/councils/ash/invite/", {"full_name": "Tom", "email": "tom@example.org", "role": "councillor"}
    )
    assert "tom@example.org is already councillor of Ash Parish Council" in response.content.decode()
    assert not Invitation.objects.exists()


@pytest.mark.parametrize("role", ["clerk", "mayor", ""])
def test_a_role_that_cannot_be_invited_is_a_form_error(client, clerk, council, role):
    response = client.post(
        "/councils/ash/invite/", {"full_name": "Robin", "email": "robin@example.org", "role": role}
    )
    assert response.status_code == 200
    assert "role" in response.context["form"].errors
    assert not Invitation.objects.exists()


def test_cancelling_an_invitation_stops_its_link(client, clerk, council):
    invitation, token = issue_invitation(council=council, email="robin@example.org")
    page = client.get("/councils/ash/invite/").content.decode()
    assert "robin@example.org" in page

    response = client.post("/councils/ash/invite/", {"revoke": invitation.pk}, follow=True)

    assert "The invitation to robin@example.org has been cancelled." in response.content.decode()
    client.logout()
    assert client.get(f"/invitations/{token}/").status_code == 410


# --- Ending a position ------------------------------------------------------------------


def test_the_end_page_defaults_to_today(client, clerk, council):
    position = PositionFactory(council=council)
    html = client.get(f"/councils/ash/positions/{position.pk}/end/").content.decode()
    assert f'value="{timezone.localdate().isoformat()}"' in html


@pytest.mark.parametrize(
    "ended_on, message",
    [
        ("2020-03-31", "it cannot end before that"),
        ((timezone.localdate() + datetime.timedelta(days=2)).isoformat(), "cannot be in the future"),
        ("31/02/2026", "Enter a valid date."),
        ("", "This field is required."),
    ],
)
def test_a_bad_end_date_is_explained_and_changes_nothing(client, clerk, council, ended_on, message):
    position = PositionFactory(council=council, started_on=datetime.date(2020, 4, 1))

    response = client.post(f"/councils/ash/positions/{position.pk}/end/", {"ended_on": ended_on})

    assert response.status_code == 200
    html = response.content.decode()
    assert message in html and 'href="#id_ended_on"' in html
    position.refresh_from_db()
    assert position.ended_on is None


def test_ending_an_ended_position_again_is_harmless(client, clerk, council):
    position = PositionFactory(council=council)
    client.post(f"/councils/ash/positions/{position.pk}/end/", {"ended_on": timezone.localdate().isoformat()})
    response = client.post(
        f"/councils/ash/positions/{position.pk}/end/", {"ended_on": "2024-01-01"}, follow=True
    )
    assert "That position has already ended." in response.content.decode()
    position.refresh_from_db()
    assert position.ended_on == timezone.localdate()


# --- Handover ---------------------------------------------------------------------------


def test_the_clerk_hands_over_and_loses_the_clerks_pages(client, clerk, council):
    response = client.post(
        "/councils/ash/handover/",
        {"full_name": "Jo Newman", "email": "jo@example.org", "ended_on": timezone.localdate().isoformat()},
        follow=True,
    )

    assert response.redirect_chain[-1][0] == "/my/"
    assert "Handover recorded" in response.content.decode()
    assert not Position.objects.current().filter(user=clerk, council=council).exists()
    assert client.get("/councils/ash/people/").status_code == 403


def test_a_handover_to_the_outgoing_clerk_is_explained_by_the_field(client, clerk, council):
    response = client.post(
        "/councils/ash/handover/",
        {"full_name": "Alex", "email": "ALEX@example.org", "ended_on": timezone.localdate().isoformat()},
    )
    assert response.status_code == 200
    assert response.context["form"].errors["email"] == [
        "This is the current clerk's address; enter the new clerk's."
    ]
    assert Position.objects.current().filter(user=clerk, council=council).exists()


def test_without_a_clerk_the_handover_form_asks_only_for_the_new_clerk(client, council):
    sign_in(client, staff_user())
    form = client.get("/councils/ash/handover/").context["form"]
    assert list(form.fields) == ["full_name", "email"]
    response = client.post("/councils/ash/handover/", {"full_name": "Jo Newman", "email": "jo@example.org"})
    assert response.status_code == 302
    # Back to the council's people: the office still runs the council (same MFA session).
    assert response["Location"] == "/councils/ash/people/"
    assert Invitation.objects.get().role == Position.Role.CLERK


def test_a_councillor_records_that_they_have_left_without_seeing_the_clerks_pages(client, council):
    councillor = UserFactory(full_name="Tom Fletcher")
    position = PositionFactory(user=councillor, council=council)
    sign_in(client, councillor)

    page = client.get(f"/councils/ash/positions/{position.pk}/end/").content.decode()
    assert "End Tom Fletcher's position" in page
    assert "/councils/ash/invite/" not in page and "/councils/ash/people/" not in page

    response = client.post(
        f"/councils/ash/positions/{position.pk}/end/", {"ended_on": timezone.localdate().isoformat()}
    )
    assert response["Location"] == "/my/"
    position.refresh_from_db()
    assert position.ended_on == timezone.localdate()
