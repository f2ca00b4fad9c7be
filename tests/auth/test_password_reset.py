"""Password reset by e-mailed, signed, expiring, single-use link."""

import time

from tests.fixtures.accounts import PASSWORD
from tests.fixtures.web import without_tokens

NEW = {"password": "brand-new-secret", "confirm": "brand-new-secret"}


def test_reset_through_the_outbox(client, auth, create_user, outbox):
    create_user(email="anna@example.org", locale="de")
    response = client.post("/forgot-password", data={"email": "anna@example.org"})
    assert response.status_code == 200
    link = outbox.link("anna@example.org")
    assert client.get(link).status_code == 200
    assert client.post(link, data=NEW).status_code == 302
    assert auth.login("anna@example.org", PASSWORD).status_code == 200  # old one no longer works
    assert auth.login("anna@example.org", NEW["password"]).status_code == 302
    # the link was used: it does not work a second time
    auth.logout()
    again = client.post(link, data={"password": "third-password", "confirm": "third-password"})
    assert again.status_code == 302 and "/forgot-password" in again.headers["Location"]


def test_same_answer_for_unknown_address(client, create_user, outbox):
    create_user(email="anna@example.org")
    known = client.post("/forgot-password", data={"email": "anna@example.org"}).get_data(as_text=True)
    unknown = client.post("/forgot-password", data={"email": "nobody@example.org"}).get_data(as_text=True)
    assert without_tokens(known, "anna@example.org") == without_tokens(unknown, "nobody@example.org")
    assert [m["To"] for m in outbox.messages()] == ["anna@example.org"]


def test_expired_link_is_refused(client, app, create_user, outbox):
    create_user(email="anna@example.org")
    client.post("/forgot-password", data={"email": "anna@example.org"})
    link = outbox.link("anna@example.org")
    app.config["PASSWORD_RESET_MAX_AGE"] = 1
    try:
        time.sleep(2.1)
        response = client.post(link, data=NEW)
    finally:
        app.config["PASSWORD_RESET_MAX_AGE"] = 3600
    assert response.status_code == 302 and "/forgot-password" in response.headers["Location"]


def test_reset_mail_uses_the_accounts_language(client, create_user, outbox):
    create_user(email="li@example.cn", locale="zh", name="Li Wei")
    client.post("/forgot-password", data={"email": "li@example.cn"})
    message = outbox.last_to("li@example.cn")
    assert "重置" in message["Subject"]
