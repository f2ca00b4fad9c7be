"""Who may use the trainer pages: assigned trainers and admins; everyone else gets 403 (or must sign in)."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from app.courses.models import CourseTrainer
from app.extensions import db
from tests.fixtures.authoring import ADMIN, OTHER_TRAINER, PARTICIPANT, TRAINER, draft_count, file_url

COURSE_PAGES = [
    "/trainer/courses/sample",
    file_url("quiz", "de"),
    file_url("module", "en"),
    file_url("quiz", "zh") + "/revisions",
    file_url("module", "de") + "/revisions/1",
    file_url("module", "de") + "/diff?a=1&b=1",
]
ADMIN_PAGES = ["/admin/courses/sample/trainers"]


@pytest.mark.parametrize("path", ["/trainer", *COURSE_PAGES, *ADMIN_PAGES])
def test_anonymous_visitors_are_sent_to_sign_in(client, sample, path):
    response = client.get(path)
    assert response.status_code == 302
    assert "/login" in response.headers["Location"]


@pytest.mark.parametrize("email", [PARTICIPANT, OTHER_TRAINER])
def test_participants_and_unassigned_trainers_get_403_everywhere(client, auth, assigned, email):
    auth.login(email)
    for path in COURSE_PAGES + ADMIN_PAGES:
        assert client.get(path).status_code == 403, path
    for action in ("preview", "save", "publish"):
        response = client.post(file_url(), data={"source": "---\ntitle: x\n---\n", action: "x"})
        assert response.status_code == 403
    assert draft_count(client.application) == 0
    assert client.post("/admin/courses/sample/trainers", data={"user": "1"}).status_code == 403


def test_trainer_overview_lists_only_assigned_courses(client, auth, assigned):
    auth.login(OTHER_TRAINER)
    page = client.get("/trainer").get_data(as_text=True)
    assert "/trainer/courses/sample" not in page
    assert "not assigned to any course" in page
    auth.logout()
    auth.login(TRAINER)
    page = client.get("/trainer").get_data(as_text=True)
    assert 'href="/trainer/courses/sample"' in page
    assert "/admin/courses/sample/trainers" not in page  # admins only


def test_participant_has_no_trainer_overview_or_link(client, auth, assigned):
    auth.login(PARTICIPANT)
    assert client.get("/trainer").status_code == 403
    assert 'href="/trainer"' not in client.get("/courses").get_data(as_text=True)


def test_assigned_trainer_sees_every_page_but_not_the_admin_page(client, auth, assigned):
    auth.login(TRAINER)
    assert 'href="/trainer"' in client.get("/courses").get_data(as_text=True)
    for path in COURSE_PAGES:
        assert client.get(path).status_code == 200, path
    assert client.get("/admin/courses/sample/trainers").status_code == 403


def test_admin_edits_every_course_without_being_assigned(client, auth, sample, users):
    auth.login(ADMIN)
    page = client.get("/trainer").get_data(as_text=True)
    assert 'href="/admin/courses/sample/trainers"' in page
    for path in COURSE_PAGES + ADMIN_PAGES:
        assert client.get(path).status_code == 200, path


def test_admin_assigns_and_removes_a_trainer(app, client, auth, sample, users):
    auth.login(ADMIN)
    page = client.get("/admin/courses/sample/trainers").get_data(as_text=True)
    assert "Tina Trainer" in page and "Paula Participant" not in page  # only trainers and admins offered
    response = client.post("/admin/courses/sample/trainers", data={"user": str(users["trainer"])})
    assert response.status_code == 302
    page = client.get("/admin/courses/sample/trainers").get_data(as_text=True)
    assert "Tina Trainer can now edit this course." in page
    auth.logout()

    auth.login(TRAINER)
    assert client.get(file_url()).status_code == 200
    auth.logout()

    auth.login(ADMIN)
    response = client.post(f"/admin/courses/sample/trainers/{users['trainer']}/remove")
    assert response.status_code == 302
    auth.logout()
    auth.login(TRAINER)
    assert client.get(file_url()).status_code == 403


def test_only_trainers_and_admins_can_be_assigned(app, client, auth, sample, users):
    auth.login(ADMIN)
    response = client.post("/admin/courses/sample/trainers", data={"user": str(users["participant"])})
    assert response.status_code == 302
    page = client.get("/admin/courses/sample/trainers").get_data(as_text=True)
    assert "Please choose a trainer or an administrator" in page
    for junk in ("", "abc", "99999", "-1"):
        client.post("/admin/courses/sample/trainers", data={"user": junk})
    with app.app_context():
        assert db.session.scalars(select(CourseTrainer)).all() == []


def test_assignment_needs_a_csrf_token(app, client, auth, sample, users):
    auth.login(ADMIN)
    response = client.post("/admin/courses/sample/trainers", data={"user": str(users["trainer"])}, csrf=False)
    assert response.status_code == 400
    with app.app_context():
        assert db.session.scalars(select(CourseTrainer)).all() == []


def test_a_trainer_who_lost_the_role_loses_access(app, client, auth, assigned, users):
    from app.auth.models import User

    with app.app_context():
        db.session.get(User, users["trainer"]).role = "participant"
        db.session.commit()
    auth.login(TRAINER)
    assert client.get(file_url()).status_code == 403


@pytest.mark.parametrize(
    "path",
    [
        "/trainer/courses/nope",
        "/trainer/courses/nope/basics/quiz/de",
        "/trainer/courses/sample/nope/quiz/de",
        "/trainer/courses/sample/basics/slides/de",
        "/trainer/courses/sample/basics/quiz/fr",
        "/trainer/courses/sample/basics/quiz/de/revisions/99",
        "/trainer/courses/sample/basics/quiz/xx/revisions",
        "/admin/courses/nope/trainers",
    ],
)
def test_unknown_things_are_404(client, auth, assigned, path):
    auth.login(ADMIN)
    assert client.get(path).status_code == 404
