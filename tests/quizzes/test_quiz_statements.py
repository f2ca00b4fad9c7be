"""SQL statements per request of the quiz pages: a fixed, small number, whatever the quiz's size.

The counts are those on PostgreSQL and SQLite alike (savepoints are statements on both). Each bound says
what the statements are; a change that adds one fails here and has to say why.
"""

from dataclasses import asdict

from sqlalchemy import select

from app.content.quiz.grading import grade_quiz
from app.content.quiz.responses import parse_form
from app.courses.models import Module
from app.extensions import db
from app.quizzes import definitions
from app.quizzes.models import QuizAttempt
from tests.fixtures.learning import answers, import_folder
from tests.fixtures.web import counted_statements


def _signed_in_reader(auth, create_user, client):  # type: ignore[no-untyped-def]
    """A participant who has read the module (its visit wrote the progress rows), as before a quiz."""
    create_user(email="anna@example.org", locale="en")
    auth.login("anna@example.org")
    assert client.get("/courses/sample/basics").status_code == 200


def test_quiz_page_statements(app, client, auth, create_user, sample):
    _signed_in_reader(auth, create_user, client)
    client.get("/courses/sample/basics/quiz")  # the quiz revision is read once per process, then kept
    with app.app_context():
        db.session.execute(db.delete(QuizAttempt))
        db.session.commit()
    with counted_statements(app) as first:
        assert client.get("/courses/sample/basics/quiz").status_code == 200
    # The session check (with the content stamp); the attempts at this quiz (none yet) and, since there
    # is none to say whether any override exists, the overrides; the new attempt in a savepoint
    # (SAVEPOINT, INSERT, RELEASE: a second tab's insert at the same moment fails alone); the visit's
    # progress rows (read, nothing to write).
    assert len(first) <= 7, first
    with counted_statements(app) as again:
        assert client.get("/courses/sample/basics/quiz").status_code == 200
    # A second tab or a reload: the session check; the attempts, each row saying whether any override
    # exists (none: not read).
    assert len(again) <= 2, again


def test_submission_statements(app, client, auth, create_user, sample, taker):
    _signed_in_reader(auth, create_user, client)
    attempt_id, quiz, layout = taker.open()
    data = {**taker.form(attempt_id, quiz, layout, right=False), "csrf_token": client.csrf_token()}
    with counted_statements(app) as graded:
        response = client.post("/courses/sample/basics/quiz", data=data)
    assert response.status_code == 302 and response.headers["Location"].endswith(f"/attempts/{attempt_id}")
    # The session check; the attempt; the UPDATE that grades it only if no other click did; the visit's
    # progress rows, the module's progress written; the course's row locked and the module rows read to
    # recount it (written only when its counts change: not here, the module is not passed).
    assert len(graded) <= 7, graded
    with counted_statements(app) as replay:
        response = client.post("/courses/sample/basics/quiz", data=data)
    assert response.headers["Location"].endswith(f"/attempts/{attempt_id}")
    # A double click's second request: the session check and the attempt, found graded.
    assert len(replay) <= 2, replay


def test_result_page_statements(app, client, auth, create_user, sample, taker):
    _signed_in_reader(auth, create_user, client)
    attempt_id, _response = taker.take(right=False)
    with counted_statements(app) as shown:
        assert client.get(f"/attempts/{attempt_id}").status_code == 200
    # The session check; the participant's attempts at the quiz of this attempt, with its course and
    # whether any override exists (the course's structure and the quiz revision are kept per process).
    assert len(shown) <= 2, shown


def test_a_kept_revision_is_read_once(app, client, auth, create_user, sample):
    _signed_in_reader(auth, create_user, client)
    with counted_statements(app) as statements:
        client.get("/courses/sample/basics/quiz")
        client.get("/courses/sample/basics/quiz")
    assert sum("FROM quiz_revisions JOIN quiz_texts" in s for s in statements) == 1, statements


def test_stored_results_are_what_asdict_gave(app, sample):
    """Results are stored by ``QuestionResult.stored`` (not ``asdict``): the JSON must not change."""
    with app.app_context():
        module = db.session.scalar(select(Module).where(Module.slug == "basics"))
        text = definitions.definition(module.current_quiz_id).text("en", "de")
    for right in (True, False):
        form = {k: v if isinstance(v, list) else [v] for k, v in answers(text.data, {}, right).items()}
        responses, to_correct = parse_form(text.quiz, form, None)
        assert not to_correct
        for result in grade_quiz(text.quiz, responses, 50).results.values():
            assert result.stored() == _lists(asdict(result))


def _lists(value):  # type: ignore[no-untyped-def]
    """``asdict`` keeps tuples; stored JSON has lists."""
    if isinstance(value, dict):
        return {k: _lists(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_lists(v) for v in value]
    return value


def test_a_new_revision_is_shown_and_an_old_attempt_keeps_its_own(
    app, client, auth, create_user, sample, taker
):
    """Revisions are kept per process by id (app/quizzes/definitions.py) and each question's opening is
    rendered once per revision: a published fix shows on the next attempt, and an earlier attempt's
    result still shows the questions as they were."""
    _signed_in_reader(auth, create_user, client)
    old = "Who, as a rule, obtains the rights to a trademark in China?"
    attempt_id, _response = taker.take(right=False)
    assert old in client.get("/courses/sample/basics/quiz").get_data(as_text=True)
    quiz = sample / "basics" / "quiz.en.md"
    quiz.write_text(quiz.read_text().replace(old, "Who obtains a trademark in the PRC?"))
    import_folder(app, sample)
    client.get("/courses/sample/basics/quiz")  # the open attempt stays on the revision it was opened on
    second, _response = taker.take(right=False)
    page = client.get("/courses/sample/basics/quiz").get_data(as_text=True)
    assert "Who obtains a trademark in the PRC?" in page and old not in page
    assert old in client.get(f"/attempts/{attempt_id}").get_data(as_text=True)
    assert old in client.get(f"/attempts/{second}").get_data(as_text=True)
