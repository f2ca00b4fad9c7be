"""Rate limits answer 429 with a message in the visitor's language, on an app with low limits (the strict
app of conftest.py). Which requests count, and the per-account limit: tests/main/test_security.py and
tests/certificates/test_certificate_verification.py."""

from __future__ import annotations

import io

import pytest

from app.auth.models import User
from app.extensions import db
from app.orgs import services
from app.orgs.models import Organisation
from tests.fixtures.accounts import PASSWORD

TOO_MANY = {"de": "Zu viele Versuche", "en": "Too many attempts", "zh": "尝试次数过多"}
WAIT = {
    "de": "Bitte warten Sie einige Minuten",
    "en": "Please wait a few minutes",
    "zh": "请等待几分钟后再试",
}


def choose(client, lang: str) -> None:
    assert client.post("/language", data={"lang": lang}).status_code == 302


def assert_limited(response, lang: str) -> None:
    assert response.status_code == 429
    page = response.get_data(as_text=True)
    assert TOO_MANY[lang] in page and WAIT[lang] in page, page[:300]
    assert int(response.headers["Retry-After"]) > 0
    assert "unsafe-inline" not in response.headers["Content-Security-Policy"]


@pytest.mark.parametrize("lang", ["de", "en", "zh"])
def test_sign_in(strict_client, create_user, lang):
    create_user(email="anna@example.org")
    choose(strict_client, lang)
    codes = [
        strict_client.post("/login", data={"email": "anna@example.org", "password": "wrong-pw"}).status_code
        for _ in range(3)
    ]
    assert codes == [200, 200, 200]
    assert_limited(
        strict_client.post("/login", data={"email": "anna@example.org", "password": PASSWORD}), lang
    )
    assert strict_client.get("/login").status_code == 200  # the page itself stays available


def test_the_limit_follows_the_accounts_language_for_json_clients(strict_client):
    for _ in range(3):
        strict_client.post(
            "/forgot-password", data={"email": "a@example.org"}, headers={"Accept-Language": "zh"}
        )
    answer = strict_client.post(
        "/forgot-password",
        data={"email": "a@example.org"},
        headers={"Accept": "application/json", "Accept-Language": "zh"},
    )
    assert answer.status_code == 429 and answer.json["error"]["message"].startswith(WAIT["zh"])


@pytest.mark.parametrize("path", ["/forgot-password", "/register"])
def test_reset_and_registration(strict_client, path, outbox):
    choose(strict_client, "zh")
    data = {
        "email": "new@example.org",
        "name": "Anna",
        "locale": "de",
        "password": "x" * 10,
        "confirm": "x" * 10,
    }
    assert [strict_client.post(path, data=data).status_code for _ in range(2)] == [200, 200]
    assert_limited(strict_client.post(path, data=data), "zh")


def test_reset_link(strict_app, strict_client, create_user, outbox):
    create_user(email="anna@example.org")
    strict_client.post("/forgot-password", data={"email": "anna@example.org"})
    link = outbox.link("anna@example.org")
    for _ in range(2):
        strict_client.post(link, data={"password": "short", "confirm": "short"})
    assert_limited(
        strict_client.post(link, data={"password": "a-new-password", "confirm": "a-new-password"}), "de"
    )


def test_verification_upload_page_and_api(strict_app, strict_client):
    choose(strict_client, "en")
    upload = lambda: {"pdf": (io.BytesIO(b"not a pdf"), "x.pdf")}  # noqa: E731
    assert [strict_client.post("/verify", data=upload()).status_code for _ in range(2)] == [200, 200]
    assert_limited(strict_client.post("/verify", data=upload()), "en")
    system = strict_app.test_client()  # another program at the same address: one budget per address
    api = system.post("/api/v1/verify", data=upload(), csrf=False, headers={"Accept-Language": "zh"})
    assert api.status_code == 429 and api.mimetype == "application/json"
    assert api.json["error"]["message"].startswith(WAIT["zh"])  # in the language the client asks for
    assert strict_client.get("/verify").status_code == 200


def test_password_change_is_limited_per_account(strict_app, strict_client, create_user):
    create_user(email="anna@example.org")
    strict_client.post("/login", data={"email": "anna@example.org", "password": PASSWORD})
    choose(strict_client, "de")
    wrong = {"current": "not-it-at-all", "password": "a-new-password", "confirm": "a-new-password"}
    other_address = strict_app.test_client()
    other_address.set_cookie("session", strict_client.get_cookie("session").value)
    codes = [strict_client.post("/profile/password", data=wrong).status_code for _ in range(2)]
    codes.append(
        other_address.post(
            "/profile/password", data=wrong, environ_base={"REMOTE_ADDR": "10.0.0.9"}
        ).status_code
    )
    assert codes == [200, 200, 200]
    assert_limited(
        other_address.post("/profile/password", data=wrong, environ_base={"REMOTE_ADDR": "10.0.0.10"}), "de"
    )


def test_invitation_mails_are_limited_per_manager_and_per_company(strict_app, strict_client, world, outbox):
    """Two mails a minute per manager, three per company (the strict app); invitations without an address
    send no mail and are not limited."""
    with strict_app.app_context():
        services.add_manager(db.session.get(Organisation, world.acme), db.session.get(User, world.member.id))
        db.session.commit()

    def invite(client, address: str = ""):  # type: ignore[no-untyped-def]
        return client.post("/company/invitations", data={"email": address})

    strict_client.post("/login", data={"email": world.manager.email, "password": PASSWORD})
    assert [invite(strict_client, f"new{n}@example.org").status_code for n in (1, 2)] == [200, 200]
    assert_limited(invite(strict_client, "new3@example.org"), "en")
    assert invite(strict_client).status_code == 200  # a code to pass on: no mail, no limit
    colleague = strict_app.test_client()
    colleague.post("/login", data={"email": world.member.email, "password": PASSWORD})
    assert invite(colleague, "new4@example.org").status_code == 200
    assert_limited(invite(colleague, "new5@example.org"), "en")  # the company's third mail was the last
    assert sorted(m["To"] for m in outbox.messages()) == [f"new{n}@example.org" for n in (1, 2, 4)]


def test_invitation_mails_cannot_escape_the_limit_as_json(strict_app, strict_client, world, outbox):
    """Flask-WTF reads a form from a JSON body too, which the limit (request.form) does not see: a manager
    posting JSON (the CSRF token as a header) sent any number of mails. No page sends JSON: refused (400)."""
    strict_client.post("/login", data={"email": world.manager.email, "password": PASSWORD})
    token = strict_client.csrf_token()

    def invite(address: str):  # type: ignore[no-untyped-def]
        return strict_client.open(
            "/company/invitations", method="POST", json={"email": address}, headers={"X-CSRFToken": token}
        )

    assert [invite(f"json{n}@example.org").status_code for n in (1, 2, 3)] == [400, 400, 400]
    assert outbox.messages() == []
    assert strict_client.post("/company/invitations", data={"email": "form@example.org"}).status_code == 200
