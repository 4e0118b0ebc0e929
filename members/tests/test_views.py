import datetime

import pytest

from members.models import Position
from members.tests.factories import CouncilFactory, PositionFactory, UserFactory, sign_in

pytestmark = pytest.mark.django_db


def test_my_kalc_lists_every_current_council_and_past_positions(client):
    clerk = UserFactory(full_name="Alex Morgan")
    sandwich = CouncilFactory(name="Sandwich", kind="town")
    ash = CouncilFactory(name="Ash")
    eastry = CouncilFactory(name="Eastry")
    PositionFactory(user=clerk, council=sandwich, role=Position.Role.CLERK)
    PositionFactory(user=clerk, council=ash, role=Position.Role.RFO)
    old = PositionFactory(
        user=clerk, council=eastry, role=Position.Role.CLERK, started_on=datetime.date(2019, 1, 1)
    )
    old.ended_on = datetime.date(2024, 3, 31)
    old.save()
    PositionFactory(council=CouncilFactory(name="Worth"))  # someone else's council
    sign_in(client, clerk)

    response = client.get("/my/")

    assert response.status_code == 200
    html = response.content.decode()
    assert "Sandwich Town Council" in html
    assert "Ash Parish Council" in html
    assert "Responsible financial officer" in html
    assert "Past positions" in html and "31 March 2024" in html
    assert "Worth" not in html
    assert html.count("<h1") == 1


def test_my_kalc_query_count_does_not_grow_with_positions(client, django_assert_max_num_queries):
    clerk = UserFactory()
    for council in CouncilFactory.create_batch(3):
        PositionFactory(user=clerk, council=council)
    sign_in(client, clerk)
    with django_assert_max_num_queries(6):
        assert client.get("/my/").status_code == 200

    for council in CouncilFactory.create_batch(30):
        PositionFactory(user=clerk, council=council)
    with django_assert_max_num_queries(6):
        response = client.get("/my/")
    assert response.content.decode().count('class="list-group-item"') == 33


def test_someone_without_positions_is_told_how_to_get_one(client):
    sign_in(client, UserFactory())
    response = client.get("/my/")
    assert "You do not hold a position" in response.content.decode()
