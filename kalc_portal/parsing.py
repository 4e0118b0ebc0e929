"""The one parser for whole numbers that come from people (query strings, form fields,
headers). Python's int() accepts far more than a person means by a number: other
scripts' digits ("²", "١٢"), underscores ("1_000"), surrounding whitespace, and strings so
long that converting them is refused (or costs real CPU). Values past what PostgreSQL
stores turn a lookup into an error. Everything here accepts only ASCII digits, of a
bounded length, within a bounded range, and returns None for anything else."""

PG_INTEGER_MAX = 2**31 - 1
PG_BIGINT_MAX = 2**63 - 1
# Further than any real list goes; keeps OFFSET arithmetic far inside a bigint.
PAGE_NUMBER_MAX = 1_000_000


def ascii_digits(value) -> str | None:
    """`value` as a string of ASCII digits (no sign, no spaces), or None."""
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, int):
        return str(value) if value >= 0 else None
    if not isinstance(value, str) or not value or len(value) > 64:
        return None
    return value if value.isascii() and value.isdigit() else None


def parse_int(value, *, minimum: int = 0, maximum: int = PG_INTEGER_MAX) -> int | None:
    """A whole number between minimum and maximum written in ASCII digits, else None."""
    digits = ascii_digits(value)
    if digits is None or len(digits.lstrip("0")) > len(str(maximum)):
        return None
    number = int(digits)
    return number if minimum <= number <= maximum else None


def parse_positive_int(value, *, maximum: int = PG_INTEGER_MAX) -> int | None:
    """A whole number from 1 to maximum (an id, a count, a page), else None."""
    return parse_int(value, minimum=1, maximum=maximum)


def parse_page_number(value) -> int | None:
    """A page number from an address: None when it is not a number of at least 1
    ("abc", "0", "²"); a number past PAGE_NUMBER_MAX counts as PAGE_NUMBER_MAX, so the
    caller shows the last page as it does for any page past the end."""
    digits = ascii_digits(value.strip() if isinstance(value, str) else value)
    if digits is None or not digits.strip("0"):
        return None
    return parse_int(digits, minimum=1, maximum=PAGE_NUMBER_MAX) or PAGE_NUMBER_MAX
