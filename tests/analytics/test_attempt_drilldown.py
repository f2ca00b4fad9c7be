"""From the quiz statistics to one attempt: the list of a revision's attempts and one attempt's answers,
for the course's trainers and admins only."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from app.extensions import db
from app.quizzes.models import QuizAttempt
from tests.analytics.cohorts import ADMIN, OTHER_TRAINER, PARTICIPANT, STATS, TRAINER

ATTEMPTS = "/trainer/courses/sample/basics/attempts"


@pytest.fixture
def taken(app, client, auth, assigned, taker) -> list[int]:
    """The participant failed the sample quiz once, then passed it; returns the attempt ids."""
    auth.login(PARTICIPANT)
    first, _ = taker.take(right=False)
    second, _ = taker.take(right=True)
    auth.logout()
    return [first, second]


def revision_number(app, attempt_id: int) -> int:
    with app.app_context():
        return db.session.get(QuizAttempt, attempt_id).quiz_revision.number


def test_the_statistics_link_to_the_attempts_and_each_attempt_to_its_answers(app, client, auth, taken):
    auth.login(TRAINER)
    stats = client.get(STATS).get_data(as_text=True)
    number = revision_number(app, taken[0])
    assert f'href="{ATTEMPTS}?revision={number}"' in stats
    listing = client.get(f"{ATTEMPTS}?revision={number}").get_data(as_text=True)
    linked = [int(i) for i in re.findall(rf'href="{ATTEMPTS}/(\d+)"', listing)]
    assert linked == [taken[1], taken[0]]  # newest first
    assert "Paula Participant" in listing


def test_one_attempt_shows_each_answer_right_or_wrong(app, client, auth, taken):
    auth.login(TRAINER)
    wrong = client.get(f"{ATTEMPTS}/{taken[0]}").get_data(as_text=True)
    right = client.get(f"{ATTEMPTS}/{taken[1]}").get_data(as_text=True)
    with app.app_context():
        attempts = db.session.scalars(select(QuizAttempt).where(QuizAttempt.id.in_(taken))).all()
        questions = {a.id: len(a.results) for a in attempts}
    assert right.count('aria-hidden="true">✓</span>') >= questions[taken[1]]
    assert 'aria-hidden="true">✗</span>' not in right
    assert 'aria-hidden="true">✗</span>' in wrong
    assert "völlig falsch" in wrong  # a typed answer, shown as given


@pytest.mark.parametrize(("email", "status"), [(PARTICIPANT, 403), (OTHER_TRAINER, 403), (ADMIN, 200)])
def test_only_the_course_trainers_and_admins_see_attempts(client, auth, taken, email, status):
    auth.login(email)
    assert client.get(f"{ATTEMPTS}/{taken[0]}").status_code == status
    assert client.get(f"{ATTEMPTS}?revision=1").status_code == status


@pytest.mark.parametrize(
    "path",
    [
        f"{ATTEMPTS}/999999",
        f"{ATTEMPTS}/2147483647",
        "/trainer/courses/sample/nope/attempts/1",
        f"{ATTEMPTS}?revision=99",
        f"{ATTEMPTS}?revision=abc",
        f"{ATTEMPTS}",
    ],
)
def test_unknown_attempts_and_revisions_are_404(client, auth, taken, path):
    auth.login(TRAINER)
    assert client.get(path).status_code == 404


def test_junk_page_numbers_never_fail(client, auth, taken):
    auth.login(TRAINER)
    for page in ("0", "-1", "abc", "99999999999999999999", "1e9"):
        assert client.get(f"{ATTEMPTS}?revision=1&page={page}").status_code in (200, 404)
