"""A participant goes through a course: catalogue, modules, quiz, result, progress, completion."""

import re

from sqlalchemy import func, select

from app.extensions import db
from app.progress.models import CourseProgress, ModuleProgress
from app.progress.signals import course_completed
from app.quizzes.models import QuizAttempt
from tests.fixtures.learning import answers


def test_catalogue_and_course_page(client, sample):
    page = client.get("/courses").get_data(as_text=True)
    assert "Beispielkurs" in page
    client.post("/language", data={"lang": "zh"})
    page = client.get("/courses/sample").get_data(as_text=True)
    assert "示例课程" in page


def test_module_needs_login(client, sample):
    response = client.get("/courses/sample/basics")
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_whole_course_in_each_language(app, client, auth, create_user, sample, taker):
    received = []

    def listener(sender, **kw):
        received.append(kw)

    course_completed.connect(listener)
    try:
        for lang in ("de", "en", "zh"):
            user = create_user(email=f"{lang}@example.org", locale=lang)
            auth.login(f"{lang}@example.org")
            module_page = client.get("/courses/sample/basics").get_data(as_text=True)
            assert f'lang="{"zh-Hans" if lang == "zh" else lang}"' in module_page
            attempt_id, response = taker.take(right=True)
            assert response.status_code == 302
            result = client.get(response.headers["Location"]).get_data(as_text=True)
            assert re.search(r"100\s?%", result)
            with app.app_context():
                attempt = db.session.get(QuizAttempt, attempt_id)
                assert attempt.passed and attempt.lang == lang and attempt.percent == 100
                row = db.session.scalar(select(CourseProgress).where(CourseProgress.user_id == user.id))
                assert row.completed_at is not None and row.percent == 100
            assert "100" in client.get("/learning").get_data(as_text=True)
            auth.logout()
    finally:
        course_completed.disconnect(listener)
    assert len(received) == 3


def test_wrong_answers_fail_and_never_undo_a_pass(app, auth, create_user, sample, taker):
    user = create_user(email="anna@example.org")
    auth.login("anna@example.org")
    taker.take(right=True)
    taker.take(right=False)
    with app.app_context():
        progress = db.session.scalar(select(ModuleProgress).where(ModuleProgress.user_id == user.id))
        assert progress.status == "passed" and progress.best_percent == 100 and progress.last_percent < 60
        assert progress.attempts == 2
        course = db.session.scalar(select(CourseProgress).where(CourseProgress.user_id == user.id))
        assert course.completed_at is not None


def test_double_submission_records_one_attempt(app, client, auth, create_user, sample, taker):
    create_user(email="anna@example.org")
    auth.login("anna@example.org")
    attempt_id, quiz, layout = taker.open()
    data = taker.form(attempt_id, quiz, layout)
    first = client.post("/courses/sample/basics/quiz", data=data)
    second = client.post(
        "/courses/sample/basics/quiz", data=taker.form(attempt_id, quiz, layout, right=False)
    )
    assert first.headers["Location"] == second.headers["Location"]
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(QuizAttempt)) == 1
        assert db.session.get(QuizAttempt, attempt_id).percent == 100
        assert db.session.scalar(select(ModuleProgress.attempts)) == 1


def test_two_tabs_share_one_open_attempt(auth, create_user, sample, taker):
    create_user(email="anna@example.org")
    auth.login("anna@example.org")
    assert taker.open()[0] == taker.open()[0]


def test_two_tabs_at_the_same_moment_share_one_open_attempt(app, create_user, sample, monkeypatch):
    """The second tab read the attempts before the first tab's new one was committed (PostgreSQL's read
    committed): it must not open a second attempt under the next number (found by the load test)."""
    from app.courses.models import Course
    from app.quizzes import services

    user = create_user(email="anna@example.org")
    with app.app_context():
        course = db.session.scalar(select(Course).where(Course.slug == "sample"))
        module = next(m for m in course.modules if m.slug == "basics")
        stale = services.attempt_state(user.id, module, course)  # the second tab, before the first commits
        first = services.open_attempt(user.id, module, course, "de").id
        db.session.commit()
        fresh = services.attempt_state
        states = iter([stale])
        monkeypatch.setattr(services, "attempt_state", lambda *args: next(states, None) or fresh(*args))
        second = services.open_attempt(user.id, module, course, "de").id
        db.session.commit()
        assert second == first
        assert db.session.scalar(select(func.count()).select_from(QuizAttempt)) == 1


