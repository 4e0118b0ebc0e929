"""Publishing a closed round's summary to members (aggregates only, built on request by
surveys.results with small groups hidden)."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from surveys.models import SummaryPublication, Survey


@transaction.atomic
def survey_summary_publish(*, survey_id: int, user) -> SummaryPublication:
    """Publish the summary of a closed round; publishing again keeps the first date."""
    survey = Survey.objects.select_for_update().filter(pk=survey_id).first()
    if survey is None:
        raise ValidationError("There is no such survey.", code="no_survey")
    if survey.status != Survey.Status.CLOSED:
        raise ValidationError(
            "Only a closed round's summary can be published: close the survey first.", code="not_closed"
        )
    publication, _ = SummaryPublication.objects.get_or_create(
        survey=survey, defaults={"published_by": user, "published_at": timezone.now()}
    )
    return publication


@transaction.atomic
def survey_summary_withdraw(*, survey_id: int) -> None:
    """Take the summary back from members (the office still sees its preview)."""
    SummaryPublication.objects.filter(survey_id=survey_id).delete()
