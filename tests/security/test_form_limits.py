"""A form with more fields than werkzeug parses (1,000 multipart parts) is refused with 413 and a message
about the form, in the visitor's language; "the file is too large" is only said of a body that is."""

from __future__ import annotations

import io

import pytest

from tests.fixtures.accounts import PASSWORD

TOO_MANY_FIELDS = {
    "de": "zu viele Felder",
    "en": "too many fields",
    "zh": "字段过多",
}
FILE_TOO_LARGE = ("5 MB", "larger than", "größer als", "超过")


def many_fields(count: int = 1200) -> dict[str, object]:
    return {f"field{n}": "x" for n in range(count)}


def choose(client, lang: str) -> None:
    assert client.post("/language", data={"lang": lang}).status_code == 302


@pytest.mark.parametrize("lang", ["de", "en", "zh"])
def test_too_many_fields_on_the_verification_page(client, lang):
    choose(client, lang)
    data = {**many_fields(), "pdf": (io.BytesIO(b"%PDF-1.7 not really"), "x.pdf")}
    response = client.post("/verify", data=data, content_type="multipart/form-data")
    assert response.status_code == 413
    page = response.get_data(as_text=True)
    assert TOO_MANY_FIELDS[lang] in page
    assert not any(words in page for words in FILE_TOO_LARGE)


def test_too_many_fields_on_the_verification_api(client):
    data = {**many_fields(), "pdf": (io.BytesIO(b"%PDF-1.7 not really"), "x.pdf")}
    response = client.post(
        "/api/v1/verify", data=data, content_type="multipart/form-data", headers={"Accept-Language": "en"}
    )
    assert response.status_code == 413 and response.mimetype == "application/json"
    assert TOO_MANY_FIELDS["en"] in response.get_data(as_text=True)
    assert "5 MB" not in response.get_data(as_text=True)


@pytest.mark.parametrize("lang", ["de", "zh"])
def test_too_many_fields_on_any_form(client, create_user, lang):
    create_user(email="anna@example.org")
    client.post("/login", data={"email": "anna@example.org", "password": PASSWORD})
    choose(client, lang)
    response = client.post("/profile", data=many_fields(), content_type="multipart/form-data")
    assert response.status_code == 413
    page = response.get_data(as_text=True)
    assert TOO_MANY_FIELDS[lang] in page
    assert not any(words in page for words in FILE_TOO_LARGE)


def test_a_body_that_is_too_large_is_still_called_too_large(client):
    choose(client, "en")
    upload = {"pdf": (io.BytesIO(b"%PDF-" + b"0" * (6 * 1024 * 1024)), "big.pdf")}
    response = client.post("/verify", data=upload, content_type="multipart/form-data")
    assert response.status_code == 413
    assert "5 MB" in response.get_data(as_text=True)