def test_tampered_forms_change_nothing(app, client, auth, create_user, sample, taker):
    create_user(email="anna@example.org")
    auth.login("anna@example.org")
    attempt_id, quiz, layout = taker.open()
    good = taker.form(attempt_id, quiz, layout)
    first_single = next(q["id"] for q in quiz["questions"] if q["type"] == "single")
    tampered = [
        {**good, "q-not-a-question": "a"},
        {**good, f"q-{first_single}": "zz"},
        {**good, f"q-{first_single}": ["a", "b"]},
        {**good, "attempt": "999999"},
        {**good, "attempt": "abc"},
        {**good, "attempt": "²"},
        {**good, "attempt": "9" * 30},
    ]
    for data in tampered:
        response = client.post("/courses/sample/basics/quiz", data=data)
        assert response.status_code == 302 and "/quiz" in response.headers["Location"]
    with app.app_context():
        assert db.session.get(QuizAttempt, attempt_id).submitted_at is None
        assert (
            db.session.scalar(
                select(func.count()).select_from(ModuleProgress).where(ModuleProgress.attempts > 0)
            )
            == 0
        )


def test_someone_elses_attempt_is_refused(app, client, auth, create_user, sample, taker):
    create_user(email="anna@example.org")
    create_user(email="ben@example.org")
    auth.login("anna@example.org")
    attempt_id, quiz, layout = taker.open()
    auth.logout()
    auth.login("ben@example.org")
    response = client.post("/courses/sample/basics/quiz", data=taker.form(attempt_id, quiz, layout))
    assert response.status_code == 302
    assert client.get(f"/attempts/{attempt_id}").status_code == 404
    with app.app_context():
        assert db.session.get(QuizAttempt, attempt_id).submitted_at is None


def test_repeated_ordering_position_keeps_the_answers(client, auth, create_user, sample, taker):
    create_user(email="anna@example.org")
    auth.login("anna@example.org")
    attempt_id, quiz, layout = taker.open()
    data = taker.form(attempt_id, quiz, layout)
    ordering = next(q for q in quiz["questions"] if q["type"] == "ordering")
    for name in [n for n in data if n.startswith(f"q-{ordering['id']}-")]:
        data[name] = "1"
    response = client.post("/courses/sample/basics/quiz", data=data)
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert 'role="alert"' in page and "checked" in page


def test_attempt_shows_the_questions_as_they_were(app, client, auth, create_user, sample, taker):
    from tests.fixtures.learning import import_folder

    create_user(email="anna@example.org")
    auth.login("anna@example.org")
    attempt_id, _ = taker.take(right=True)
    quiz = sample / "basics" / "quiz.de.md"
    quiz.write_text(
        quiz.read_text(encoding="utf-8").replace("Wer erhält in China", "Wer bekommt in China"),
        encoding="utf-8",
    )
    import_folder(app, sample)
    old = client.get(f"/attempts/{attempt_id}").get_data(as_text=True)
    assert "Wer erhält in China" in old
    new_id, _ = taker.take(right=True)
    assert "Wer bekommt in China" in client.get(f"/attempts/{new_id}").get_data(as_text=True)


def test_the_page_does_not_give_matching_or_ordering_answers_away(
    app, client, auth, create_user, sample, taker
):
    """Partners and items are disguised per attempt: answering with the ids from the files scores nothing."""
    create_user(email="anna@example.org")
    auth.login("anna@example.org")
    attempt_id, quiz, layout = taker.open()
    page = client.get("/courses/sample/basics/quiz").get_data(as_text=True)
    matching = next(q for q in quiz["questions"] if q["type"] == "matching")
    ordering = next(q for q in quiz["questions"] if q["type"] == "ordering")
    for pair in matching["pairs"]:
        assert f'<option value="{pair["id"]}"' not in page
    for item in ordering["order"]:
        assert f'name="q-{ordering["id"]}-{item}"' not in page
    plain = {"attempt": str(attempt_id), **answers(quiz, layout)}
    response = client.post("/courses/sample/basics/quiz", data=plain)
    assert "/quiz" in response.headers["Location"]  # refused: the plain ids are not what the page sent
    with app.app_context():
        assert db.session.get(QuizAttempt, attempt_id).submitted_at is None
