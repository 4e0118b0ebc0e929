"""Surveys in the office admin: staff build a survey (sections, questions with their
choices and statements) and copy a round. Saves go through services.surveys, which
refuses changes that would orphan answers; responses are read here, written on the site."""

import copy

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError

from surveys.models import Choice, Question, Response, Section, Statement, Survey, SurveyNotice
from surveys.services import surveys as services


class SectionInline(admin.TabularInline):
    model = Section
    extra = 0
    fields = ["order", "title", "intro"]


@admin.register(Survey)
class SurveyAdmin(admin.ModelAdmin):
    list_display = ["title", "round", "opens_on", "closes_on", "status"]
    list_filter = ["status", "round"]
    inlines = [SectionInline]
    actions = ["copy_round"]

    def save_model(self, request, obj, form, change):
        services.survey_save(survey=obj)

    def save_formset(self, request, form, formset, change):
        for section in formset.save(commit=False):
            services.section_save(section=section)
        for section in formset.deleted_objects:
            section.delete()

    @admin.action(description="Copy as next round (same question keys, a draft two years on)")
    def copy_round(self, request, queryset):
        for survey in queryset:
            opens, closes = survey.opens_on, survey.closes_on
            try:
                new = services.survey_copy_round(
                    survey_id=survey.pk,
                    round=survey.round + 2,
                    opens_on=opens.replace(year=opens.year + 2),
                    closes_on=closes.replace(year=closes.year + 2),
                )
            except ValidationError as error:
                messages.error(request, f"{survey}: {' '.join(error.messages)}")
            else:
                messages.success(request, f"Created {new} as a draft.")


class ChoiceInline(admin.TabularInline):
    model = Choice
    extra = 0


class StatementInline(admin.TabularInline):
    model = Statement
    extra = 0


class QuestionForm(forms.ModelForm):
    class Meta:
        model = Question
        fields = [
            "survey",
            "section",
            "order",
            "key",
            "kind",
            "text",
            "help_text",
            "required",
            "low_label",
            "high_label",
            "min_value",
            "max_value",
            "condition_key",
            "condition_value",
        ]

    def clean(self):
        cleaned = super().clean()
        changed = copy.copy(self.instance)
        changed.key = cleaned.get("key", changed.key)
        changed.kind = cleaned.get("kind", changed.kind)
        refusal = services.question_change_refusal(changed)
        if refusal:
            raise ValidationError(refusal)
        return cleaned


@admin.register(Question)
class QuestionAdmin(admin.ModelAdmin):
    form = QuestionForm
    list_display = ["key", "text", "kind", "section", "survey", "required"]
    list_filter = ["survey", "kind"]
    search_fields = ["key", "text"]
    inlines = [ChoiceInline, StatementInline]

    def save_model(self, request, obj, form, change):
        services.question_save(question=obj)

    def delete_model(self, request, obj):
        try:
            services.question_delete(question=obj)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))


@admin.register(Response)
class ResponseAdmin(admin.ModelAdmin):
    list_display = ["council", "survey", "status", "submitted_at", "version"]
    list_filter = ["survey", "status"]
    search_fields = ["council__name"]
    readonly_fields = [
        "survey", "council", "status", "version", "submitted_by", "submitted_at",
        "reopened_by", "reopened_at",
    ]  # fmt: skip

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(SurveyNotice)
class SurveyNoticeAdmin(admin.ModelAdmin):
    """The record of invitations and reminders sent: read only (the beat job writes it)."""

    list_display = ["survey", "council", "number", "sent_to", "queued_at"]
    list_filter = ["survey", "number"]
    search_fields = ["council__name", "sent_to"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
