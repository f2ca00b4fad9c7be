"""Trainer overrides for one participant: an extra attempt, a lifted waiting time. Applied by the attempt
rules at once (the quiz opens, the module and course pages say so), used up by the attempt they allow,
audited with who, when and why, listed for the trainer; per-object access (course trainer, cohort), CSRF,
and junk (no reason, a huge one, unknown ids, a form sent twice) answered with a message, never a 500."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from app.audit.models import QUIZ_ATTEMPT_GRANTED, QUIZ_WAIT_LIFTED, AuditEvent
from app.auth.models import Role
from app.courses.models import Course, CourseTrainer
from app.extensions import db
from app.quizzes.models import QuizAttempt, QuizOverride
from tests.fixtures.learning import import_folder

MODULE = "/courses/sample/basics"
SITUATION = "/trainer/courses/sample/participants/{}"
GRANT = SITUATION + "/basics/{}"


@pytest.fixture
def people(create_user):
    return {
        "trainer": create_user(role=Role.TRAINER, email="tina@example.org", name="Tina Trainer", locale="en"),
        "other": create_user(role=Role.TRAINER, email="otto@example.org", name="Otto Other", locale="en"),
        "admin": create_user(role=Role.ADMIN, email="ada@example.org", name="Ada Admin", locale="en"),
        "paula": create_user(email="paula@example.org", name="Paula Participant", locale="en"),
        "quinn": create_user(email="quinn@example.org", name="Quinn Quiet", locale="en"),
    }


def limited(app, sample_dir, people, attempts: int, wait: int) -> None:
    """The sample course with ``attempts`` per quiz and ``wait`` minutes after a failed one, assigned to Tina."""
    path = sample_dir / "course.yaml"
    text = path.read_text(encoding="utf-8")
    text = re.sub(r"attempts: \d+", f"attempts: {attempts}", text)
    path.write_text(
        re.sub(r"retake_wait_minutes: \d+", f"retake_wait_minutes: {wait}", text), encoding="utf-8"
    )
    import_folder(app, sample_dir)
    with app.app_context():
        course = db.session.scalar(select(Course).where(Course.slug == "sample"))
        db.session.add(CourseTrainer(course_id=course.id, user_id=people["trainer"].id))
        db.session.commit()


def _failed_once_then_trainer(auth, taker, people) -> None:  # type: ignore[no-untyped-def]
    """Paula fails one attempt; then the course's trainer is the one signed in."""
    auth.login(people["paula"].email)
    taker.take(right=False)
    auth.logout()
    auth.login(people["trainer"].email)


def _seen(page: str, action: str) -> str:
    found = re.search(rf'name="m\d+-{action}-seen" type="hidden" value="(\d+)"', page)
    assert found, f"no {action} form on the page"
    return found.group(1)


def _grant(client, user_id: int, action: str, reason: str, seen: str | None = None, **extra):  # type: ignore[no-untyped-def]
    if seen is None:
        seen = _seen(client.get(SITUATION.format(user_id)).get_data(as_text=True), action)
    with client.application.app_context():
        module_id = _module_id()
    data = {f"m{module_id}-{action}-seen": seen, f"m{module_id}-{action}-reason": reason}
    return client.post(GRANT.format(user_id, action), data=data, **extra)


def _module_id() -> int:
    course = db.session.scalar(select(Course).where(Course.slug == "sample"))
    return course.modules[0].id


def _overrides(app, user_id: int) -> list[QuizOverride]:
    with app.app_context():
        rows = db.session.scalars(select(QuizOverride).where(QuizOverride.user_id == user_id)).all()
        for row in rows:
            db.session.expunge(row)
        return list(rows)


def _events(app, kind: str) -> list[AuditEvent]:
    with app.app_context():
        rows = db.session.scalars(select(AuditEvent).where(AuditEvent.kind == kind)).all()
        for row in rows:
            db.session.expunge(row)
        return list(rows)


