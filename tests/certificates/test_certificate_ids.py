"""Public certificate ids: format, randomness, check character and forgiving input."""

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.certificates.ids import (
    ALPHABET,
    CHECK_SYMBOLS,
    _format,
    new_certificate_id,
    normalise_certificate_id,
)

FORMAT = re.compile(
    r"^CV-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z*~$=U]$"
)
values = st.integers(min_value=0, max_value=2**60 - 1)


def test_new_ids_have_the_documented_shape_and_are_distinct():
    ids = {new_certificate_id() for _ in range(2000)}
    assert len(ids) == 2000
    assert all(FORMAT.match(cert_id) for cert_id in ids)


def test_new_ids_use_the_whole_alphabet():
    seen = {char for _ in range(500) for char in new_certificate_id()[3:17] if char != "-"}
    assert seen == set(ALPHABET)


@given(values)
def test_round_trip(value: int):
    cert_id = _format(value)
    assert normalise_certificate_id(cert_id) == cert_id


@given(values, st.data())
def test_every_single_substitution_is_caught(value: int, data):
    cert_id = _format(value)
    positions = [index for index, char in enumerate(cert_id) if char != "-" and index >= 3]
    position = data.draw(st.sampled_from(positions))
    pool = CHECK_SYMBOLS if position == len(cert_id) - 1 else ALPHABET
    replacement = data.draw(st.sampled_from([char for char in pool if char != cert_id[position]]))
    typo = cert_id[:position] + replacement + cert_id[position + 1 :]
    assert normalise_certificate_id(typo) is None


@given(values, st.data())
def test_swapped_neighbours_are_caught(value: int, data):
    compact = _format(value)[3:].replace("-", "")
    position = data.draw(st.integers(min_value=0, max_value=len(compact) - 3))
    if compact[position] == compact[position + 1]:
        return
    swapped = compact[:position] + compact[position + 1] + compact[position] + compact[position + 2 :]
    assert normalise_certificate_id(swapped) is None


def test_forgiving_input_is_normalised():
    cert_id = _format(0x0123456789ABCDE)
    compact = cert_id.replace("-", "")
    assert normalise_certificate_id(compact.lower()) == cert_id
    assert normalise_certificate_id("  " + " ".join(cert_id.split("-")) + " ") == cert_id
    assert normalise_certificate_id(cert_id[3:]) == cert_id  # without the prefix
    assert normalise_certificate_id(cert_id[3:].replace("-", "")) == cert_id


def test_crockford_look_alikes_are_read_as_digits():
    cert_id = _format(0)  # CV-0000-0000-0000-0
    assert cert_id == "CV-0000-0000-0000-0"
    assert normalise_certificate_id("cv-oooo-OOOO-0o0O-o") == cert_id
    one = _format(int("1" * 12, 32))
    assert one.startswith("CV-1111-1111-1111-")
    assert normalise_certificate_id("cv-llll-IIII-1lI1-" + one[-1].lower()) == one


@pytest.mark.parametrize(
    "text", ["", "CV", "CV-7K3M-9QXD-2P8W", "CV-7K3M-9QXD-2P8W-HH", "CV-7K3M-9QXD-2P8U-H", "x" * 1000, "ÄÖÜ"]
)
def test_malformed_input_is_refused(text: str):
    assert normalise_certificate_id(text) is None


def test_non_strings_are_refused():
    assert normalise_certificate_id(None) is None  # type: ignore[arg-type]


def test_new_ids_end_in_a_letter_or_digit():
    from app.certificates.ids import ALPHABET, new_certificate_id

    assert all(new_certificate_id()[-1] in ALPHABET for _ in range(500))
