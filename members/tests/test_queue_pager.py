"""The staff queues' shared pager keeps the queue's filters on its links."""

import pytest

from members.models import AccessRequest, Feedback
from members.tests.factories import AreaCommitteeFactory, CouncilFactory, UserFactory, sign_in, staff_user

pytestmark = pytest.mark.django_db


def test_access_queue_pager_keeps_the_status_filter(client):
    council = CouncilFactory()
    AccessRequest.objects.bulk_create(
        AccessRequest(full_name=f"P{i}", email=f"p{i}@example.org", council=council, role="councillor")
        for i in range(60)
    )
    sign_in(client, staff_user())

    html = client.get("/access/requests/", {"status": "pending", "page": "2"}).content.decode()

    assert 'aria-label="Pages of access requests"' in html
    assert "Page 2 of 3" in html
    assert 'href="?status=pending&amp;page=3"' in html
    assert 'href="?status=pending&amp;page=1"' in html


def test_feedback_queue_pager_keeps_status_and_committee(client):
    committee = AreaCommitteeFactory(district="Dover")
    author = UserFactory()
    Feedback.objects.bulk_create(
        Feedback(author=author, area_committee=committee, subject=f"Q{i}", message="?") for i in range(120)
    )
    sign_in(client, staff_user())

    html = client.get("/feedback/queue/", {"status": "open", "area_committee": committee.pk}).content.decode()

    assert 'aria-label="Pages of the feedback queue"' in html
    assert f'href="?status=open&amp;area_committee={committee.pk}&amp;page=2"' in html
    assert "Previous page" not in html
