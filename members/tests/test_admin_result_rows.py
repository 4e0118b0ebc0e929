"""The council list's rows, written in Python (members.admin.result_rows), are the rows
Django's own result_list writes, cell for cell."""

import pytest
from django.contrib import admin
from django.template import Context, Template
from django.test import RequestFactory, override_settings

from members.admin import result_rows
from members.models import Council, Position
from members.tests.factories import AreaCommitteeFactory, CouncilFactory, PositionFactory, staff_user

pytestmark = pytest.mark.django_db

COUNCIL_LIST = "/admin/members/council/"
DJANGOS = Template("{% load admin_list %}{% result_list cl %}")
OURS = Template("{% load admin_result_rows %}{% quick_result_list cl %}")


@pytest.fixture
def varied_councils():
    """Every kind and status, empty and odd values, and names that need escaping."""
    dover = AreaCommitteeFactory(district="Dover", name='Dover & <Deal> "Area" Committee\'s')
    swale = AreaCommitteeFactory(district="Swale")
    kinds, statuses = Council.Kind.values, Council.MembershipStatus.values
    for i in range(max(len(kinds), len(statuses)) * 2):
        CouncilFactory(
            name=f"Council {i}",
            kind=kinds[i % len(kinds)],
            membership_status=statuses[i % len(statuses)],
            area_committee=dover if i % 2 else swale,
            membership_year=[None, 2026, 2025, 12345][i % 4],
        )
    CouncilFactory(name="St Margaret's at Cliffe", area_committee=dover, contact_email="")
    CouncilFactory(
        name='<script>alert("x")</script> & Co', area_committee=dover, contact_email="a&b@example.org"
    )
    CouncilFactory(name="  Padded  ", area_committee=swale, contact_email="   ")


def changelist(query: dict | None = None):
    request = RequestFactory().get(COUNCIL_LIST, query or {})
    request.user = staff_user()
    return admin.site.get_model_admin(Council).get_changelist_instance(request)


def rendered(template: Template, cl) -> str:
    return template.render(Context({"cl": cl, "opts": cl.opts}))


# Django's stock form renderer: the project's FastSelectRenderer escapes the checkbox's
# aria-label a second time (a name with "&" reads "&amp;amp;"), which Django's templates do not.
@override_settings(FORM_RENDERER="django.forms.renderers.DjangoTemplates")
@pytest.mark.parametrize(
    "query",
    [
        {},
        {"o": "-3.1"},  # sorted by two columns, one descending: the headers' sort links
        {"kind__exact": "town", "membership_status__exact": "lapsed"},  # preserved in each change link
        {"q": "council"},
        {"area_committee__id__exact": "DOVER", "membership_year__isnull": "True"},
    ],
)
def test_rows_written_in_python_are_the_rows_django_writes(varied_councils, query):
    if "area_committee__id__exact" in query:
        dover = Council.objects.filter(district="Dover").values_list("area_committee_id", flat=True).first()
        query = {**query, "area_committee__id__exact": str(dover)}
    cl = changelist(query)
    assert result_rows._row_writer(cl) is not None  # the Python rows, not the fallback

    ours, djangos = rendered(OURS, cl), rendered(DJANGOS, cl)

    assert ours == djangos
    assert ours.count('class="action-select"') == len(cl.result_list) > 0


@override_settings(FORM_RENDERER="django.forms.renderers.DjangoTemplates")
def test_escaping_and_empty_values_match_django(varied_councils):
    ours = rendered(OURS, changelist())
    assert ours == rendered(DJANGOS, changelist())
    assert "Dover &amp; &lt;Deal&gt; &quot;Area&quot; Committee&#x27;s" in ours
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; Co" in ours
    assert "<script>" not in ours
    assert '<td class="field-contact_email">-</td>' in ours
    assert '<a href="/admin/members/council/' in ours
    assert ">Padded</a></th>" in ours


def test_a_list_with_columns_it_cannot_write_falls_back_to_django(varied_councils):
    PositionFactory(role=Position.Role.CLERK)
    request = RequestFactory().get("/admin/members/position/")
    request.user = staff_user()
    cl = admin.site.get_model_admin(Position).get_changelist_instance(request)

    assert result_rows._row_writer(cl) is None  # a date column: Django's own cells
    assert rendered(OURS, cl) == rendered(DJANGOS, cl)


def test_the_council_list_page_shows_the_python_rows(client, varied_councils):
    client.force_login(staff_user())
    html = client.get(COUNCIL_LIST, {"kind__exact": "town"}).content.decode()
    assert '<th class="field-name"><a href="/admin/members/council/' in html
    assert "/change/?_changelist_filters=kind__exact%3Dtown" in html
    assert html.count('class="action-select"') == Council.objects.filter(kind="town").count()
    assert 'id="action-toggle"' in html  # the select-all checkbox of Django's headers
