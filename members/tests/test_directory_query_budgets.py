"""Query budgets for the directory's list pages, at the stated size and at 10x the data."""

import pytest

from members.models import Council
from members.tests.factories import AreaCommitteeFactory, PositionFactory, bulk_councils, sign_in, staff_user

pytestmark = pytest.mark.django_db

SIZES = [300, 3000]


@pytest.fixture
def councils(request):
    """`count` member councils over two area committees, a full page in every listing."""
    count = request.param
    dover, swale = AreaCommitteeFactory(district="Dover"), AreaCommitteeFactory(district="Swale")
    bulk_councils(count // 2, committee=dover, prefix="Dover-Bulk")
    bulk_councils(count - count // 2, committee=swale, prefix="Swale-Bulk")
    assert Council.objects.count() == count
    return count


@pytest.fixture
def member(client):
    user = PositionFactory(council=Council.objects.first()).user
    sign_in(client, user)
    return user


# (url, budget) for a signed-in member. The budget is the same at 300 and 3,000 councils:
# user, membership check, the committees (both filter lists), then the count of all and the
# page's rows (a search: ranked, the same search counted).
MEMBER_PAGES = [
    ("/councils/", 5),
    ("/councils/?q=bulk+12", 5),
    ("/councils/?q=Dovr-Bulk+1", 5),  # a typo: found by trigram similarity
    ("/councils/?district=Dover", 5),
    ("/councils/?area_committee=swale&q=bulk&page=2", 5),  # a later page costs the same
    ("/councils/?district=Dover&page=3", 5),
    ("/area-committees/", 3),  # user, membership check, the committees with their counts
    ("/area-committees/dover/", 6),
    ("/area-committees/dover/?page=3", 6),
]


@pytest.mark.parametrize("councils", SIZES, indirect=True)
@pytest.mark.parametrize(("url", "budget"), MEMBER_PAGES)
def test_member_list_pages_keep_their_budget(
    client, councils, member, django_assert_max_num_queries, url, budget
):
    with django_assert_max_num_queries(budget):
        response = client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    if "area-committees/?" not in url and url != "/area-committees/":
        # A full page of rows was rendered, so a query per row would have shown.
        assert html.count('<th scope="row"><a href="/councils/') == 50, url
    else:
        assert html.count('<a href="/area-committees/') >= 2


@pytest.mark.parametrize("councils", SIZES, indirect=True)
def test_office_directory_of_every_status_keeps_its_budget(client, councils, django_assert_max_num_queries):
    Council.objects.filter(name__endswith="7").update(membership_status=Council.MembershipStatus.LAPSED)
    sign_in(client, staff_user())
    # user, the committees, the search's count and its page.
    with django_assert_max_num_queries(4):
        response = client.get("/councils/?status=all&q=bulk")
    assert response.status_code == 200
    assert response.context["pagination"].page.paginator.count == councils


@pytest.mark.parametrize("councils", SIZES, indirect=True)
@pytest.mark.parametrize(
    "url", ["/find-your-council/?q=bulk", "/find-your-council/?district=Swale&q=swale-bulk+2"]
)
def test_find_your_council_keeps_its_budget(client, councils, django_assert_max_num_queries, url):
    # The committees (the district choices), and the name search's count and page: nothing
    # about the visitor, nothing per council.
    with django_assert_max_num_queries(3):
        response = client.get(url)
    assert response.status_code == 200
    assert response.content.decode().count('<h3 class="h5 mb-1">') == 50
