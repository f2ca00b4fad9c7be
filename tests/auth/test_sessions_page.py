"""Profile → "Where you are signed in": the person's live sessions, signing out one of them or all others
(each confirmed with the password, ASVS 3.3.4), and only their own."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from app.audit.models import SESSION_ENDED, AuditEvent
from app.extensions import db
from app.sessions.models import UserSession
from tests.fixtures.accounts import PASSWORD

FIREFOX = "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0"
WECHAT = (
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) "
    "Mobile/15E148 MicroMessenger/8.0.50(0x1800322c) NetType/WIFI Language/zh_CN"
)


def browser(app, email: str, user_agent: str, address: str = "127.0.0.1", **extra):  # type: ignore[no-untyped-def]
    """A signed-in test client that sends ``user_agent`` from ``address``."""
    client = app.test_client()
    client.environ_base.update(HTTP_USER_AGENT=user_agent, REMOTE_ADDR=address)
    answer = client.post("/login", data={"email": email, "password": PASSWORD, **extra})
    assert answer.status_code == 302
    return client


def session_ids(app, user_id: int) -> list[int]:
    with app.app_context():
        return list(
            db.session.scalars(
                select(UserSession.id)
                .where(UserSession.user_id == user_id, UserSession.ended_at.is_(None))
                .order_by(UserSession.id)
            )
        )


def test_the_list_shows_browser_system_address_and_this_browser(app, create_user):
    anna = create_user(email="anna@example.org", locale="en")
    laptop = browser(app, anna.email, FIREFOX, "192.0.2.10", remember="y")
    phone = browser(app, anna.email, WECHAT, "198.51.100.7")
    page = laptop.get("/profile/sessions").get_data(as_text=True)
    assert "Firefox 133 on Windows" in page and "WeChat 8 on iPhone" in page
    assert "192.0.2.10" in page and "198.51.100.7" in page
    assert page.count("This browser") == 1 and "Stays signed in" in page
    assert page.count("Sign out this one") == 1  # the phone's; this browser signs out with "Sign out"
    assert "/profile/sessions" in laptop.get("/profile").get_data(as_text=True)
    assert phone.get("/profile/sessions").status_code == 200


@pytest.mark.parametrize(
    ("lang", "heading"),
    [("de", "Wo Sie angemeldet sind"), ("zh", "您的登录设备"), ("en", "Where you are signed in")],
)
def test_the_page_in_every_language(app, create_user, lang, heading):
    anna = create_user(email="anna@example.org", locale=lang)
    page = browser(app, anna.email, FIREFOX).get("/profile/sessions").get_data(as_text=True)
    assert heading in page


def test_sign_out_one_other_browser_with_the_password(app, create_user):
    anna = create_user(email="anna@example.org", locale="en")
    laptop, phone = browser(app, anna.email, FIREFOX), browser(app, anna.email, WECHAT, remember="y")
    laptop_id, phone_id = session_ids(app, anna.id)
    wrong = laptop.post(f"/profile/sessions/{phone_id}", data={"password": "not-my-password"})
    assert wrong.status_code == 400 and "This is not your current password." in wrong.get_data(as_text=True)
    assert phone.get("/profile").status_code == 200  # a wrong password ends nothing
    done = laptop.post(f"/profile/sessions/{phone_id}", data={"password": PASSWORD})
    assert done.status_code == 302
    assert phone.get("/profile").status_code == 302
    phone.delete_cookie("session")
    assert phone.get("/profile").status_code == 302  # its remember-me cookie ended with it
    assert laptop.get("/profile").status_code == 200
    assert session_ids(app, anna.id) == [laptop_id]
    with app.app_context():
        event = db.session.scalar(select(AuditEvent).where(AuditEvent.kind == SESSION_ENDED))
    assert (event.actor_id, event.details) == (anna.id, {"session": phone_id, "cause": "ended_by_user"})
    # Ended sessions, this browser's and unknown ids: nothing to sign out here.
    for other in (phone_id, laptop_id, 999_999):
        assert laptop.get(f"/profile/sessions/{other}").status_code == 404


def test_sign_out_everywhere_else(app, create_user):
    anna = create_user(email="anna@example.org", locale="en")
    here = browser(app, anna.email, FIREFOX)
    others = [browser(app, anna.email, WECHAT), browser(app, anna.email, "curl/8.5.0", remember="y")]
    refused = here.post("/profile/sessions/others", data={"password": ""})
    assert refused.status_code == 400 and all(o.get("/profile").status_code == 200 for o in others)
    answer = here.post("/profile/sessions/others", data={"password": PASSWORD}, follow_redirects=True)
    assert "2 other sessions were signed out." in answer.get_data(as_text=True)
    assert all(o.get("/profile").status_code == 302 for o in others)
    assert here.get("/profile").status_code == 200


def test_nobody_signs_out_someone_elses_session(app, create_user):
    anna = create_user(email="anna@example.org")
    mallory = create_user(email="mallory@example.org")
    victim = browser(app, anna.email, FIREFOX)
    [anna_session] = session_ids(app, anna.id)
    attacker = browser(app, mallory.email, FIREFOX)
    assert attacker.get(f"/profile/sessions/{anna_session}").status_code == 404
    assert attacker.post(f"/profile/sessions/{anna_session}", data={"password": PASSWORD}).status_code == 404
    assert victim.get("/profile").status_code == 200
    assert "anna@example.org" not in attacker.get("/profile/sessions").get_data(as_text=True)


def test_the_forms_need_a_csrf_token_and_a_signed_in_person(app, client, create_user):
    anna = create_user(email="anna@example.org")
    assert client.get("/profile/sessions").status_code == 302
    here = browser(app, anna.email, FIREFOX)
    other = browser(app, anna.email, WECHAT)
    _here_id, other_id = session_ids(app, anna.id)
    assert here.post("/profile/sessions/others", data={"password": PASSWORD}, csrf=False).status_code == 400
    assert (
        here.post(f"/profile/sessions/{other_id}", data={"password": PASSWORD}, csrf=False).status_code == 400
    )
    assert other.get("/profile").status_code == 200
