"""Review reminders go to each owner once per due item; marking a resource reviewed
moves its review date on by its hubs' interval, so the next reminder comes then."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from kalc_portal.outbox.tests.support import sent_mail
from knowledge_bank.models import Resource, ReviewReminder
from knowledge_bank.services.resources import add_months, resource_update
from knowledge_bank.services.review import (
    EMAIL_ITEM_LIMIT,
    resource_mark_reviewed,
    review_reminders_create,
    review_reminders_send,
)
from knowledge_bank.tests.factories import HubFactory, ResourceFactory, office_author
from members.services import user_deactivate
from members.tests.factories import UserFactory

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 3, 10)


def days_ago(days: int) -> datetime.date:
    return TODAY - datetime.timedelta(days=days)


@pytest.fixture
def owner():
    return office_author(full_name="Sam Patel", email="sam@kalc.example.org")


def test_each_owner_gets_one_email_listing_their_due_items(owner):
    other = office_author(full_name="Alex Moran", email="alex@kalc.example.org")
    overdue = ResourceFactory(title="Emergency plan template", owner=owner, review_due=days_ago(40))
    due_today = ResourceFactory(title="Flood guide", owner=owner, review_due=TODAY, status="draft")
    ResourceFactory(title="Grants guide", owner=other, review_due=days_ago(1))
    ResourceFactory(title="Not yet", owner=owner, review_due=TODAY + datetime.timedelta(days=1))
    ResourceFactory(title="Old news", owner=owner, review_due=days_ago(400), status=Resource.Status.ARCHIVED)

    assert review_reminders_send(today=TODAY) == 3

    by_recipient = {message.to[0]: message for message in sent_mail()}
    assert sorted(by_recipient) == ["alex@kalc.example.org", "sam@kalc.example.org"]
    sam = by_recipient["sam@kalc.example.org"]
    assert sam.subject == "[KALC] 2 knowledge bank resources are due for review"
    assert "Emergency plan template" in sam.body and "40 days overdue" in sam.body
    assert "Flood guide" in sam.body and "Not yet" not in sam.body and "Old news" not in sam.body
    assert f"http://testserver/knowledge/{overdue.slug}/" in sam.body
    assert f"http://testserver/admin/knowledge_bank/resource/{due_today.pk}/change/" in sam.body
    assert "http://testserver/knowledge/review/" in sam.body
    assert "Emergency plan template" in sam.alternatives[0].content
    assert by_recipient["alex@kalc.example.org"].subject == "[KALC] Review due: Grants guide"
    assert ReviewReminder.objects.filter(sent_at__isnull=False).count() == 3


def test_running_again_the_same_day_or_the_next_sends_nothing_new(owner):
    ResourceFactory(owner=owner, review_due=days_ago(3))
    review_reminders_send(today=TODAY)
    assert len(sent_mail()) == 1

    for _ in range(3):
        assert review_reminders_send(today=TODAY) == 0
    assert review_reminders_send(today=TODAY + datetime.timedelta(days=1)) == 0
    assert len(sent_mail()) == 1
    assert ReviewReminder.objects.count() == 1


def test_a_newly_due_item_is_reminded_on_its_own_without_repeating_the_old_one(owner):
    ResourceFactory(title="Old item", owner=owner, review_due=days_ago(3))
    review_reminders_send(today=TODAY)
    ResourceFactory(title="New item", owner=owner, review_due=TODAY + datetime.timedelta(days=1))

    review_reminders_send(today=TODAY + datetime.timedelta(days=1))

    assert len(sent_mail()) == 2
    second = sent_mail()[1]
    assert second.subject == "[KALC] Review due: New item"
    assert "Old item" not in second.body


def test_marking_reviewed_moves_the_date_and_the_next_due_date_brings_a_new_reminder(owner):
    resilience = HubFactory(name="Resilience", slug="resilience", review_interval_months=6)
    resource = ResourceFactory(owner=owner, hubs=[resilience], review_due=timezone.localdate())
    review_reminders_send()
    assert len(sent_mail()) == 1

    reviewed = resource_mark_reviewed(resource=resource, reviewed_by=owner, note="Checked the contacts")

    next_due = add_months(timezone.localdate(), 6)
    assert reviewed.review_due == next_due
    resource.refresh_from_db()
    assert resource.review_due == next_due
    latest = resource.history.first()
    assert latest.history_change_reason == "Reviewed: Checked the contacts"
    assert latest.history_user == owner
    # Nothing more until the new date arrives; then one new reminder.
    assert review_reminders_send() == 0
    assert review_reminders_send(today=next_due) == 1
    assert len(sent_mail()) == 2
    reminded_dates = set(ReviewReminder.objects.values_list("review_due", flat=True))
    assert reminded_dates == {timezone.localdate(), next_due}


def test_reviewing_outside_any_hub_gives_twelve_months(owner):
    resource = ResourceFactory(owner=owner, review_due=datetime.date(2020, 1, 1))
    resource_mark_reviewed(resource=resource, reviewed_by=owner)
    resource.refresh_from_db()
    assert resource.review_due == add_months(timezone.localdate(), 12)
    assert resource.history.first().history_change_reason == "Reviewed"


def test_an_item_reviewed_before_its_reminder_went_is_not_reminded(owner):
    resource = ResourceFactory(owner=owner, review_due=days_ago(2))
    review_reminders_create(today=TODAY)  # the row exists, but the email has not gone yet
    resource_mark_reviewed(resource=resource, reviewed_by=owner)

    assert review_reminders_send(today=TODAY) == 0
    assert sent_mail() == []


def test_an_item_archived_before_its_reminder_went_is_not_reminded(owner):
    resource = ResourceFactory(owner=owner, review_due=days_ago(2))
    review_reminders_create(today=TODAY)
    resource_update(resource=resource, status=Resource.Status.ARCHIVED)

    assert review_reminders_send(today=TODAY) == 0
    assert sent_mail() == []


def test_a_deactivated_owner_is_not_emailed_and_the_reminder_waits(owner):
    ResourceFactory(owner=owner, review_due=days_ago(2))
    user_deactivate(user=owner)

    assert review_reminders_send(today=TODAY) == 0
    assert sent_mail() == []
    assert ReviewReminder.objects.get().sent_at is None


def test_only_staff_mark_reviewed_and_archived_items_are_not_reviewed(owner):
    resource = ResourceFactory(owner=owner, review_due=days_ago(2))
    with pytest.raises(PermissionDenied):
        resource_mark_reviewed(resource=resource, reviewed_by=UserFactory())
    resource.refresh_from_db()
    assert resource.review_due == days_ago(2)

    resource_update(resource=resource, status=Resource.Status.ARCHIVED)
    with pytest.raises(ValidationError) as error:
        resource_mark_reviewed(resource=resource, reviewed_by=owner)
    assert error.value.messages == ["This resource is archived, so it is not reviewed any more."]


def test_reminder_rows_are_unique_per_resource_and_date(owner):
    ResourceFactory(owner=owner, review_due=days_ago(2))
    review_reminders_create(today=TODAY)
    review_reminders_create(today=TODAY)
    assert ReviewReminder.objects.count() == 1


def test_a_long_list_is_capped_in_the_email_but_every_item_is_remembered(owner):
    for number in range(EMAIL_ITEM_LIMIT + 3):
        ResourceFactory(title=f"Seeded guide {number:03d}", owner=owner, review_due=days_ago(number))

    assert review_reminders_send(today=TODAY) == EMAIL_ITEM_LIMIT + 3

    [message] = sent_mail()
    assert message.subject == f"[KALC] {EMAIL_ITEM_LIMIT + 3} knowledge bank resources are due for review"
    assert message.body.count("Seeded guide") == EMAIL_ITEM_LIMIT
    assert "...and 3 more: see them all on the review board." in message.body
    assert "Seeded guide 052" in message.body  # the most overdue come first
    assert ReviewReminder.objects.filter(sent_at__isnull=False).count() == EMAIL_ITEM_LIMIT + 3
