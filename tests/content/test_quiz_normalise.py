"""How typed answers are compared: Unicode forms, zero-width characters and number formats."""

import pytest

from app.content.quiz.normalise import normalise_text, parse_number


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("CNIPA", "cnipa"),
        ("  China   National\tIP  ", "china national ip"),
        ("ＣＮＩＰＡ", "cnipa"),  # full-width letters from a Chinese input method
        ("CN\u200bIPA\u200c\u200d\u2060\ufeff", "cnipa"),  # zero-width characters
        ("国家知识产权局\u3000", "国家知识产权局"),  # ideographic space
        ("Straße", "strasse"),  # case folding, not just lower()
        ("ﬁle", "file"),  # NFKC ligature
        ("", ""),
    ],
)
def test_normalise_text(typed, expected):
    assert normalise_text(typed) == expected


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("42", 42.0),
        ("2.5", 2.5),
        ("2,5", 2.5),  # decimal comma
        ("-3", -3.0),
        ("+3", 3.0),
        ("\u22123", -3.0),  # minus sign
        ("1 250 000", 1_250_000.0),
        ("1\u2009250\u2009000,50", 1_250_000.5),  # thin spaces
        ("1\u202f250", 1250.0),  # narrow no-break space
        ("1\u00a0250", 1250.0),  # no-break space
        ("３７５００", 37500.0),  # full-width digits
        ("３７５００．５", 37500.5),
        ("２，５", 2.5),  # full-width comma
        (" 7 ", 7.0),
        (".5", 0.5),
        ("5.", 5.0),
        ("1e3", 1000.0),
        ("1\u200b000", 1000.0),  # a zero-width space disappears
    ],
)
def test_parse_number_accepts(typed, expected):
    assert parse_number(typed) == expected


@pytest.mark.parametrize(
    "typed",
    [
        "",
        " ",
        "1,2,3",
        "1.2.3",
        "1,234.5",
        "1.234,5",
        "NaN",
        "nan",
        "inf",
        "-inf",
        "Infinity",
        "1e999",
        "12 34",
        "1 2 3",
        "1_000",
        "0x10",
        "abc",
        "25%",
        "10 m",
        ".",
        "-",
        "e5",
        "٣",
        "1" * 200,
    ],
)
def test_parse_number_refuses_ambiguous_or_non_numbers(typed):
    assert parse_number(typed) is None


def test_parse_number_refuses_non_text():
    assert parse_number(3) is None  # type: ignore[arg-type]
