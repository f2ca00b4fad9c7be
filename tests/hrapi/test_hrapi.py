"""The HR API: tokens, what each endpoint answers, the company boundary, pagination and errors."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from app.audit.models import TOKEN_CREATED, TOKEN_REVOKED, AuditEvent
from app.auth.models import utcnow
from app.extensions import db, limiter
from app.hrapi.models import ApiToken
from app.orgs.models import Membership
from tests.fixtures.hrapi import bearer, new_token
from tests.orgs.org_helpers import complete, in_progress


def _get(client, path: str, secret: str, **kwargs):  # type: ignore[no-untyped-def]
    return client.get(path, headers=bearer(secret), **kwargs)


def _error(response, status: int, code: str) -> dict:  # type: ignore[no-untyped-def]
    assert response.status_code == status, response.data[:300]
    assert response.mimetype == "application/json"
    error = response.get_json()["error"]
    assert error["status"] == status and error["code"] == code and error["message"]
    return error


# -- tokens -----------------------------------------------------------------------------------------------


def test_a_token_is_stored_only_as_a_hash(app, world, acme_token):
    with app.app_context():
        row = db.session.scalar(select(ApiToken))
        assert acme_token not in (row.token_hash, row.prefix, row.label)
        assert acme_token.startswith(row.prefix) and len(acme_token) > 40


@pytest.mark.parametrize(
    "header",
    [None, "", "Bearer", "Bearer ", "Basic dXNlcjpwYXNz", "Token cva_x", "Bearer cva_" + "x" * 43,
     "Bearer " + "x" * 5000, "Bearer cva_\u4e2d\u6587"],
)  # fmt: skip
def test_requests_without_a_valid_token_get_401_with_a_challenge(client, world, acme_token, header):
    headers = {"Accept-Language": "en"}
    if header is not None:
        headers["Authorization"] = header
    response = client.get("/api/v1/members", headers=headers)
    error = _error(
        response,
        401,
        "invalid_token"
        if header and len(header.split()) > 1 and header.lower().startswith("bearer")
        else "missing_token",
    )
    assert response.headers["WWW-Authenticate"].startswith("Bearer ")
    assert "token" in error["message"].lower()


def test_errors_come_in_the_clients_language(client, world):
    response = client.get("/api/v1/members", headers={"Accept-Language": "zh-CN,zh;q=0.9"})
    message = _error(response, 401, "missing_token")["message"]
    assert any("\u4e00" <= ch <= "\u9fff" for ch in message), message


def test_a_manager_creates_a_token_that_is_shown_once_and_works(client, auth, app, world):
    auth.login("boss@acme.example")
    page = client.post("/company/api-tokens", data={"label": "Personio"})
    assert page.status_code == 200 and page.headers["Cache-Control"] == "no-store"
    secret = page.get_data(as_text=True).split('id="new-token">', 1)[1].split("<", 1)[0]
    assert secret.startswith("cva_")
    assert _get(client, "/api/v1/members", secret).status_code == 200
    again = client.get("/company/api-tokens").get_data(as_text=True)
    assert "Personio" in again and secret not in again
    with app.app_context():
        event = db.session.scalar(select(AuditEvent).where(AuditEvent.kind == TOKEN_CREATED))
        assert event.actor_id == world.manager.id and event.details["org"] == "acme-gmbh"


def test_a_revoked_token_stops_working_at_once(client, auth, app, world, acme_token):
    assert _get(client, "/api/v1/members", acme_token).status_code == 200
    auth.login("boss@acme.example")
    with app.app_context():
        token_id = db.session.scalar(select(ApiToken.id))
    assert client.post(f"/company/api-tokens/{token_id}/revoke").status_code == 302
    _error(_get(client, "/api/v1/members", acme_token), 401, "invalid_token")
    with app.app_context():
        assert db.session.scalar(select(AuditEvent.kind).where(AuditEvent.kind == TOKEN_REVOKED))


def test_managers_cannot_touch_other_companies_tokens(client, auth, app, world, beta_token):
    auth.login("boss@acme.example")
    with app.app_context():
        token_id = db.session.scalar(select(ApiToken.id))
    assert client.post(f"/company/api-tokens/{token_id}/revoke").status_code == 404
    assert "HR sync" not in client.get("/company/api-tokens").get_data(as_text=True)
    assert _get(client, "/api/v1/members", beta_token).status_code == 200


@pytest.mark.parametrize("who", ["max@acme.example", "pia@example.org"])
def test_only_managers_reach_the_token_page(client, auth, world, who):
    auth.login(who)
    assert client.get("/company/api-tokens").status_code == 403
    assert client.post("/company/api-tokens", data={"label": "x"}).status_code == 403


@pytest.mark.parametrize("label", ["", "   ", "x" * 81, "tab\x07bell", "\x00"])
def test_junk_labels_get_a_message_and_no_token(client, auth, app, world, label):
    auth.login("boss@acme.example")
    response = client.post("/company/api-tokens", data={"label": label})
    assert response.status_code == 400
    assert 'aria-invalid="true"' in response.get_data(as_text=True)  # the message stands at the field
    with app.app_context():
        assert db.session.scalar(select(ApiToken)) is None


def test_creating_a_token_needs_the_csrf_token(client, auth, app, world):
    auth.login("boss@acme.example")
    assert client.post("/company/api-tokens", data={"label": "x"}, csrf=False).status_code == 400
    with app.app_context():
        assert db.session.scalar(select(ApiToken)) is None


def test_the_command_line_prints_a_working_token(runner, client, world):
    result = runner.invoke(args=["orgs", "token", "Acme GmbH", "--label", "SAP"])
    assert result.exit_code == 0, result.output
    secret = result.stdout.strip().splitlines()[-1]
    assert _get(client, "/api/v1/members", secret).status_code == 200


def test_the_command_line_refuses_an_unknown_company(runner, world):
    result = runner.invoke(args=["orgs", "token", "Nope AG"])
    assert result.exit_code == 1 and "no company called 'Nope AG'" in result.output


# -- members, progress, certificates --------------------------------------------------------------------


def test_members_lists_only_the_tokens_company(client, world, acme_token, beta_token):
    acme = _get(client, "/api/v1/members", acme_token).get_json()
    assert {m["email"] for m in acme["data"]} == {"boss@acme.example", "max@acme.example"}
    assert acme["meta"] == {"page": 1, "per_page": 50, "total": 2, "pages": 1}
    beta = _get(client, "/api/v1/members", beta_token).get_json()
    assert {m["email"] for m in beta["data"]} == {"boss@beta.example", "eva@beta.example"}


def test_progress_respects_what_members_share(client, app, world, acme_token):
    complete(app, world.member.id, world.course_id, score=91.0)
    rows = _get(client, "/api/v1/progress", acme_token).get_json()["data"]
    mine = next(r for r in rows if r["member_id"] == world.member.id)
    assert mine["status"] == "completed" and mine["score_percent"] is None and mine["certificate_id"]
    with app.app_context():
        m = db.session.scalar(select(Membership).where(Membership.user_id == world.member.id))
        m.share_scores = True
        db.session.commit()
    rows = _get(client, "/api/v1/progress", acme_token).get_json()["data"]
    assert next(r for r in rows if r["member_id"] == world.member.id)["score_percent"] == 91.0


def test_nothing_from_before_joining_unless_the_member_shares_it(client, app, world, acme_token):
    complete(app, world.member.id, world.course_id, when=utcnow() - timedelta(days=60))
    rows = _get(client, "/api/v1/progress", acme_token).get_json()["data"]
    mine = next(r for r in rows if r["member_id"] == world.member.id)
    assert mine == {**mine, "status": "not_started", "completed_at": None, "certificate_id": None}
    assert _get(client, "/api/v1/certificates", acme_token).get_json()["meta"]["total"] == 0


def test_certificates_and_their_pdfs(client, app, world, acme_token, beta_token):
    ours = complete(app, world.member.id, world.course_id)
    theirs = complete(app, world.other_member.id, world.course_id)
    listing = _get(client, "/api/v1/certificates", acme_token).get_json()
    assert [c["id"] for c in listing["data"]] == [ours]
    entry = listing["data"][0]
    assert entry["pdf_url"].endswith(f"/api/v1/certificates/{ours}.pdf") and ours in entry["verify_url"]
    pdf = _get(client, f"/api/v1/certificates/{ours}.pdf", acme_token)
    assert pdf.status_code == 200 and pdf.mimetype == "application/pdf" and pdf.data.startswith(b"%PDF")
    # Another company's certificate answers exactly like an unknown one.
    other = _get(client, f"/api/v1/certificates/{theirs}.pdf", acme_token)
    unknown = _get(client, "/api/v1/certificates/CV-AAAA-AAAA-AAAA-A.pdf", acme_token)
    _error(other, 404, "not_found")
    _error(unknown, 404, "not_found")
    assert _get(client, f"/api/v1/certificates/{theirs}.pdf", beta_token).status_code == 200


def test_a_revoked_certificate_is_neither_listed_nor_downloadable(client, app, world, acme_token):
    from app.certificates.models import Certificate

    public_id = complete(app, world.member.id, world.course_id)
    with app.app_context():
        cert = db.session.scalar(select(Certificate).where(Certificate.public_id == public_id))
        cert.revoked_at, cert.active_key = utcnow(), None
        db.session.commit()
    assert _get(client, "/api/v1/certificates", acme_token).get_json()["data"] == []
    _error(_get(client, f"/api/v1/certificates/{public_id}.pdf", acme_token), 404, "not_found")


def test_filters(client, app, world, acme_token):
    complete(app, world.member.id, world.course_id)
    in_progress(app, world.manager.id, world.course_id)
    done = _get(client, "/api/v1/progress?status=completed", acme_token).get_json()["data"]
    assert [r["member_id"] for r in done] == [world.member.id]
    going = _get(client, "/api/v1/progress?status=in_progress&course=sample", acme_token).get_json()["data"]
    assert [r["member_id"] for r in going] == [world.manager.id]
    error = _error(_get(client, "/api/v1/progress?course=nope", acme_token), 400, "invalid_parameter")
    assert error["parameter"] == "course" and "sample" in error["message"]
    _error(_get(client, "/api/v1/progress?status=done", acme_token), 400, "invalid_parameter")
    _error(_get(client, "/api/v1/members?team=" + "x" * 61, acme_token), 400, "invalid_parameter")


def test_pagination_walks_every_member_once(client, app, world, acme_token):
    from tests.orgs.org_helpers import add_members

    add_members(app, world.acme, 7, world.course_id)
    seen, url, pages = [], "/api/v1/members?per_page=4", 0
    while url:
        body = _get(client, url, acme_token).get_json()
        seen += [m["id"] for m in body["data"]]
        url = body["links"]["next"]
        url = url[url.index("/api/") :] if url else None
        pages += 1
    assert pages == 3 and len(seen) == len(set(seen)) == 9 == body["meta"]["total"]
    beyond = _get(client, "/api/v1/members?per_page=4&page=9", acme_token).get_json()
    assert beyond["data"] == [] and beyond["links"]["next"] is None


@pytest.mark.parametrize(
    "query", ["page=0", "page=-1", "page=abc", "page=1.5", "page=" + "9" * 30, "per_page=0", "per_page=201",
              "per_page=", "page=\u0661"],
)  # fmt: skip
def test_bad_pagination_gets_a_clear_400(client, world, acme_token, query):
    error = _error(_get(client, "/api/v1/members?" + query, acme_token), 400, "invalid_parameter")
    assert error["parameter"] in ("page", "per_page")


def test_a_nul_byte_in_the_query_is_refused_with_an_error_object(client, world, acme_token):
    _error(_get(client, "/api/v1/members?page=%00", acme_token), 400, "bad_request")


def test_the_dashboard_and_the_api_agree(client, auth, app, world, acme_token):
    cert = complete(app, world.member.id, world.course_id)
    auth.login("boss@acme.example")
    assert cert in client.get("/company/dashboard").get_data(as_text=True)
    assert [c["id"] for c in _get(client, "/api/v1/certificates", acme_token).get_json()["data"]] == [cert]


def test_the_api_rate_limit_answers_429_in_json(app, client, world, acme_token):
    app.config["API_RATE_LIMIT"] = "3 per minute"
    limiter.reset()
    try:
        answers = [_get(client, "/api/v1/members", acme_token) for _ in range(4)]
    finally:
        app.config["API_RATE_LIMIT"] = "100000 per minute"
        limiter.reset()
    assert [a.status_code for a in answers[:3]] == [200, 200, 200]
    _error(answers[3], 429, "rate_limited")
    assert int(answers[3].headers["Retry-After"]) > 0


def test_guessing_tokens_is_limited_per_address(app, client, world):
    app.config["API_ADDRESS_RATE_LIMIT"] = "5 per minute"
    limiter.reset()
    try:
        answers = [_get(client, "/api/v1/members", f"cva_guess{i}") for i in range(6)]
    finally:
        app.config["API_ADDRESS_RATE_LIMIT"] = "100000 per minute"
        limiter.reset()
    assert [a.status_code for a in answers] == [401] * 5 + [429]


def test_unknown_paths_and_methods_answer_with_error_objects(client, world, acme_token):
    _error(_get(client, "/api/v1/nothing-here", acme_token), 404, "not_found")
    _error(client.post("/api/v1/members", headers=bearer(acme_token), csrf=False), 405, "method_not_allowed")


def test_public_verification_by_id(client, app, world):
    public_id = complete(app, world.member.id, world.course_id, name="Max Müller")
    body = client.get(f"/api/v1/verify/{public_id.lower()}").get_json()
    assert body["id"] == public_id and body["name"] == "Max Müller" and body["status"] == "valid"
    _error(client.get("/api/v1/verify/CV-AAAA-AAAA-AAAA-A"), 404, "not_found")
    _error(client.get("/api/v1/verify/<script>"), 404, "not_found")


def test_token_last_use_is_recorded(app, client, world, acme_token):
    _get(client, "/api/v1/members", acme_token)
    with app.app_context():
        assert db.session.scalar(select(ApiToken.last_used_at)) is not None


def test_a_second_token_for_the_same_company(app, client, world, acme_token):
    second = new_token(app, world.acme, "Second")
    assert second != acme_token
    assert _get(client, "/api/v1/members", second).get_json()["meta"]["total"] == 2
