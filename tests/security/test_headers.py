"""Security headers on every kind of response: pages, error pages (400 to 500), JSON, downloads and static
files; HSTS in the production configuration. (Public pages and the templates' lack of inline script:
tests/main/test_security.py.)"""

from __future__ import annotations

import pytest
from sqlalchemy import select

from app.courses.models import CourseAsset
from app.extensions import db
from app.hrapi.tokens import create_token
from app.orgs.models import Organisation
from tests.fixtures.accounts import PASSWORD


def policy(response) -> dict[str, list[str]]:
    directives = {}
    for part in response.headers["Content-Security-Policy"].split(";"):
        name, *values = part.split()
        directives[name.lower()] = values
    return directives


def assert_secure(response, where: str, *, page: bool = True) -> None:
    headers = response.headers
    csp = policy(response)
    script = csp.get("script-src", csp.get("default-src"))
    assert script and "'unsafe-inline'" not in script and "'unsafe-eval'" not in script, where
    assert headers["X-Content-Type-Options"] == "nosniff", where
    assert headers["X-Frame-Options"] == "DENY", where
    assert headers["Referrer-Policy"] in ("same-origin", "no-referrer", "strict-origin-when-cross-origin"), (
        where
    )
    if page:
        assert not any("'unsafe-inline'" in values for values in csp.values()), where
        assert csp["frame-ancestors"] == ["'none'"] and csp["object-src"] == ["'none'"], where
        assert csp["base-uri"] == ["'self'"] and csp["form-action"] == ["'self'"], where
    assert "Strict-Transport-Security" not in headers, f"{where}: HSTS only in production"


def sign_in(client, email: str) -> None:
    client.post("/logout")
    assert client.post("/login", data={"email": email, "password": PASSWORD}).status_code == 302


def test_pages_and_error_pages(app, client, world):
    answers = {
        "home": client.get("/"),
        "catalogue": client.get("/courses?q=x"),
        "404": client.get("/no-such-page"),
        "405": client.get("/logout"),
        "400 (no CSRF token)": client.post("/login", data={}, csrf=False),
        "JSON 404": client.get("/api/v1/no-such-thing"),
        "JSON verify": client.get("/api/v1/verify/CV-0000-0000-0000-0"),
    }
    sign_in(client, world.member.email)
    answers["403"] = client.get("/admin/audit")
    sign_in(client, world.admin.email)
    answers["admin page"] = client.get("/admin/audit")
    for where, response in answers.items():
        assert response.status_code < 500, where
        assert_secure(response, where)
        if response.mimetype == "text/html":
            assert response.headers["Cache-Control"] == "no-store", where
    assert answers["403"].status_code == 403 and answers["400 (no CSRF token)"].status_code == 400


def test_429_413_and_500(strict_app, strict_client):
    for _ in range(4):
        limited = strict_client.post("/forgot-password", data={"email": "a@example.org"})
    assert limited.status_code == 429
    assert_secure(limited, "429")
    too_large = strict_client.post("/profile", data={"name": "x" * (17 * 1024 * 1024)})
    assert too_large.status_code == 413
    assert_secure(too_large, "413")
    failed = strict_client.get("/boom")
    assert failed.status_code == 500 and "a bug" not in failed.get_data(as_text=True)
    assert_secure(failed, "500")


def test_downloads(app, client, runner, world):
    issued = runner.invoke(
        args=["certs", "issue", "--email", world.member.email, "--course", "sample", "--reason", "Workshop"]
    )
    assert issued.exit_code == 0, issued.output
    public_id = issued.output.strip()
    with app.app_context():
        asset = db.session.scalars(select(CourseAsset)).first()
        asset_url = f"/assets/{asset.sha256}/{asset.path.rsplit('/', 1)[-1]}"
    downloads = {}
    sign_in(client, world.member.email)
    downloads["certificate PDF"] = client.get(f"/certificates/{public_id}/pdf")
    downloads["personal data export"] = client.get("/profile/data/export.json")
    sign_in(client, world.admin.email)
    downloads["admin PDF"] = client.get(f"/admin/certificates/{public_id}/pdf")
    downloads["cohort CSV"] = client.get("/trainer/courses/sample/cohort?format=csv")
    sign_in(client, world.manager.email)
    downloads["report CSV"] = client.get("/company/report.csv")
    downloads["report XLSX"] = client.get("/company/report.xlsx")
    downloads["certificates ZIP"] = client.get("/company/certificates.zip")
    downloads["company PDF"] = client.get(f"/company/certificates/{public_id}.pdf")
    with app.app_context():
        _token, secret = create_token(db.session.get(Organisation, world.acme), "HR")
        db.session.commit()
    downloads["HR API PDF"] = client.get(
        f"/api/v1/certificates/{public_id}.pdf", headers={"Authorization": f"Bearer {secret}"}
    )
    for where, response in downloads.items():
        assert response.status_code == 200 and response.get_data(), where  # (reading ends a streamed ZIP)
        response.close()
        assert_secure(response, where)
        assert response.headers["Content-Disposition"].startswith("attachment"), where
        # Not even the browser's own cache may keep a copy (a shared computer): no-store, not private.
        assert response.headers["Cache-Control"] == "no-store", where
    image = client.get(asset_url)
    assert image.status_code == 200
    assert_secure(image, "course image", page=False)
    assert "sandbox" in policy(image) and policy(image)["default-src"] == ["'none'"]
    css = client.get("/static/css/app.css")
    assert css.status_code == 200
    assert_secure(css, "stylesheet")


@pytest.fixture
def production_client(monkeypatch, tmp_path):
    from app import create_app

    monkeypatch.setenv("SECRET_KEY", "x" * 40)
    monkeypatch.setenv("SERVER_BASE_URL", "https://academy.example.org")
    monkeypatch.setenv("INSTANCE_PATH", str(tmp_path))
    monkeypatch.delenv("HSTS", raising=False)
    return create_app("production").test_client()


def test_production_sends_hsts_everywhere(production_client):
    for path in ("/healthz", "/no-such-page", "/static/css/app.css", "/api/v1/no-such-thing"):
        response = production_client.get(path, base_url="https://academy.example.org")
        hsts = response.headers.get("Strict-Transport-Security", "")
        assert "max-age=31536000" in hsts and "includeSubDomains" in hsts, path
        assert response.headers["X-Frame-Options"] == "DENY", path


def test_production_cookies_are_secure(production_client):
    config = production_client.application.config
    assert config["SESSION_COOKIE_SECURE"] and config["REMEMBER_COOKIE_SECURE"]
    assert config["SESSION_COOKIE_HTTPONLY"] and config["SESSION_COOKIE_SAMESITE"] == "Lax"
    assert config["PREFERRED_URL_SCHEME"] == "https"
