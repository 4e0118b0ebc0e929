"""Feedback services and selectors, against the real database."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from members.models import Feedback
from members.selectors.feedback import default_area_committee_for, feedback_by_author, feedback_queue
from members.services.feedback import feedback_answer, feedback_close, feedback_create
from members.tests.factories import (
    AreaCommitteeFactory,
    PositionFactory,
    UserFactory,
    as_request_user,
    staff_user,
)
from members.tests.factories_office import feedback_item

pytestmark = pytest.mark.django_db


def test_a_member_sends_feedback_that_waits_open_in_the_queue():
    author = UserFactory()
    committee = AreaCommitteeFactory(district="Swale")

    item = feedback_create(
        author=author,
        subject=" Training dates ",
        message="Can we have more evening courses?",
        area_committee=committee,
    )

    assert (item.status, item.subject, item.area_committee, item.answer) == (
        "open",
        "Training dates",
        committee,
        "",
    )
    assert list(feedback_queue()) == [item]


def test_blank_feedback_is_refused():
    with pytest.raises(ValidationError) as error:
        feedback_create(author=UserFactory(), subject=" ", message="")
    assert set(error.value.message_dict) == {"subject", "message"}
    assert not Feedback.objects.exists()


def test_answering_marks_it_answered_and_queues_the_email_after_commit(django_capture_on_commit_callbacks):
    item = feedback_item()
    staff = as_request_user(staff_user())

    with django_capture_on_commit_callbacks() as callbacks:
        feedback_answer(feedback=item, answer="  By 31 January.  ", answered_by=staff)

    item.refresh_from_db()
    assert (item.status, item.answer, item.answered_by) == ("answered", "By 31 January.", staff)
    assert item.answered_at is not None
    assert len(callbacks) == 1


def test_an_item_is_answered_once_and_only_by_staff():
    item = feedback_item()
    with pytest.raises(PermissionDenied):
        feedback_answer(feedback=item, answer="Yes", answered_by=item.author)
    with pytest.raises(ValidationError):
        feedback_answer(feedback=item, answer="   ", answered_by=as_request_user(staff_user()))
    item.refresh_from_db()
    assert item.status == "open"

    staff = as_request_user(staff_user())
    feedback_answer(feedback=item, answer="Yes", answered_by=staff)
    with pytest.raises(ValidationError):
        feedback_answer(feedback=item, answer="Yes again", answered_by=staff)
    item.refresh_from_db()
    assert item.answer == "Yes"


def test_staff_close_an_item_without_answering():
    item = feedback_item()
    staff = as_request_user(staff_user())
    with pytest.raises(PermissionDenied):
        feedback_close(feedback=item, closed_by=item.author)

    feedback_close(feedback=item, closed_by=staff)
    item.refresh_from_db()
    assert (item.status, item.answer) == ("closed", "")
    with pytest.raises(ValidationError):
        feedback_close(feedback=item, closed_by=staff)
    with pytest.raises(ValidationError):
        feedback_answer(feedback=item, answer="Late", answered_by=staff)


def test_the_queue_puts_open_items_first_longest_waiting_at_the_top():
    staff = as_request_user(staff_user())
    old_open, new_open, answered, closed = (
        feedback_item(subject=s) for s in ("old", "new", "answered", "closed")
    )
    Feedback.objects.filter(pk=old_open.pk).update(created_at=timezone.now() - datetime.timedelta(days=9))
    feedback_answer(feedback=answered, answer="Done", answered_by=staff)
    feedback_close(feedback=closed, closed_by=staff)

    assert [f.subject for f in feedback_queue()] == ["old", "new", "answered", "closed"]
    assert [f.subject for f in feedback_queue(status="answered")] == ["answered"]


def test_the_queue_filters_by_area_committee():
    dover, swale = AreaCommitteeFactory(district="Dover"), AreaCommitteeFactory(district="Swale")
    in_dover = feedback_item(area_committee=dover)
    feedback_item(area_committee=swale)
    feedback_item()

    assert list(feedback_queue(area_committee=dover)) == [in_dover]


def test_authors_see_only_their_own_feedback():
    author = UserFactory()
    mine = feedback_item(author=author)
    feedback_item()
    assert list(feedback_by_author(author)) == [mine]


def test_the_default_area_committee_is_that_of_the_persons_council():
    position = PositionFactory()
    assert default_area_committee_for(position.user) == position.council.area_committee
    assert default_area_committee_for(UserFactory()) is None
