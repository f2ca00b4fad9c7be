"""After sign-in a participant lands on "My learning"; the confirmation link fills in the address and
keeps the page the visitor was going to, without signing anyone in."""

from __future__ import annotations

import re


def test_sign_in_lands_on_my_learning(client, auth, create_user):
    create_user(email="anna@example.org")
    response = auth.login("anna@example.org")
    assert response.status_code == 302 and response.headers["Location"] == "/learning"
    assert client.get("/login").headers["Location"] == "/learning"


def test_sign_in_keeps_next_but_never_leaves_the_site(client, create_user):
    create_user(email="anna@example.org")
    data = {"email": "anna@example.org", "password": "correct-horse-battery"}
    response = client.post("/login?next=/courses/sample", data=data)
    assert response.headers["Location"] == "/courses/sample"
    client.post("/logout")
    response = client.post("/login?next=https://evil.example/", data=data)
    assert response.headers["Location"] == "/learning"


def register(client, next_path: str | None):  # type: ignore[no-untyped-def]
    url = "/register" + (f"?next={next_path}" if next_path else "")
    data = {
        "email": "new@example.org",
        "name": "Nina Neu",
        "locale": "de",
        "password": "a-long-new-password",
        "confirm": "a-long-new-password",
    }
    return client.post(url, data=data)


def test_confirmation_fills_in_the_address_and_keeps_next(client, outbox):
    sign_in_page = client.get("/login?next=/courses/ip-china").get_data(as_text=True)
    assert 'href="/register?next=/courses/ip-china"' in sign_in_page
    assert register(client, "/courses/ip-china").status_code == 200
    link = outbox.link("new@example.org")
    assert "next=/courses/ip-china" in link or "next=%2Fcourses%2Fip-china" in link
    response = client.get(link)
    assert response.status_code == 302
    target = response.headers["Location"]
    assert target.startswith("/login") and "ip-china" in target
    page = client.get(target).get_data(as_text=True)
    assert re.search(r'name="email"[^>]*value="new@example.org"', page) or re.search(
        r'value="new@example.org"[^>]*name="email"', page
    )
    # Confirming did not sign anyone in.
    assert client.get("/learning").status_code == 302
    response = client.post(target, data={"email": "new@example.org", "password": "a-long-new-password"})
    assert response.headers["Location"] == "/courses/ip-china"


def test_a_foreign_next_is_dropped_from_the_mail(client, outbox):
    register(client, "https://evil.example/")
    assert "evil" not in outbox.link("new@example.org")


def test_a_broken_confirmation_link_says_so_in_the_users_language(client):
    response = client.get("/confirm/not-a-token?next=/courses", headers={"Accept-Language": "en"})
    assert response.status_code == 302
    page = client.get(response.headers["Location"], headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert "invalid or has expired" in page
