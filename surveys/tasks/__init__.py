"""Celery wrappers for the survey's emails: take ids, call one service."""

from celery import shared_task

from surveys.services.notices import open_survey_ids, survey_notices_queue


# Per survey, so one survey's run is one transaction and a failure retries only it.
@shared_task(acks_late=True, autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def survey_notices_queue_task(survey_id: int) -> dict:
    run = survey_notices_queue(survey_id=survey_id)
    return {"invitations": run.invitations, "reminders": run.reminders, "without_clerk": run.without_clerk}


# Beat runs this hourly (settings.CELERY_BEAT_SCHEDULE): one task per open survey. Safe to
# run twice: the SurveyNotice rows say what each council has had.
@shared_task(acks_late=True)
def surveys_notices_queue_task() -> int:
    survey_ids = open_survey_ids()
    for survey_id in survey_ids:
        survey_notices_queue_task.delay(survey_id)
    return len(survey_ids)