def test_an_extra_attempt_opens_the_quiz_and_is_used_by_one_attempt(
    app, client, auth, taker, sample_dir, people
):
    limited(app, sample_dir, people, attempts=2, wait=0)
    paula = people["paula"]
    auth.login(paula.email)
    taker.take(right=False)
    taker.take(right=False)
    assert "You have used all attempts for this quiz." in client.get(MODULE).get_data(as_text=True)
    assert client.get(f"{MODULE}/quiz").status_code == 302  # refused
    auth.logout()

    auth.login(people["trainer"].email)
    cohort = client.get("/trainer/courses/sample/cohort").get_data(as_text=True)
    assert f'href="{SITUATION.format(paula.id)}"' in cohort
    page = client.get(SITUATION.format(paula.id)).get_data(as_text=True)
    assert "All attempts used." in page and "2 of 2" in page
    response = _grant(client, paula.id, "extra-attempt", "Fire alarm during the second attempt")
    assert response.status_code == 302
    page = client.get(response.location).get_data(as_text=True)
    assert "Paula Participant may take the quiz once more." in page
    assert "2 of 3" in page and "Fire alarm during the second attempt" in page and "not yet" in page
    auth.logout()

    auth.login(paula.email)
    assert "Your trainer let you take the quiz again" in client.get("/courses/sample").get_data(as_text=True)
    module_page = client.get(MODULE).get_data(as_text=True)
    assert "Your trainer let you take the quiz again" in module_page and "1 attempt left" in module_page
    third, _answer = taker.take(right=False)
    (override,) = _overrides(app, paula.id)
    assert override.used_attempt_id == third and override.used_at is not None
    assert "You have used all attempts for this quiz." in client.get(MODULE).get_data(as_text=True)
    assert "Your trainer let you" not in client.get("/courses/sample").get_data(as_text=True)
    (exported,) = client.get("/profile/data/export.json").json["quiz_overrides"]
    assert exported["reason"] == "Fire alarm during the second attempt" and exported["used_at"]
    auth.logout()

    (event,) = _events(app, QUIZ_ATTEMPT_GRANTED)
    assert event.actor_id == people["trainer"].id and event.target == f"user:{paula.id}"
    assert event.details["reason"] == "Fire alarm during the second attempt"
    assert event.details["module"] == "basics" and event.details["attempt"] == 2
    auth.login(people["admin"].email)
    audit = client.get("/admin/audit").get_data(as_text=True)
    assert "Extra quiz attempt granted" in audit and "Fire alarm during the second attempt" in audit


def test_a_lifted_waiting_time_lets_the_next_attempt_open_once(app, client, auth, taker, sample_dir, people):
    limited(app, sample_dir, people, attempts=3, wait=30)
    paula = people["paula"]
    auth.login(paula.email)
    taker.take(right=False)
    assert "The quiz opens again on" in client.get(MODULE).get_data(as_text=True)
    auth.logout()
    auth.login(people["trainer"].email)
    page = client.get(SITUATION.format(paula.id)).get_data(as_text=True)
    assert "Waiting until" in page and _seen(page, "lift-wait") == "1"
    response = _grant(client, paula.id, "lift-wait", "Needs to finish before the workshop")
    assert "The waiting time for Paula Participant is lifted." in client.get(response.location).get_data(
        as_text=True
    )
    auth.logout()
    auth.login(paula.email)
    assert "The quiz opens again on" not in client.get(MODULE).get_data(as_text=True)
    second, _answer = taker.take(right=False)
    (override,) = _overrides(app, paula.id)
    assert override.kind == "lift_wait" and override.sequence == 1 and override.used_attempt_id == second
    # The lift was for the waiting time after attempt 1: after attempt 2 the course's rule applies again.
    assert "The quiz opens again on" in client.get(MODULE).get_data(as_text=True)
    (event,) = _events(app, QUIZ_WAIT_LIFTED)
    assert event.actor_id == people["trainer"].id and event.details["reason"].startswith("Needs to finish")


