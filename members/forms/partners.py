from django import forms

from members.models import PartnerCategory


class PartnerFilterForm(forms.Form):
    """The partner list's filters (GET). An unknown category is an error, not a 500."""

    category = forms.ModelChoiceField(
        queryset=PartnerCategory.objects.none(),
        required=False,
        to_field_name="slug",
        empty_label="All categories",
        label="Category",
    )
    offers = forms.BooleanField(required=False, label="Only partners with a current member offer")

    def __init__(self, *args, categories=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].queryset = (
            categories if categories is not None else PartnerCategory.objects.all()
        )
        self.fields["category"].error_messages["invalid_choice"] = "Choose a category from the list."
        self.fields["category"].label_from_instance = lambda category: (
            f"{category.name} ({category.active_count})"
            if hasattr(category, "active_count")
            else category.name
        )
