"""The limiter's after-request hook and teardown run only where a limit was checked (app/extensions.py):
a limited route still answers with its headers and counts, a page without a limit pays for nothing."""

from __future__ import annotations

from flask import request_tearing_down
from flask.globals import request_ctx


def _limiter_state_at_teardown(app, call) -> list[bool]:  # type: ignore[no-untyped-def]
    """Whether the limiter kept state on each request's context (seen after every teardown hook ran)."""
    seen: list[bool] = []

    def note(_app, **_extra) -> None:  # type: ignore[no-untyped-def]
        seen.append(hasattr(request_ctx, "_limiter_request_context"))

    request_tearing_down.connect(note, app)
    try:
        call()
    finally:
        request_tearing_down.disconnect(note, app)
    return seen


def test_a_page_without_a_limit_leaves_no_limiter_state(strict_app):
    client = strict_app.test_client()
    assert _limiter_state_at_teardown(strict_app, lambda: client.get("/imprint")) == [False]


def test_a_limited_route_still_answers_with_its_headers_and_counts(strict_client, create_user):
    create_user(email="lena@example.org")
    answers = []

    def sign_in_wrongly() -> None:
        for _ in range(4):
            answers.append(strict_client.post("/login", data={"email": "lena@example.org", "password": "no"}))

    seen = _limiter_state_at_teardown(strict_client.application, sign_in_wrongly)
    assert seen.count(True) == 4  # the posts (the client also reads each form for its CSRF token)
    assert [answer.status_code for answer in answers] == [200, 200, 200, 429]
    assert answers[0].headers["X-RateLimit-Limit"] == "3"
    assert [answer.headers["X-RateLimit-Remaining"] for answer in answers[:3]] == ["2", "1", "0"]
