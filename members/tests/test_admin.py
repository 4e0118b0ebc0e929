import pytest

from members.models import Council
from members.tests.factories import (
    PASSWORD,
    AreaCommitteeFactory,
    CouncilFactory,
    PositionFactory,
    UserFactory,
    bulk_councils,
    sign_in,
    staff_user,
    totp_code,
)

pytestmark = pytest.mark.django_db

COUNCIL_LIST = "/admin/members/council/"
ADMIN_LIST_BUDGET = 12


def test_staff_without_an_authenticator_app_must_set_one_up_before_the_admin_opens(client):
    staff = staff_user(with_totp=False)
    client.post("/accounts/login/", {"login": staff.email, "password": PASSWORD})

    # The admin sends them to set up TOTP; allauth asks for the password again first.
    response = client.get("/admin/", follow=True)
    assert [url for url, _ in response.redirect_chain][:2] == [
        "/admin/login/?next=/admin/",
        "/accounts/2fa/totp/activate/",
    ]
    assert response.redirect_chain[-1][0].startswith("/accounts/reauthenticate/")
    response = client.post(response.redirect_chain[-1][0], {"password": PASSWORD}, follow=True)
    assert response.redirect_chain[-1][0] == "/accounts/2fa/totp/activate/"
    html = response.content.decode()
    assert 'name="code"' in html

    secret = response.context["form"].secret
    assert client.post("/accounts/2fa/totp/activate/", {"code": "000000"}).status_code == 200
    assert client.get("/admin/").status_code == 302  # a wrong code activates nothing
    client.post("/accounts/2fa/totp/activate/", {"code": totp_code(secret)})

    assert client.get("/admin/").status_code == 200


def test_staff_with_an_authenticator_app_reach_the_admin(client):
    sign_in(client, staff_user())
    assert client.get("/admin/").status_code == 200


def test_members_who_are_not_staff_never_reach_the_admin(client):
    sign_in(client, UserFactory())
    response = client.get("/admin/", follow=True)
    assert response.redirect_chain[-1][0] == "/my/"
    assert "does not have access to the office admin" in response.content.decode()


def test_anonymous_admin_visit_goes_to_the_portal_sign_in(client):
    response = client.get("/admin/members/council/")
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")
    response = client.get(response["Location"])
    assert response["Location"] == "/accounts/login/?next=%2Fadmin%2Fmembers%2Fcouncil%2F"


@pytest.mark.parametrize("councils", [300, 3000])
def test_council_changelist_holds_its_query_budget_at_300_and_3000(
    client, django_assert_max_num_queries, councils
):
    bulk_councils(councils)
    sign_in(client, staff_user())

    with django_assert_max_num_queries(ADMIN_LIST_BUDGET):
        response = client.get(COUNCIL_LIST)
    assert response.status_code == 200
    assert response.content.decode().count('class="field-kind"') == 50  # a full page


def test_council_changelist_searches_by_name_and_filters_by_district(client):
    CouncilFactory(name="Sandwich", area_committee=AreaCommitteeFactory(district="Dover"))
    CouncilFactory(name="Snodland", area_committee=AreaCommitteeFactory(district="Tonbridge and Malling"))
    sign_in(client, staff_user())

    searched = client.get(COUNCIL_LIST, {"q": "sandw"}).content.decode()
    filtered = client.get(COUNCIL_LIST, {"district": "Tonbridge and Malling"}).content.decode()

    assert "Sandwich" in searched and "Snodland" not in searched
    assert "Snodland" in filtered and "Sandwich" not in filtered


def test_council_change_page_shows_positions_inline(client):
    position = PositionFactory(user=UserFactory(full_name="Priya Shah"))
    sign_in(client, staff_user())
    response = client.get(f"/admin/members/council/{position.council.pk}/change/")
    assert response.status_code == 200
    assert "Priya Shah" in response.content.decode()


