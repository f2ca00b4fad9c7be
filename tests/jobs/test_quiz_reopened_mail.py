"""The mail when a failed quiz opens again: sent once its waiting time is over (the clock moved on by
moving the attempt back in time), once per attempt, in the participant's language, with a link to the quiz;
not sent when the quiz cannot be taken again or was taken again meanwhile. Jobs run eagerly."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from app.auth.models import User
from app.extensions import db
from app.quizzes.models import QuizAttempt
from app.quizzes.reopen import claim_reopened
from tests.fixtures.learning import import_folder

SUBJECTS = {
    "de": "Sie können das Quiz wieder ablegen",
    "en": "You can take the quiz again",
    "zh": "您可以再次参加测验",
}


def set_rules(folder, **rules) -> None:
    yaml = folder / "course.yaml"
    lines = yaml.read_text(encoding="utf-8").splitlines()
    for key, value in rules.items():
        lines = [f"{key}: {value}" if line.startswith(f"{key}:") else line for line in lines]
    yaml.write_text("\n".join(lines) + "\n", encoding="utf-8")


def fail_once(app, auth, taker, email: str) -> int:
    auth.login(email)
    attempt_id, response = taker.take(right=False)
    assert response.status_code == 302
    auth.logout()
    return attempt_id


def move_clock(app, attempt_id: int, minutes: int) -> None:
    """As if ``minutes`` had passed since the attempt was submitted."""
    with app.app_context():
        attempt = db.session.get(QuizAttempt, attempt_id)
        attempt.submitted_at -= timedelta(minutes=minutes)
        attempt.reopens_at -= timedelta(minutes=minutes)
        db.session.commit()


def sweep(runner) -> str:
    result = runner.invoke(args=["quiz", "remind-reopened"])
    assert result.exit_code == 0, result.output
    return result.output


def test_mail_once_the_wait_is_over_in_each_language(app, auth, runner, outbox, create_user, sample, taker):
    set_rules(sample, retake_wait_minutes=60, attempts=3)
    import_folder(app, sample)
    attempts = {}
    for lang in SUBJECTS:
        create_user(email=f"{lang}@example.org", locale=lang, name=f"Person {lang}")
        attempts[lang] = fail_once(app, auth, taker, f"{lang}@example.org")
    before = len(outbox.messages())

    assert "0 mail" in sweep(runner)  # the hour has not passed yet
    for attempt_id in attempts.values():
        move_clock(app, attempt_id, 59)
    assert "0 mail" in sweep(runner)
    assert len(outbox.messages()) == before

    for attempt_id in attempts.values():
        move_clock(app, attempt_id, 2)
    assert "3 mail" in sweep(runner)
    for lang in SUBJECTS:
        message = outbox.last_to(f"{lang}@example.org")
        assert str(message["Subject"]).startswith(SUBJECTS[lang]), message["Subject"]
        body = outbox.body(message)
        assert f"Person {lang}" in body
        assert "/courses/sample/basics/quiz" in body
    assert "2 Versuche" in outbox.body(outbox.last_to("de@example.org"))
    assert "2 attempts left" in outbox.body(outbox.last_to("en@example.org"))

    # Idempotent: another run, or the same run again, sends nothing more.
    assert "0 mail" in sweep(runner)
    assert len(outbox.messages()) == before + 3
    with app.app_context():
        assert all(a.reopen_mailed_at is not None for a in db.session.scalars(select(QuizAttempt)))


def test_link_opens_the_quiz(app, client, auth, runner, outbox, create_user, sample, taker):
    set_rules(sample, retake_wait_minutes=30)
    import_folder(app, sample)
    create_user(email="lena@example.org", locale="de")
    attempt_id = fail_once(app, auth, taker, "lena@example.org")
    move_clock(app, attempt_id, 31)
    sweep(runner)
    auth.login("lena@example.org")
    assert client.get(outbox.link("lena@example.org")).status_code == 200


def test_no_mail_without_a_wait_no_attempts_left_retaken_or_deactivated(
    app, auth, runner, outbox, create_user, sample, taker
):
    import_folder(app, sample)  # retake_wait_minutes: 0
    create_user(email="nowait@example.org")
    no_wait = fail_once(app, auth, taker, "nowait@example.org")
    with app.app_context():
        assert db.session.get(QuizAttempt, no_wait).reopens_at is None

    set_rules(sample, retake_wait_minutes=30, attempts=2)
    import_folder(app, sample)
    create_user(email="used-up@example.org")
    fail_once(app, auth, taker, "used-up@example.org")
    create_user(email="retook@example.org")
    first = fail_once(app, auth, taker, "retook@example.org")
    create_user(email="gone@example.org")
    gone = fail_once(app, auth, taker, "gone@example.org")
    with app.app_context():
        for attempt in db.session.scalars(select(QuizAttempt).where(QuizAttempt.reopens_at.is_not(None))):
            attempt.submitted_at -= timedelta(minutes=31)
            attempt.reopens_at -= timedelta(minutes=31)
        db.session.get(User, db.session.get(QuizAttempt, gone).user_id).deactivated_at = db.session.get(
            QuizAttempt, gone
        ).submitted_at
        db.session.commit()
    # The second and last attempt of one person; another took the quiz again before the run.
    auth.login("used-up@example.org")
    taker.take(right=False)
    auth.logout()
    auth.login("retook@example.org")
    taker.open()
    auth.logout()
    before = len(outbox.messages())

    with app.app_context():
        used_up_last = db.session.scalar(
            select(QuizAttempt).join(User).where(User.email == "used-up@example.org", QuizAttempt.number == 2)
        )
        used_up_last.submitted_at -= timedelta(minutes=31)
        used_up_last.reopens_at -= timedelta(minutes=31)
        db.session.commit()
    sweep(runner)
    assert len(outbox.messages()) == before, [m["To"] for m in outbox.messages()[before:]]
    with app.app_context():
        # Each was looked at once and is not looked at again.
        assert db.session.get(QuizAttempt, first).reopen_mailed_at is not None


def test_claim_twice_queues_once(app, auth, create_user, sample, taker, outbox):
    set_rules(sample, retake_wait_minutes=30)
    import_folder(app, sample)
    create_user(email="lena@example.org", locale="en")
    attempt_id = fail_once(app, auth, taker, "lena@example.org")
    move_clock(app, attempt_id, 31)
    with app.app_context():
        assert claim_reopened() == 1
        assert claim_reopened() == 0  # the claim is seen in the same transaction
        db.session.commit()
    assert len([m for m in outbox.messages() if m["To"] == "lena@example.org"]) == 1
