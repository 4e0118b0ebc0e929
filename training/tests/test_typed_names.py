"""Names typed for people without an account follow the portal's one name rule
(kalc_portal/text.py): no right-to-left overrides, zero-width or control characters."""

import pytest
from django import forms

from training.forms.booking import parse_typed_people


@pytest.mark.parametrize(
    "name", ["Sam \u202eletaP", "Sam\u200b Patel", "Sam\u2066 Patel\u2069", "\ufeffSam Patel"]
)
def test_a_typed_name_with_hidden_characters_is_refused_naming_the_line(name):
    with pytest.raises(forms.ValidationError) as error:
        parse_typed_people(f"Ann One, ann@example.org\n{name}, sam@example.org")
    assert error.value.messages == [
        "Line 2: Names cannot contain hidden characters (such as right-to-left overrides, zero-width "
        "spaces or line breaks). Type the name again without them."
    ]


def test_accented_and_other_scripts_names_are_welcome():
    people = parse_typed_people("Siân Llŷr, sian@example.org\nمحمد علي <m@example.org>")
    assert [person.name for person in people] == ["Siân Llŷr", "محمد علي"]
