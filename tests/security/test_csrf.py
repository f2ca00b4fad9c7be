"""CSRF: every POST route of the app refuses a form without a valid token, found by walking the URL map
(a new form is covered the day it is added). The only exemptions are the documented APIs under /api/v1/,
which take no cookies' word for anything. (The CSRF tests per feature: tests/main/test_security.py,
tests/orgs/test_orgs_access.py, tests/authoring/test_authoring_access.py and the certificates' tests.)"""

from __future__ import annotations

import pytest
from werkzeug.routing import Rule

from app.audit.models import AuditEvent
from app.auth.models import Role, User
from app.extensions import csrf, db
from tests.fixtures.accounts import PASSWORD


def post_rules(app) -> list[Rule]:
    return sorted((r for r in app.url_map.iter_rules() if "POST" in r.methods), key=lambda r: r.rule)


def is_exempt(app, rule: Rule) -> bool:
    """Whether Flask-WTF skips the token check for this rule's view (as CSRFProtect._is_exempt decides)."""
    blueprint = rule.endpoint.rpartition(".")[0]
    if app.blueprints.get(blueprint) in csrf._exempt_blueprints:
        return True
    view = app.view_functions[rule.endpoint]
    return f"{view.__module__}.{view.__name__}" in csrf._exempt_views


def _sample(converter) -> object:
    """A value the converter accepts: 1 for numbers, one of the choices of `any(...)`, else a word."""
    kind = type(converter).__name__
    if kind == "IntegerConverter":
        return 1
    if kind == "AnyConverter":
        return sorted(converter.items)[0]
    return "x"


def url_for_rule(app, rule: Rule) -> str:
    values = {name: _sample(converter) for name, converter in rule._converters.items()}
    return app.url_map.bind("localhost").build(rule.endpoint, values, method="POST")


def counts(app) -> tuple[int, int, str]:
    """Something every state-changing form would alter: accounts, audit events, the signed-in user's role."""
    with app.app_context():
        users = db.session.query(User).count()
        events = db.session.query(AuditEvent).count()
        role = db.session.query(User.role).filter(User.email == "admin@example.org").scalar()
        return users, events, role


def test_only_the_api_is_exempt(app):
    exempt = [rule.rule for rule in post_rules(app) if is_exempt(app, rule)]
    assert exempt, "the verification API should be exempt"
    assert all(path.startswith("/api/v1/") for path in exempt), exempt


@pytest.fixture
def admin_client(client, create_user):
    create_user(Role.ADMIN, email="admin@example.org", locale="en")
    assert client.post("/login", data={"email": "admin@example.org", "password": PASSWORD}).status_code == 302
    return client


def test_every_form_needs_a_token(app, admin_client):
    client = admin_client
    before = counts(app)
    checked = []
    for rule in post_rules(app):
        if is_exempt(app, rule):
            continue
        url = url_for_rule(app, rule)
        data = {
            "role": "participant",
            "name": "Mallory",
            "email": "mallory@example.org",
            "lang": "zh",
            "x": "1",
        }
        for headers in ({}, {"Accept": "application/json"}):
            response = client.post(url, data=data, csrf=False, headers=headers)
            assert response.status_code == 400, (url, response.status_code)
        page = client.post(url, data=data, csrf=False).get_data(as_text=True)
        assert "Form expired" in page, url
        wrong = client.post(url, data={**data, "csrf_token": "forged"}, csrf=False)
        assert wrong.status_code == 400, url
        checked.append(rule.rule)
    assert len(checked) >= 25, checked
    assert counts(app) == before
    assert client.get("/profile").status_code == 200  # still signed in: logout needs the token too


def test_a_token_from_another_session_is_refused(app, admin_client):
    other = app.test_client()
    stolen = other.csrf_token()
    response = admin_client.post("/language", data={"lang": "zh", "csrf_token": stolen}, csrf=False)
    assert response.status_code == 400


def test_the_api_ignores_the_session_cookie(app, admin_client):
    """The exempt API answers a signed-in browser exactly as it answers anyone: no cookie-based power."""
    anonymous = app.test_client()
    for rule in post_rules(app):
        if not is_exempt(app, rule):
            continue
        url = url_for_rule(app, rule)
        signed_in = admin_client.post(url, data={}, csrf=False)
        stranger = anonymous.post(url, data={}, csrf=False)
        assert signed_in.status_code == stranger.status_code and signed_in.status_code in (400, 401, 404), url
        code = lambda response: (response.get_json() or {}).get("error", {}).get("code")  # noqa: E731
        assert code(signed_in) == code(stranger), url  # (the message is in the account's language)
