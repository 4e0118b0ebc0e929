"""Publishing a survey's questions (no responses) as a template document for councils.

The PDF is rendered by WeasyPrint from templates/surveys/template_document.html as tagged
PDF/UA-1, offline (as training's certificates). It goes into the document library through
kalc_portal.documents: surveys may not import knowledge_bank, which registers itself there."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.template.loader import render_to_string
from weasyprint import HTML
from weasyprint.urls import URLFetcher

from kalc_portal.documents import PublishedDocument, publish_document
from surveys.models import LIKERT_LABELS, Question, Section, Survey

SURVEY_TEMPLATE_KIND = "survey_template"  # knowledge_bank Resource.Kind.SURVEY_TEMPLATE


def survey_template_html(survey: Survey) -> str:
    questions = Question.objects.order_by("order", "pk").prefetch_related("choices", "statements")
    sections = (
        Section.objects.filter(survey=survey)
        .order_by("order", "pk")
        .prefetch_related(Prefetch("questions", queryset=questions))
    )
    return render_to_string(
        "surveys/template_document.html",
        {
            "survey": survey,
            "sections": sections,
            "likert_labels": LIKERT_LABELS,
            "association": settings.ASSOCIATION_NAME,
        },
    )


def survey_template_pdf(survey: Survey) -> bytes:
    document = HTML(
        string=survey_template_html(survey),
        url_fetcher=URLFetcher(allowed_protocols=("data",), fail_on_errors=True),
    )
    return document.write_pdf(
        pdf_variant="pdf/ua-1", pdf_identifier=f"kalc-survey-template-{survey.pk}".encode()
    )


def survey_template_publish(*, survey_id: int, user) -> PublishedDocument:
    """Create the survey's template resource, or add a new version to it."""
    survey = Survey.objects.get(pk=survey_id)
    if not Question.objects.filter(survey=survey).exists():
        raise ValidationError("This survey has no questions yet: there is nothing to publish as a template.")
    return publish_document(
        key=f"survey-template-{survey.pk}",
        kind=SURVEY_TEMPLATE_KIND,
        title=f"Survey template: {survey.title}",
        summary=f"The questions of the {survey.round} member survey, for councils to adapt for their own.",
        filename=f"survey-template-{survey.round}.pdf",
        content=survey_template_pdf(survey),
        user=user,
        change_note="The survey's questions were published again.",
    )