def test_a_form_sent_twice_grants_once(app, client, auth, taker, sample_dir, people):
    limited(app, sample_dir, people, attempts=1, wait=30)
    paula = people["paula"]
    _failed_once_then_trainer(auth, taker, people)
    page = client.get(SITUATION.format(paula.id)).get_data(as_text=True)
    extra_seen, wait_seen = _seen(page, "extra-attempt"), _seen(page, "lift-wait")
    for _round in range(2):
        response = _grant(client, paula.id, "extra-attempt", "Technical problem", seen=extra_seen)
        response = _grant(client, paula.id, "lift-wait", "Technical problem", seen=wait_seen)
    page = client.get(response.location).get_data(as_text=True)
    assert "situation changed since the page was shown" in page
    assert sorted(o.kind for o in _overrides(app, paula.id)) == ["extra_attempt", "lift_wait"]
    assert len(_events(app, QUIZ_ATTEMPT_GRANTED)) == 1 and len(_events(app, QUIZ_WAIT_LIFTED)) == 1
    # A second extra attempt on purpose, from a freshly shown page, is granted.
    _grant(client, paula.id, "extra-attempt", "And one more")
    assert len(_overrides(app, paula.id)) == 3


@pytest.mark.parametrize(
    ("reason", "message"),
    [
        ("", "Please give a reason."),
        ("   ", "Please give a reason."),
        ("x" * 251, "At most 250 characters."),
        ("bad\x00reason", "This field contains characters that are not allowed."),
        ("right\u202eto left", "This field contains characters that are not allowed."),
    ],
)
def test_a_reason_is_required_and_short(app, client, auth, taker, sample_dir, people, reason, message):
    limited(app, sample_dir, people, attempts=1, wait=0)
    _failed_once_then_trainer(auth, taker, people)
    response = _grant(client, people["paula"].id, "extra-attempt", reason)
    assert response.status_code == 422
    assert message in response.get_data(as_text=True)
    assert _overrides(app, people["paula"].id) == []


def test_junk_ids_and_states(app, client, auth, taker, sample_dir, people):
    limited(app, sample_dir, people, attempts=2, wait=0)
    paula = people["paula"]
    _failed_once_then_trainer(auth, taker, people)
    assert client.get(SITUATION.format(2147483647)).status_code == 404
    assert client.get("/trainer/courses/sample/participants/99999999999").status_code == 404
    assert client.get("/trainer/courses/nope/participants/1").status_code == 404
    assert _grant(client, 2147483647, "extra-attempt", "why", seen="0").status_code == 404
    assert client.post(SITUATION.format(paula.id) + "/nope/extra-attempt", data={}).status_code == 404
    assert client.post(SITUATION.format(paula.id) + "/basics/delete-all", data={}).status_code == 404
    assert _grant(client, paula.id, "extra-attempt", "why", seen="abc").status_code == 422
    assert _grant(client, paula.id, "extra-attempt", "why", seen="9" * 30).status_code == 422
    response = _grant(client, paula.id, "lift-wait", "why", seen="1")  # no waiting time in this course
    assert "No waiting time runs for this quiz now." in client.get(response.location).get_data(as_text=True)
    assert _grant(client, paula.id, "extra-attempt", "why", csrf=False).status_code == 400
    assert _overrides(app, paula.id) == []


def test_no_extra_attempt_for_a_quiz_without_limit(app, client, auth, taker, sample_dir, people):
    limited(app, sample_dir, people, attempts=0, wait=0)
    _failed_once_then_trainer(auth, taker, people)
    page = client.get(SITUATION.format(people["paula"].id)).get_data(as_text=True)
    assert "no limit" in page and "extra-attempt-reason" not in page
    response = _grant(client, people["paula"].id, "extra-attempt", "why", seen="0")
    assert "This quiz has no attempt limit" in client.get(response.location).get_data(as_text=True)
    assert _overrides(app, people["paula"].id) == []


