"""The biennial member survey: a survey (one round), its sections and questions, and one
response per council, drafted section by section by the council's officers and submitted
by the clerk's office.

A question's key is stable across rounds (survey_copy_round keeps it), so answers are
stored against the key, not the question row. Every write is in services; the
constraints here are the backstop."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q

from members.models import Council

# The scale of rating and Likert questions.
SCALE = (1, 2, 3, 4, 5)
LIKERT_LABELS = ("Strongly disagree", "Disagree", "Neither agree nor disagree", "Agree", "Strongly agree")


class Survey(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        OPEN = "open", "Open"
        CLOSED = "closed", "Closed"

    round = models.PositiveSmallIntegerField(help_text="The survey year, e.g. 2026.")
    title = models.CharField(max_length=200)
    opens_on = models.DateField()
    closes_on = models.DateField()
    intro = models.TextField(blank=True, help_text="Shown above the first section.")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-round", "title"]
        constraints = [
            models.CheckConstraint(
                condition=Q(closes_on__gte=F("opens_on")),
                name="surveys_survey_closes_after_it_opens",
                violation_error_message="A survey must close on or after the day it opens.",
            ),
            models.UniqueConstraint(
                fields=["round", "title"],
                name="surveys_survey_round_title_unique",
                violation_error_message="This round already has a survey with this title.",
            ),
        ]

    def __str__(self):
        return f"{self.title} ({self.round})"

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.OPEN


class Section(models.Model):
    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="sections")
    order = models.PositiveSmallIntegerField(default=0)
    title = models.CharField(max_length=200)
    intro = models.TextField(blank=True)

    class Meta:
        ordering = ["order", "pk"]

    def __str__(self):
        return self.title


class Question(models.Model):
    class Kind(models.TextChoices):
        SINGLE = "single", "Single choice"
        MULTIPLE = "multiple", "Multiple choice"
        RATING = "rating", "Rating (1 to 5)"
        LIKERT = "likert", "Likert grid"
        NUMBER = "number", "Number"
        SHORT_TEXT = "short_text", "Short text"
        LONG_TEXT = "long_text", "Long text"
        YES_NO = "yes_no", "Yes or no"

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="questions")
    section = models.ForeignKey(Section, on_delete=models.CASCADE, related_name="questions")
    order = models.PositiveSmallIntegerField(default=0)
    key = models.SlugField(
        max_length=60, help_text="Stable across rounds: the same key is the same question in every round."
    )
    kind = models.CharField(max_length=20, choices=Kind.choices)
    text = models.CharField(max_length=500)
    help_text = models.CharField(max_length=500, blank=True)
    required = models.BooleanField(default=False)
    low_label = models.CharField(max_length=60, blank=True, help_text="Rating: what 1 means.")
    high_label = models.CharField(max_length=60, blank=True, help_text="Rating: what 5 means.")
    min_value = models.IntegerField(null=True, blank=True, help_text="Number: the smallest allowed.")
    max_value = models.IntegerField(null=True, blank=True, help_text="Number: the largest allowed.")
    # Shown only when the question with this key has this answer (or, for multiple
    # choice, includes it). A hidden question is neither required nor counted.
    condition_key = models.SlugField(max_length=60, blank=True)
    condition_value = models.CharField(max_length=100, blank=True)

    class Meta:
        ordering = ["order", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["survey", "key"],
                name="surveys_question_key_unique_per_survey",
                violation_error_message="Another question of this survey has this key.",
            ),
            models.CheckConstraint(
                condition=Q(min_value__isnull=True)
                | Q(max_value__isnull=True)
                | Q(max_value__gte=F("min_value")),
                name="surveys_question_range_ordered",
                violation_error_message="The largest allowed number must not be below the smallest.",
            ),
            models.CheckConstraint(
                condition=Q(condition_key="") | ~Q(condition_key=F("key")),
                name="surveys_question_condition_not_self",
                violation_error_message="A question cannot depend on itself.",
            ),
        ]

    def __str__(self):
        return f"{self.key}: {self.text}"


class Choice(models.Model):
    """An option of a single or multiple choice question."""

    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="choices")
    order = models.PositiveSmallIntegerField(default=0)
    value = models.SlugField(max_length=60)
    label = models.CharField(max_length=200)

    class Meta:
        ordering = ["order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["question", "value"], name="surveys_choice_value_unique"),
        ]

    def __str__(self):
        return self.label


class Statement(models.Model):
    """A row of a Likert grid, rated on the agree-disagree scale."""

    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="statements")
    order = models.PositiveSmallIntegerField(default=0)
    key = models.SlugField(max_length=60)
    text = models.CharField(max_length=300)

    class Meta:
        ordering = ["order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["question", "key"], name="surveys_statement_key_unique"),
        ]

    def __str__(self):
        return self.text


class Response(models.Model):
    """The council's answer to a survey: one per council per survey."""

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        SUBMITTED = "submitted", "Submitted"

    survey = models.ForeignKey(Survey, on_delete=models.PROTECT, related_name="responses")
    council = models.ForeignKey(Council, on_delete=models.PROTECT, related_name="survey_responses")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    # Counts every save: a form carries the version it started from, so a save over
    # someone else's newer draft is refused instead of overwriting it.
    version = models.PositiveIntegerField(default=0)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    submitted_at = models.DateTimeField(null=True, blank=True)
    # The office's last reopening of a submitted response (response_reopen), kept after
    # the clerk submits again so the record says it was reopened, by whom and when.
    reopened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    reopened_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["survey", "council__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["survey", "council"],
                name="surveys_response_one_per_council",
                violation_error_message="This council already has a response to this survey.",
            ),
            models.CheckConstraint(
                condition=Q(status="draft") | (Q(submitted_by__isnull=False) & Q(submitted_at__isnull=False)),
                name="surveys_response_submitted_has_who_and_when",
                violation_error_message="A submitted response records who submitted it and when.",
            ),
        ]

    def __str__(self):
        return f"{self.council} to {self.survey}"

    @property
    def is_submitted(self) -> bool:
        return self.status == self.Status.SUBMITTED


