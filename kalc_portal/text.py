"""Rules for text people type: how long free text may be, and which characters a name
may not hold. One place, used by every model field and form that takes a name or text.

Names appear in people lists, queues and emails. A right-to-left override (U+202E) makes
"Alex\u202eknarF" show as "AlexFrank", and zero-width characters make two names that look
the same differ (a fake "Alex Morgan" next to the real one); neither belongs in a name."""

import re

from django.core.exceptions import ValidationError

# Bidirectional embeddings, overrides and isolates, the direction marks (and Arabic's),
# zero-width space/joiners, word joiner and the byte-order mark used as a zero-width space.
INVISIBLE_IN_NAMES = (
    "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c\u200b\u200c\u200d\u2060\ufeff"
)
# Also line breaks, tabs and other control characters: a name is one line.
_REFUSED_IN_NAMES = re.compile(f"[{re.escape(INVISIBLE_IN_NAMES)}\\x00-\\x1f\\x7f-\\x9f\\u2028\\u2029]")
# The same set as a PostgreSQL regular expression, for the database's check constraints.
REFUSED_IN_NAMES_SQL = (
    "[\\u202a-\\u202e\\u2066-\\u2069\\u200b-\\u200f\\u061c\\u2060\\ufeff\\x01-\\x1f\\x7f-\\x9f\\u2028\\u2029]"
)

NAME_MESSAGE = (
    "Names cannot contain hidden characters (such as right-to-left overrides, zero-width "
    "spaces or line breaks). Type the name again without them."
)

# Limits for free text, far above what a real entry needs. A model TextField takes one
# as max_length (its form field, and so the admin, refuses more with Django's message
# "Ensure this value has at most N characters (it has M)", and the textarea carries
# maxlength) and as a MaxLengthValidator (full_clean, as in the CSV import).
SHORT_TEXT = 500  # an address, a one-line note
NOTE_TEXT = 2000  # a reason, a note to the office
LONG_TEXT = 10_000  # a message, an answer, a case summary
MARKDOWN_TEXT = 200_000  # a knowledge bank guide


def validate_name(value: str) -> None:
    """Refuse a name holding bidirectional controls, zero-width or control characters."""
    if isinstance(value, str) and _REFUSED_IN_NAMES.search(value):
        raise ValidationError(NAME_MESSAGE, code="invisible_characters")
