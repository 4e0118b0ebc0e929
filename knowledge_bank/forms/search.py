"""The search box on /knowledge/search/ (GET). The hub, kind and topic filters are
knowledge_bank.filters.ResourceFilter, shown in the same form."""

from django import forms

from knowledge_bank.selectors.search import QUERY_MAX_LENGTH


class SearchForm(forms.Form):
    q = forms.CharField(
        label="Search for",
        required=False,
        max_length=QUERY_MAX_LENGTH,
        help_text='A few words work best, such as "allotment rent" or "code of conduct". '
        "Spelling does not need to be exact for titles.",
        widget=forms.SearchInput(attrs={"autocomplete": "off"}),
        error_messages={
            "max_length": f"Enter a search of {QUERY_MAX_LENGTH} characters or fewer "
            "(a few words work best).",
            "null_characters_not_allowed": "Enter your search without special control characters.",
        },
    )

    def clean_q(self) -> str:
        return " ".join(self.cleaned_data["q"].split())