def test_who_may_see_and_grant(app, client, auth, taker, sample_dir, people):
    limited(app, sample_dir, people, attempts=1, wait=0)
    paula, quinn = people["paula"], people["quinn"]
    auth.login(paula.email)
    taker.take(right=False)
    auth.logout()
    assert client.get(SITUATION.format(paula.id)).status_code == 302  # sign in first
    auth.login(quinn.email)  # a participant
    assert client.get(SITUATION.format(paula.id)).status_code == 403
    assert _grant(client, paula.id, "extra-attempt", "me", seen="0").status_code == 403
    auth.logout()
    auth.login(people["other"].email)  # a trainer of other courses
    assert client.get(SITUATION.format(paula.id)).status_code == 403
    assert _grant(client, paula.id, "extra-attempt", "me", seen="0").status_code == 403
    auth.logout()
    auth.login(people["trainer"].email)  # the course's trainer: only the course's cohort
    assert client.get(SITUATION.format(quinn.id)).status_code == 404
    assert _grant(client, quinn.id, "extra-attempt", "me", seen="0").status_code == 404
    assert client.get(SITUATION.format(people["admin"].id)).status_code == 404
    auth.logout()
    assert _overrides(app, paula.id) == [] and _overrides(app, quinn.id) == []
    auth.login(people["admin"].email)  # admins: everyone, reached from the admin user page
    assert f'href="{SITUATION.format(paula.id)}"' in client.get(f"/admin/users/{paula.id}").get_data(
        as_text=True
    )
    assert client.get(SITUATION.format(quinn.id)).status_code == 200
    with app.app_context():
        attempt_id = db.session.scalar(select(QuizAttempt.id).where(QuizAttempt.user_id == paula.id))
    drill = client.get(f"/trainer/courses/sample/basics/attempts/{attempt_id}").get_data(as_text=True)
    assert f'href="{SITUATION.format(paula.id)}"' in drill


def test_a_deactivated_account_gets_no_grant(app, client, auth, taker, sample_dir, people):
    limited(app, sample_dir, people, attempts=1, wait=0)
    auth.login(people["paula"].email)
    taker.take(right=False)
    auth.logout()
    with app.app_context():
        from app.auth.models import User
        from app.timeutil import utcnow

        db.session.get(User, people["paula"].id).deactivated_at = utcnow()
        db.session.commit()
    auth.login(people["trainer"].email)
    response = _grant(client, people["paula"].id, "extra-attempt", "why")
    assert "This account is deactivated." in client.get(response.location).get_data(as_text=True)
    assert _overrides(app, people["paula"].id) == []


def test_two_trainers_granting_at_the_same_moment_grant_once(app, auth, taker, sample_dir, people):
    """Both read the same situation, then both grant: the unique sequence lets exactly one through."""
    import threading

    from app.auth.models import User
    from app.quizzes import overrides

    limited(app, sample_dir, people, attempts=1, wait=0)
    auth.login(people["paula"].email)
    taker.take(right=False)
    auth.logout()
    barrier = threading.Barrier(2, timeout=20)
    outcomes: dict[str, str] = {}

    def go(who: str) -> None:
        with app.app_context():
            try:
                course = db.session.scalar(select(Course).where(Course.slug == "sample"))
                module, paula = course.modules[0], db.session.get(User, people["paula"].id)
                by = db.session.get(User, people[who].id)
                barrier.wait()
                overrides.grant(paula, module, course, "extra_attempt", f"by {who}", 0, by)
                db.session.commit()
                outcomes[who] = "granted"
            except overrides.OverrideRefused as refused:
                db.session.rollback()
                outcomes[who] = refused.reason
            except Exception as error:  # noqa: BLE001  (reported by the assertion)
                db.session.rollback()
                outcomes[who] = repr(error)
            finally:
                db.session.remove()

    threads = [threading.Thread(target=go, args=(who,)) for who in ("trainer", "admin")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert sorted(outcomes.values()) == ["changed", "granted"], outcomes
    assert len(_overrides(app, people["paula"].id)) == 1
    assert len(_events(app, QUIZ_ATTEMPT_GRANTED)) == 1
