"""Test data for "My account": the records that may refer to a person, and a way to read
the emails queued for the Celery worker straight from the test Redis broker."""

import datetime

import factory
from django.utils import timezone

from members.models import (
    AccessRequest,
    AccountDeletionRequest,
    Feedback,
    Invitation,
    MediationCase,
    MediationStatusChange,
    Position,
    User,
)
from members.services import account as account_services
from members.tests.factories import (
    CouncilFactory,
    UserFactory,
    queued_emails,  # noqa: F401 - re-exported for the feature's tests
)


class AccessRequestFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AccessRequest

    full_name = factory.Faker("name", locale="en_GB")
    email = factory.Sequence(lambda n: f"applicant{n}@example.org")
    council = factory.SubFactory(CouncilFactory)
    role = Position.Role.COUNCILLOR
    note = "Please let me in."


class InvitationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Invitation

    token_hash = factory.Sequence(lambda n: f"{n:064x}")
    kind = Invitation.Kind.CLERK_INVITE
    email = factory.Sequence(lambda n: f"invitee{n}@example.org")
    full_name = factory.Faker("name", locale="en_GB")
    council = factory.SubFactory(CouncilFactory)
    role = Position.Role.COUNCILLOR
    expires_at = factory.LazyFunction(lambda: timezone.now() + datetime.timedelta(days=14))


class FeedbackFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Feedback

    author = factory.SubFactory(UserFactory)
    subject = factory.Sequence(lambda n: f"Question {n}")
    message = "How do we adopt the new model standing orders?"


class MediationCaseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MediationCase

    council = factory.SubFactory(CouncilFactory)
    requested_by = factory.SubFactory(UserFactory)
    summary = "Two councillors no longer speak to each other at meetings."
    parties = "The chair and a councillor."


class MediationStatusChangeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MediationStatusChange

    case = factory.SubFactory(MediationCaseFactory)
    status = MediationCase.Status.ASSESSING
    note = "An officer is reading your request."


def deletion_request(user: User, reason: str = "") -> AccountDeletionRequest:
    """A pending deletion request made through the real service."""
    return account_services.account_deletion_request_create(user=user, reason=reason)


def bulk_deletion_requests(count: int, *, prefix: str = "leaver") -> None:
    """Many pending deletion requests, each from a person holding a current position,
    for query budgets at 10x the data."""
    council = CouncilFactory()
    users = User.objects.bulk_create(
        User(email=f"{prefix}{i}@example.org", full_name=f"Leaver {i}") for i in range(count)
    )
    Position.objects.bulk_create(
        Position(user=user, council=council, role=Position.Role.COUNCILLOR) for user in users
    )
    AccountDeletionRequest.objects.bulk_create(
        AccountDeletionRequest(user=user, reason=f"Reason {i}") for i, user in enumerate(users)
    )