def test_councils_export_as_csv(client):
    CouncilFactory(name="Sandwich", kind="town", contact_email="clerk@sandwich.example.org")
    sign_in(client, staff_user())

    response = client.post(
        "/admin/members/council/export/",
        {"format": "0", **{f"councilresource_{f}": "on" for f in ["slug", "name", "kind", "contact_email"]}},
    )

    assert response.status_code == 200
    body = response.content.decode()
    assert body.splitlines()[0].startswith("slug,name,kind")
    assert "Sandwich,town" in body
    assert "clerk@sandwich.example.org" in body


def test_councils_import_from_csv_updates_contact_details(client):
    committee = AreaCommitteeFactory(district="Dover")
    council = CouncilFactory(name="Ash", slug="ash", area_committee=committee)
    sign_in(client, staff_user())
    csv_text = (
        "slug,name,kind,district,area_committee,membership_status,contact_email\n"
        f"ash,Ash,parish,Dover,{committee.name},member,clerk@ash.example.org\n"
    )
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile("councils.csv", csv_text.encode(), content_type="text/csv")
    preview = client.post("/admin/members/council/import/", {"format": "0", "import_file": upload})
    assert preview.status_code == 200
    form = preview.context["confirm_form"]
    confirm = client.post("/admin/members/council/process_import/", {**form.initial, "format": "0"})

    assert confirm.status_code == 302
    council.refresh_from_db()
    assert council.contact_email == "clerk@ash.example.org"
    assert Council.objects.count() == 1


def test_councils_import_goes_through_the_council_service(client):
    """The import tidies contact details as council_save does (the change form's service),
    which a plain model save would not."""
    committee = AreaCommitteeFactory(district="Dover")
    council = CouncilFactory(name="Ash", slug="ash", area_committee=committee)
    sign_in(client, staff_user())
    csv_text = (
        "slug,name,kind,district,area_committee,membership_status,contact_email\n"
        f"ash,Ash,parish,Dover,{committee.name},member,Clerk@ASH.example.org\n"
    )
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile("councils.csv", csv_text.encode(), content_type="text/csv")
    preview = client.post("/admin/members/council/import/", {"format": "0", "import_file": upload})
    assert preview.status_code == 200
    form = preview.context["confirm_form"]
    confirm = client.post("/admin/members/council/process_import/", {**form.initial, "format": "0"})

    assert confirm.status_code == 302
    council.refresh_from_db()
    assert council.contact_email == "clerk@ash.example.org"


@pytest.mark.parametrize("count", [30, 300])
@pytest.mark.parametrize(
    "url, row_class",
    [("/admin/members/position/", "field-role"), ("/admin/members/user/", "field-full_name")],
)
def test_people_and_position_lists_hold_their_budget(
    client, django_assert_max_num_queries, count, url, row_class
):
    for _ in range(count):
        PositionFactory()
    sign_in(client, staff_user())

    with django_assert_max_num_queries(ADMIN_LIST_BUDGET):
        response = client.get(url)
    assert response.status_code == 200
    # Rows were rendered (up to a page of 100), so a query per row would have shown.
    assert response.content.decode().count(f'class="{row_class}"') >= min(count, 100)


def test_turning_the_authenticator_app_off_ends_staff_powers_in_that_session(client):
    staff = staff_user()
    sign_in(client, staff)
    assert client.get("/admin/").status_code == 200
    # allauth asks for the password (a recent reauthentication) before the app is turned off.
    client.post("/accounts/reauthenticate/", {"password": PASSWORD})
    authenticator_id = staff.authenticator_set.get(type="totp").pk
    response = client.post("/accounts/2fa/totp/deactivate/", {"authenticator": authenticator_id})
    assert response.status_code == 302
    assert not staff.authenticator_set.filter(type="totp").exists()

    response = client.get("/admin/", follow=True)
    assert response.redirect_chain[1][0] == "/accounts/2fa/totp/activate/"
