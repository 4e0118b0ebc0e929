"""The one parser for numbers people send: ASCII digits only, bounded length and value."""

import pytest

from kalc_portal.pagination import requested_page_number
from kalc_portal.parsing import PAGE_NUMBER_MAX, PG_BIGINT_MAX, PG_INTEGER_MAX, parse_int, parse_positive_int


@pytest.mark.parametrize(
    "value",
    [
        "",
        " ",
        "abc",
        "-1",
        "+1",
        "1.5",
        "1_000",
        "²",
        "١٢",
        "１２",
        " 12",
        "12\n",
        "0x10",
        "1e3",
        "9" * 5000,
        str(PG_INTEGER_MAX + 1),
        None,
        True,
        -3,
        1.0,
        b"12",
        ["1"],
    ],
)
def test_anything_but_plain_ascii_digits_in_range_is_refused(value):
    assert parse_positive_int(value) is None


@pytest.mark.parametrize(
    ("value", "expected"),
    [("1", 1), ("0042", 42), (str(PG_INTEGER_MAX), PG_INTEGER_MAX), (7, 7), ("0" * 60 + "5", 5)],
)
def test_plain_numbers_parse(value, expected):
    assert parse_positive_int(value) == expected


def test_bounds_are_the_callers():
    assert parse_positive_int("0") is None
    assert parse_int("0") == 0
    assert parse_int(str(PG_BIGINT_MAX), maximum=PG_BIGINT_MAX) == PG_BIGINT_MAX
    assert parse_int(str(PG_BIGINT_MAX + 1), maximum=PG_BIGINT_MAX) is None
    assert parse_positive_int("11", maximum=10) is None


@pytest.mark.parametrize(
    ("requested", "expected"),
    [
        ("3", 3),
        (" 3 ", 3),
        (None, None),
        ("", None),
        ("0", None),
        ("²", None),
        ("١٢", None),
        ("9223372036854775807", PAGE_NUMBER_MAX),
        ("99999999999999999999", PAGE_NUMBER_MAX),
        ("9" * 5000, None),
        (1, 1),
    ],
)
def test_page_numbers_too_large_mean_past_the_end(requested, expected):
    assert requested_page_number(requested) == expected


@pytest.mark.parametrize(
    ("requested", "shown"),
    [("2", 2), ("9999", 7), ("0", 7), ("-1", 7), ("99999999999999999999", 7), ("abc", 1), ("²", 1), ("١٢", 1),
     ("9" * 5000, 1), (None, 1), ("", 1)],
)  # fmt: skip
def test_pages_of_a_django_paginator_follow_djangos_rules_through_the_parser(requested, shown):
    from django.core.paginator import Paginator

    from kalc_portal.pagination import page_of

    assert page_of(Paginator(range(70), 10), requested).number == shown
