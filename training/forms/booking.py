"""The booking form: who the places are for. The council is chosen by the page (a clerk of
two councils switches between them), the people from the council's current list, and
people without an account are typed one per line as "Name, email". The service checks
every rule that involves other rows (audience, capacity, duplicates across bookings)."""

import re

from django import forms

from kalc_portal.text import validate_name
from training.services.bookings import MAX_PLACES_PER_BOOKING, Attendee

OTHERS_MAX_LENGTH = 5000
_ANGLE = re.compile(r"^(?P<name>.*?)\s*<(?P<email>[^<>]+)>\s*$")


def parse_typed_people(text: str) -> list[Attendee]:
    """'Name, email' or 'Name <email>' per line; raises ValidationError naming the line."""
    people = []
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line:
            continue
        match = _ANGLE.match(line)
        if match:
            name, email = match["name"], match["email"]
        elif "," in line:
            name, _, email = line.rpartition(",")
        else:
            raise forms.ValidationError(
                f"Line {number}: write the name, a comma and the email address, "
                "e.g. “Sam Patel, sam@example.org”."
            )
        name, email = " ".join(name.split()), email.strip()
        if not name:
            raise forms.ValidationError(f"Line {number}: give the person's name before the email address.")
        try:
            validate_name(name)
        except forms.ValidationError as error:
            raise forms.ValidationError(f"Line {number}: {error.messages[0]}") from None
        people.append(Attendee(name=name, email=email))
    return people


class BookingForm(forms.Form):
    council = forms.TypedChoiceField(coerce=int, widget=forms.HiddenInput, required=False, empty_value=None)
    people = forms.TypedMultipleChoiceField(
        label="People from your council",
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": "Choose people from your council's list."},
    )
    others = forms.CharField(
        label="People without a portal account",
        required=False,
        max_length=OTHERS_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="One person a line: name, a comma, then their email address.",
    )
    join_waiting_list = forms.BooleanField(
        label="If there are not enough places for everyone, put us on the waiting list", required=False
    )
    accepts_partial = forms.BooleanField(
        label="On the waiting list, offer us fewer places if that is all that frees up", required=False
    )

    def __init__(
        self, *args, council_choices, people_choices, for_others: bool, typed_allowed: bool, booker, **kw
    ):
        super().__init__(*args, **kw)
        self.booker, self.for_others = booker, for_others
        self.fields["council"].choices = [("", "No council"), *council_choices]
        if for_others:
            self.fields["people"].choices = [(pk, f"{name} ({email})") for pk, name, email in people_choices]
        else:
            del self.fields["people"]
        if not (for_others and typed_allowed):
            del self.fields["others"]

    def clean_others(self) -> list[Attendee]:
        return parse_typed_people(self.cleaned_data.get("others", ""))

    def attendees(self) -> list[Attendee]:
        if not self.for_others:
            return [
                Attendee(
                    name=self.booker.full_name or self.booker.email,
                    email=self.booker.email,
                    user_id=self.booker.pk,
                )
            ]
        chosen = [Attendee(name="", email="", user_id=pk) for pk in self.cleaned_data.get("people", [])]
        return [*chosen, *self.cleaned_data.get("others", [])]

    def clean(self):
        cleaned = super().clean()
        if self.for_others and not self.errors:
            count = len(cleaned.get("people", [])) + len(cleaned.get("others", []))
            if count == 0:
                self.add_error("people", "Choose at least one person, or type their name and email.")
            elif count > MAX_PLACES_PER_BOOKING:
                self.add_error("people", f"Book at most {MAX_PLACES_PER_BOOKING} places at a time.")
        return cleaned


class CancelPlacesForm(forms.Form):
    places = forms.TypedMultipleChoiceField(
        label="Places to cancel",
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": "Choose at least one place to cancel.",
            "invalid_choice": "Choose places on this booking that are still booked.",
        },
    )

    def __init__(self, *args, places, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["places"].choices = [(place.pk, f"{place.name} ({place.email})") for place in places]


class OfferAcceptForm(forms.Form):
    people = forms.TypedMultipleChoiceField(
        label="Who takes the places",
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Choose who takes the places offered."},
    )

    def __init__(self, *args, entry, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["people"].choices = [
            (index, f"{person['name']} ({person['email']})") for index, person in enumerate(entry.attendees)
        ]
        self.fields["people"].initial = list(range(entry.offered_places or 0))
