"""Open redirects: ``next`` on sign-in and the language menu only ever lead to a path on this site.
(The first cases: tests/auth/test_login.py and tests/main/test_security.py.)"""

from __future__ import annotations

import re
from urllib.parse import quote, urljoin, urlsplit

import pytest

from app.safe_redirect import safe_next_url
from tests.fixtures.accounts import PASSWORD

TARGETS = [
    "//evil.example", "///evil.example", "////evil.example", "https://evil.example", "http://evil.example/x",
    "HTTPS://EVIL.EXAMPLE", "https:evil.example", "https:/evil.example", "ftp://evil.example",
    "/\\evil.example", "\\\\evil.example", "\\/evil.example", "/\\/evil.example", "/%5Cevil.example",
    "%2F%2Fevil.example", "/%2F%2Fevil.example", "//%65vil.example", "//evil.example%2F..",
    " //evil.example", "\t//evil.example", "/\t/evil.example", "/\n/evil.example", "\u3000//evil.example",
    "http://localhost@evil.example", "//localhost@evil.example", "//evil.example\\@localhost",
    "javascript:alert(1)", "JaVaScRiPt:alert(1)", "java\tscript:alert(1)", " javascript:alert(1)",
    "data:text/html,<script>alert(1)</script>", "vbscript:msgbox(1)", "evil.example", "@evil.example",
]  # fmt: skip


def stays_here(location: str) -> bool:
    """Whether a browser following ``location`` from http://localhost/ stays on localhost.

    Browsers drop tabs and newlines, trim spaces and control characters, and treat ``\\`` as ``/``.
    """
    browser_view = re.sub(r"[\t\n\r]", "", location).strip("\x00- ").replace("\\", "/")
    resolved = urlsplit(urljoin("http://localhost/login", browser_view))
    return resolved.scheme in ("http", "https") and resolved.netloc == "localhost"


@pytest.mark.parametrize("target", TARGETS)
def test_safe_next_url_refuses(app, target):
    with app.test_request_context():
        for candidate in (target, quote(target, safe=""), quote(target, safe="/")):
            result = safe_next_url(candidate)
            assert stays_here(result) and "\\" not in result, (candidate, result)
            if not candidate.startswith("/") or candidate.startswith("//"):
                assert result == "/", (candidate, result)


def assert_stays(response, target: str) -> None:
    assert response.status_code == 302, target
    location = response.headers["Location"]
    assert stays_here(location), (target, location)
    assert not location.startswith(("//", "/\\")) and "\\" not in location, (target, location)


#: Each target as typed, percent-encoded, and encoded twice.
VARIANTS = (
    TARGETS + [quote(t, safe="") for t in TARGETS] + [quote(quote(t, safe=""), safe="") for t in TARGETS]
)


def test_sign_in_redirects_stay_on_the_site(app, create_user):
    create_user(email="anna@example.org")
    for target in TARGETS:
        client = app.test_client()  # a fresh browser per sign-in
        response = client.post(
            "/login?next=" + quote(target, safe=""), data={"email": "anna@example.org", "password": PASSWORD}
        )
        assert_stays(response, target)
    for target in VARIANTS:
        assert_stays(client.get("/login?next=" + quote(target, safe="")), target)  # signed in: straight on


def test_language_menu_redirects_stay_on_the_site(client):
    token = client.csrf_token()
    for target in VARIANTS:
        response = client.post(
            "/language", data={"lang": "en", "next": target, "csrf_token": token}, csrf=False
        )
        assert_stays(response, target)


def test_local_targets_are_kept(app, client, create_user):
    create_user(email="anna@example.org")
    response = client.post(
        "/login?next=" + quote("/courses?q=a&page=2"),
        data={"email": "anna@example.org", "password": PASSWORD},
    )
    assert response.headers["Location"] == "/courses?q=a&page=2"
    assert (
        client.post("/language", data={"lang": "zh", "next": "/learning"}).headers["Location"] == "/learning"
    )


def test_sign_in_prompt_carries_only_the_path(client):
    location = client.get("/profile?tab=x", base_url="http://evil.example").headers["Location"]
    assert location.startswith("/login?next=") and "evil" not in location
