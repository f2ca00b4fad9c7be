"""Health check, error pages, and every page of the foundation in every language."""

import re

import pytest
from sqlalchemy.exc import OperationalError

from app.auth.models import Role

LOCALES = {"de": "de", "en": "en", "zh": "zh-Hans"}


def translated(locale: str, message: str) -> str:
    """``message`` as the shipped catalog translates it."""
    from babel.support import Translations

    from app.config import TRANSLATIONS

    return Translations.load(str(TRANSLATIONS), [locale]).gettext(message)


def test_healthz(client):
    response = client.get("/healthz")
    assert response.status_code == 200 and response.json == {"status": "ok", "database": "ok"}


def test_healthz_reports_a_broken_database(client, monkeypatch):
    from app.extensions import db

    def broken(*args, **kwargs):
        raise OperationalError("SELECT 1", {}, Exception("down"))

    monkeypatch.setattr(db.session, "execute", broken)
    assert client.get("/healthz").status_code == 503


@pytest.mark.parametrize("locale", LOCALES)
def test_404_in_each_language(client, locale):
    client.post("/language", data={"lang": locale})
    response = client.get("/no-such-page")
    assert response.status_code == 404
    assert f'lang="{LOCALES[locale]}"' in response.get_data(as_text=True)


def test_500_page_is_friendly(monkeypatch, tmp_path):
    from app import create_app

    monkeypatch.setenv("INSTANCE_PATH", str(tmp_path))
    app = create_app({"ENV_NAME": "testing", "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'x.db'}"})

    @app.get("/_boom")
    def boom():
        raise RuntimeError("boom")

    response = app.test_client().get("/_boom")
    assert response.status_code == 500
    assert "Traceback" not in response.get_data(as_text=True)


def pages_for(role: Role | None) -> list[str]:
    pages = ["/", "/login", "/register", "/forgot-password", "/no-such-page"]
    if role:
        pages = ["/", "/profile", "/profile/password"]
    if role == Role.ADMIN:
        pages.append("/admin/users")
    return pages


@pytest.mark.parametrize("locale", LOCALES)
@pytest.mark.parametrize("role", [None, Role.PARTICIPANT, Role.ADMIN])
def test_every_page_in_every_language(client, auth, create_user, locale, role):
    if role:
        create_user(role, email="someone@example.org", name="Zhang San", name_zh="张三", locale=locale)
        auth.login("someone@example.org")
    else:
        client.post("/language", data={"lang": locale})
    for path in pages_for(role):
        response = client.get(path)
        assert response.status_code in (200, 404), path
        page = response.get_data(as_text=True)
        assert f'<html lang="{LOCALES[locale]}">' in page, path
        assert re.search(r"<h1[^>]*>[^<]+</h1>", page), path
        skip = translated(locale, "Skip to content")
        assert locale == "en" or skip != "Skip to content", f"'Skip to content' is not translated to {locale}"
        assert f'class="skip-link" href="#content">{skip}<' in page