class Answer(models.Model):
    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="answers")
    question_key = models.SlugField(max_length=60)
    value = models.JSONField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["response", "question_key"], name="surveys_answer_one_per_question"
            ),
        ]

    def __str__(self):
        return f"{self.question_key} = {self.value!r}"


class SectionEdit(models.Model):
    """Who last saved a section of a response, and when."""

    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="section_edits")
    section = models.ForeignKey(Section, on_delete=models.CASCADE, related_name="+")
    edited_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    edited_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["response", "section"], name="surveys_section_edit_one_per_section"
            ),
        ]

    def __str__(self):
        return f"{self.section} by {self.edited_by} at {self.edited_at:%Y-%m-%d %H:%M}"


class SurveyNotice(models.Model):
    """One email to a council's clerk about a survey: the invitation (number 0) or the
    nth weekly reminder. The row, unique per survey, council and number, is what makes a
    job that runs twice send once; the outbox key (survey, council, number, recipient)
    is the second backstop."""

    INVITATION = 0

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="notices")
    council = models.ForeignKey(Council, on_delete=models.PROTECT, related_name="survey_notices")
    number = models.PositiveSmallIntegerField(help_text="0 is the invitation; 1, 2, ... the reminders.")
    sent_to = models.EmailField()
    queued_at = models.DateTimeField()

    class Meta:
        ordering = ["survey", "council", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["survey", "council", "number"], name="surveys_notice_once_per_number"
            ),
        ]

    def __str__(self):
        kind = "invitation" if self.number == self.INVITATION else f"reminder {self.number}"
        return f"{self.survey} {kind} to {self.council}"


class SummaryPublication(models.Model):
    """A closed round's summary, published to members by the office (aggregates only).
    The row existing is the publication; withdrawing deletes it."""

    survey = models.OneToOneField(Survey, on_delete=models.CASCADE, related_name="summary_publication")
    published_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    published_at = models.DateTimeField()

    def __str__(self):
        return f"Summary of {self.survey} published {self.published_at:%Y-%m-%d}"
