"""Headers, CSRF, rate limits and no third-party requests, on every page of the foundation."""

import re
from pathlib import Path

import pytest

from app.extensions import limiter
from app.security_headers import CSP

PUBLIC_PAGES = ["/", "/login", "/register", "/forgot-password"]
TEMPLATES = Path(__file__).resolve().parents[2] / "app" / "templates"


@pytest.mark.parametrize("path", PUBLIC_PAGES)
def test_security_headers(client, path):
    response = client.get(path)
    assert response.status_code == 200
    headers = response.headers
    assert headers["Content-Security-Policy"] == CSP
    assert "script-src 'self'" in CSP and "unsafe-inline" not in CSP
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["X-Frame-Options"] == "DENY"
    assert headers["Referrer-Policy"] == "same-origin"


def test_no_inline_script_or_style_in_templates():
    for template in TEMPLATES.rglob("*.html"):
        source = template.read_text(encoding="utf-8")
        assert not re.search(r"<script(?![^>]*\bsrc=)", source), f"inline script in {template}"
        assert not re.search(r"\son[a-z]+\s*=", source), f"event handler attribute in {template}"
        assert " style=" not in source, f"inline style in {template}"


@pytest.mark.parametrize("path", PUBLIC_PAGES)
def test_no_third_party_hosts(client, path):
    page = client.get(path).get_data(as_text=True)
    for url in re.findall(r'(?:src|href|action)="([^"]+)"', page):
        assert url.startswith(("/", "#", "?")), f"{path} refers to {url}"


def test_production_sets_hsts_and_secure_cookies(monkeypatch, tmp_path):
    from app import create_app

    monkeypatch.setenv("SECRET_KEY", "x" * 40)
    monkeypatch.setenv("SERVER_BASE_URL", "https://academy.example.org")
    monkeypatch.setenv("INSTANCE_PATH", str(tmp_path))
    app = create_app("production")
    assert app.config["SESSION_COOKIE_SECURE"] and app.config["REMEMBER_COOKIE_SECURE"]
    response = app.test_client().get("/healthz", base_url="https://localhost")
    assert "max-age" in response.headers["Strict-Transport-Security"]


@pytest.mark.parametrize(
    "path,data",
    [
        ("/login", {"email": "a@example.org", "password": "whatever1"}),
        (
            "/register",
            {
                "email": "a@example.org",
                "name": "Anna",
                "locale": "de",
                "password": "x" * 10,
                "confirm": "x" * 10,
            },
        ),
        ("/forgot-password", {"email": "a@example.org"}),
        ("/language", {"lang": "zh"}),
        ("/logout", {}),
    ],
)
def test_post_without_csrf_token_is_refused(client, path, data, outbox):
    response = client.post(path, data=data, csrf=False)
    assert response.status_code == 400
    assert outbox.messages() == []


def test_login_is_rate_limited(app, client, create_user):
    create_user(email="anna@example.org")
    app.config["LOGIN_RATE_LIMIT"] = "3 per minute"
    try:
        codes = [
            client.post("/login", data={"email": "anna@example.org", "password": "wrong-pw"}).status_code
            for _ in range(5)
        ]
    finally:
        app.config["LOGIN_RATE_LIMIT"] = "10000 per minute"
        limiter.reset()
    assert codes[:3] == [200, 200, 200] and codes[3:] == [429, 429]


def test_password_reset_is_rate_limited(app, client, outbox):
    app.config["RESET_RATE_LIMIT"] = "2 per minute"
    try:
        codes = [
            client.post("/forgot-password", data={"email": "x@example.org"}).status_code for _ in range(3)
        ]
    finally:
        app.config["RESET_RATE_LIMIT"] = "10000 per minute"
        limiter.reset()
    assert codes == [200, 200, 429]


def test_language_switch_refuses_open_redirect(client):
    response = client.post("/language", data={"lang": "en", "next": "https://evil.example/"})
    assert response.headers["Location"] == "/"


def test_production_needs_a_public_base_url(monkeypatch, tmp_path):
    from app import create_app

    monkeypatch.setenv("SECRET_KEY", "x" * 40)
    monkeypatch.setenv("INSTANCE_PATH", str(tmp_path))
    monkeypatch.delenv("SERVER_BASE_URL", raising=False)
    with pytest.raises(RuntimeError, match="SERVER_BASE_URL"):
        create_app("production")


def test_reset_link_ignores_the_host_header(app, client, create_user, outbox):
    create_user(email="anna@example.org")
    app.config["SERVER_BASE_URL"] = "https://academy.example.org"
    try:
        page = client.get("/forgot-password", base_url="http://evil.example").get_data(as_text=True)
        token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
        client.post(
            "/forgot-password",
            data={"email": "anna@example.org", "csrf_token": token},
            base_url="http://evil.example",
        )
    finally:
        app.config["SERVER_BASE_URL"] = ""
    body = outbox.body(outbox.last_to("anna@example.org"))
    assert "https://academy.example.org/reset-password/" in body and "evil.example" not in body


def test_login_is_limited_per_account_across_addresses(app, client, create_user):
    create_user(email="anna@example.org")
    app.config["LOGIN_RATE_LIMIT"] = "3 per minute"
    try:
        codes = []
        for n in range(5):
            address = f"127.0.0.{n + 10}"
            token = client.csrf_token()
            codes.append(
                client.post(
                    "/login",
                    data={"email": "anna@example.org", "password": "wrong-pw", "csrf_token": token},
                    environ_base={"REMOTE_ADDR": address},
                ).status_code
            )
    finally:
        app.config["LOGIN_RATE_LIMIT"] = "10000 per minute"
        limiter.reset()
    assert codes[:3] == [200, 200, 200] and codes[3:] == [429, 429]
