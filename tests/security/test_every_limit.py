"""Every rate-limited route still answers 429 once its budget is spent, and the list below names every route
the limiter knows a limit for (so a new limit comes with its line here). The limiter skips its before-request
check where no limit can apply (app/extensions.py): these tests fail if that skip ever drops a limit."""

from __future__ import annotations

import io
from collections.abc import Callable

import pytest
from flask import Blueprint, Flask
from flask_limiter.util import get_qualified_name

from app import create_app
from app.extensions import Limiter, db, limiter
from tests.fixtures.accounts import PASSWORD
from tests.fixtures.web import CsrfClient

#: Every limit at two requests a minute: the third answers 429.
TWO_A_MINUTE = {
    key: "2 per minute"
    for key in (
        "LOGIN_RATE_LIMIT",
        "RESET_RATE_LIMIT",
        "VERIFY_RATE_LIMIT",
        "INVITATION_RATE_LIMIT",
        "INVITATION_COMPANY_RATE_LIMIT",
        "API_RATE_LIMIT",
        "API_ADDRESS_RATE_LIMIT",
    )
}


def _upload(_: int) -> dict:
    return {"pdf": (io.BytesIO(b"not a pdf"), "x.pdf")}


def _bearer(n: int) -> dict:
    return {"headers": {"Authorization": f"Bearer cva_guess{n}"}}


#: endpoint -> (who is signed in, method, path, keyword arguments of the n-th request)
LIMITED: dict[str, tuple[str | None, str, str, Callable[[int], dict]]] = {
    "auth.register": (None, "POST", "/register", lambda n: {"data": {"email": f"r{n}@example.org"}}),
    "auth.login": (None, "POST", "/login", lambda n: {"data": {"email": "x@example.org", "password": "no"}}),
    "auth.forgot_password": (
        None,
        "POST",
        "/forgot-password",
        lambda n: {"data": {"email": "x@example.org"}},
    ),
    "auth.reset_password": (None, "POST", "/reset-password/not-a-token", lambda n: {"data": {}}),
    "auth.change_password": ("member", "POST", "/profile/password", lambda n: {"data": {"current": "no"}}),
    "certificates.verify_index": (None, "POST", "/verify", lambda n: {"data": _upload(n)}),
    "certificates.verify_page": (None, "POST", "/verify/nothing-here", lambda n: {"data": _upload(n)}),
    "certificates_api.verify": (
        None,
        "POST",
        "/api/v1/verify",
        lambda n: {"data": _upload(n), "csrf": False},
    ),
    "certificates_api.verify_id": (None, "GET", "/api/v1/verify/nothing-here", lambda n: {}),
    "orgs.create_invitation": (
        "manager",
        "POST",
        "/company/invitations",
        lambda n: {"data": {"email": f"new{n}@example.org"}},
    ),
    "orgs.bulk_invitations": (
        "manager",
        "POST",
        "/company/invitations/bulk",
        lambda n: {"data": {"emails": f"bulk{n}@example.org"}},
    ),
    "orgs.joining.register": (None, "POST", "/join/nothing-here/register", lambda n: {"data": {}}),
    "privacy.delete": ("member", "POST", "/profile/delete", lambda n: {"data": {"password": "no"}}),
    "sessions.sign_out_others": ("member", "POST", "/profile/sessions/others", lambda n: {"data": {}}),
    "sessions.sign_out_one": ("member", "POST", "/profile/sessions/999999", lambda n: {"data": {}}),
    # The HR API's limits are on its blueprint: checked before the view, for every route of it.
    "hrapi.members": (None, "GET", "/api/v1/members", _bearer),
    "hrapi.progress": (None, "GET", "/api/v1/progress", _bearer),
    "hrapi.certificates": (None, "GET", "/api/v1/certificates", _bearer),
    "hrapi.certificate_pdf": (None, "GET", "/api/v1/certificates/nothing-here.pdf", _bearer),
    "hrapi.certificate_credential": (None, "GET", "/api/v1/certificates/nothing-here.json", _bearer),
    "hrapi.openapi": (None, "GET", "/api/v1/openapi.json", _bearer),
}


@pytest.fixture(scope="module")
def tight_app(app):
    """A second app on the same database with every limit at two a minute."""
    tight = create_app({**TWO_A_MINUTE})
    tight.test_client_class = CsrfClient
    yield tight
    with tight.app_context():
        db.session.remove()
        db.engine.dispose()


def test_the_list_names_every_limited_route(tight_app):
    """Limits on views (by their decorators) and on blueprints, as the limiter registered them."""
    decorated = limiter._marked_for_limiting
    by_blueprint = limiter.limit_manager._blueprint_limits
    known = {
        endpoint
        for endpoint, view in tight_app.view_functions.items()
        if get_qualified_name(view) in decorated or endpoint.rpartition(".")[0] in by_blueprint
    }
    assert known == set(LIMITED)


@pytest.mark.parametrize("endpoint", sorted(LIMITED))
def test_every_limited_route_answers_429_when_its_budget_is_spent(tight_app, world, endpoint):
    who, method, path, arguments = LIMITED[endpoint]
    client = tight_app.test_client()
    if who is not None:
        account = getattr(world, who)
        signed_in = client.post(
            "/login",
            data={"email": account.email, "password": PASSWORD},
            environ_base={"REMOTE_ADDR": "10.0.0.77"},  # not the address whose budget is counted below
        )
        assert signed_in.status_code == 302
    assert tight_app.url_map.bind("localhost").match(path, method=method)[0] == endpoint
    send = client.post if method == "POST" else client.get  # post: with a CSRF token, as a browser
    codes = [send(path, **arguments(n)).status_code for n in range(3)]
    assert 429 not in codes[:2] and codes[2] == 429, codes


def _bare_app(own: Limiter) -> Flask:
    """A Flask app with a page without limits, a nested blueprint with limits, and that blueprint registered
    a second time under another name."""
    bare = Flask(__name__)
    bare.config["RATELIMIT_STORAGE_URI"] = "memory://"
    outer, inner = Blueprint("outer", __name__), Blueprint("inner", __name__)
    inner.get("/")(lambda: "inner")
    own.limit("1 per minute")(inner)
    outer.register_blueprint(inner, url_prefix="/inner")
    bare.register_blueprint(outer, url_prefix="/outer")
    bare.register_blueprint(inner, url_prefix="/renamed", name="renamed")
    bare.get("/free")(lambda: "free")
    own.init_app(bare)
    return bare


def test_blueprint_and_app_wide_limits_are_still_checked_before_the_view():
    own = Limiter(key_func=lambda: "everyone")
    client = _bare_app(own).test_client()
    assert [client.get("/outer/inner/").status_code for _ in range(2)] == [200, 429]
    assert [client.get("/renamed/").status_code for _ in range(2)] == [200, 429]
    assert [client.get("/free").status_code for _ in range(3)] == [200] * 3

    everywhere = Limiter(key_func=lambda: "everyone", default_limits=["1 per minute"])
    client = _bare_app(everywhere).test_client()
    assert [client.get("/free").status_code for _ in range(2)] == [200, 429]
