"""What every page pays for its layout (app/templates/base.html, app/templating.py): the parts that are the
same on every page are made once per language and mount path, and still follow both."""

from __future__ import annotations

import re

import app.web.fragments as fragments
from tests.fixtures.accounts import Auth


def _head_links(page: str) -> list[str]:
    return re.findall(r'<(?:link|script) [^>]*(?:href|src)="([^"]+)"', page.split("</head>")[0])


def test_the_layout_builds_its_static_links_once_per_mount_path(app, create_user, monkeypatch):
    """The stylesheet, icon and script links were built through ``url_for`` on every page; a second
    page builds none, and a server mounted under a path links below it."""
    create_user(email="reader@example.com", locale="de")
    client = app.test_client()
    assert Auth(client).login("reader@example.com").status_code == 302
    assert client.get("/imprint").status_code == 200
    asked: list[str] = []
    real = app.jinja_env.globals["url_for"]

    def counting(endpoint, /, **values):  # type: ignore[no-untyped-def]
        asked.append(endpoint)
        return real(endpoint, **values)

    monkeypatch.setitem(app.jinja_env.globals, "url_for", counting)
    page = client.get("/imprint").get_data(as_text=True)
    assert "static" not in asked
    assert _head_links(page) == ["/static/css/app.css", "/static/img/logo.svg", "/static/js/ui.js"]
    mounted = client.get("/imprint", environ_overrides={"SCRIPT_NAME": "/academy"}).get_data(as_text=True)
    assert _head_links(mounted) == [
        "/academy/static/css/app.css",
        "/academy/static/img/logo.svg",
        "/academy/static/js/ui.js",
    ]
    assert _head_links(client.get("/imprint").get_data(as_text=True)) == _head_links(page)


def test_the_header_and_footer_take_the_pages_language(app, create_user, monkeypatch):
    """The header and footer read the language the page already looked up (``inject``) instead of asking
    Flask-Babel again each; they still follow a switch of language."""
    create_user(email="reader@example.com", locale="de")
    client = app.test_client()
    assert Auth(client).login("reader@example.com").status_code == 302
    asked: list[object] = []
    real = fragments.get_locale

    def counting():  # type: ignore[no-untyped-def]
        asked.append(real())
        return asked[-1]

    monkeypatch.setattr(fragments, "get_locale", counting)
    german = client.get("/imprint").get_data(as_text=True)
    assert asked == []
    assert "Abmelden" in german and '<html lang="de">' in german
    assert client.post("/language", data={"lang": "zh", "next": "/imprint"}).status_code == 302
    chinese = client.get("/imprint").get_data(as_text=True)
    assert '<html lang="zh-Hans">' in chinese and "退出登录" in chinese and "Abmelden" not in chinese
