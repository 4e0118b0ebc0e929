"""Counts for the office's home page: how much is waiting in each queue (one query each)."""

from members.models import AccessRequest, AccountDeletionRequest, Feedback, MediationCase


def access_requests_waiting() -> int:
    return AccessRequest.objects.filter(status=AccessRequest.Status.PENDING).count()


def feedback_unanswered() -> int:
    return Feedback.objects.filter(status=Feedback.Status.OPEN).count()


def deletion_requests_waiting() -> int:
    return AccountDeletionRequest.objects.filter(status=AccountDeletionRequest.Status.PENDING).count()


def mediation_cases_open() -> int:
    return MediationCase.objects.exclude(status=MediationCase.Status.CLOSED).count()
