"""Issuing workshop certificates by hand from the admin certificates page: the workshop's attendees who
lack what they earned, issued once each (a double submit or a check-in issues nothing twice), audited
with the admin as the actor; junk (another workshop's registrant, a no-show, a cancelled registration,
text, nothing chosen) refused with a message and nothing issued."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import func, select

from app.audit.models import CERTIFICATE_ISSUED, AuditEvent
from app.auth.models import Role, User
from app.certificates.models import Certificate
from app.extensions import db
from app.workshops import services
from app.workshops.models import ATTENDED, NO_SHOW, Registration, Workshop

PAGE = "/admin/certificates/workshops"


@pytest.fixture
def setting(app, create_user, sample, make_workshop):
    """A workshop (certificate path: the sample course) with three attendees recorded without their
    certificates (as when signing failed at check-in), one no-show, and a second workshop's attendee."""
    admin = create_user(email="admin@example.org", name="Ada Admin", role=Role.ADMIN, locale="en")
    trainer = create_user(email="trainer@example.org", name="Tom Trainer", role=Role.TRAINER)
    people = [
        create_user(email=f"{name.lower()}@example.org", name=name)
        for name in ("Lena", "Marc", "Nora", "Olaf")
    ]
    other_person = create_user(email="paul@example.org", name="Paul")
    workshop_id = make_workshop(days=0.02, capacity=10, course="sample", trainers=(trainer.id,))
    other_id = make_workshop(days=0.03, capacity=10, course="sample")
    with app.app_context():
        regs = {}
        for user_id, workshop in [(p.id, workshop_id) for p in people] + [(other_person.id, other_id)]:
            registration = services.register(
                db.session.get(Workshop, workshop), db.session.get(User, user_id)
            )
            registration.attendance = ATTENDED
            regs[user_id] = registration
        regs[people[3].id].attendance = NO_SHOW
        db.session.commit()
        ids = {user_id: registration.id for user_id, registration in regs.items()}
    return {"admin": admin, "trainer": trainer, "people": people, "other": other_person, "ids": ids,
            "workshop": workshop_id, "other_workshop": other_id}  # fmt: skip


def _held(app, user_id: int) -> list[str]:
    with app.app_context():
        rows = db.session.scalars(
            select(Certificate).where(Certificate.user_id == user_id, Certificate.revoked_at.is_(None))
        ).all()
        return sorted(row.workshop_facts["kind"] if row.workshop_facts else "course" for row in rows)


def _attendance(app, registration_id: int, value: str | None) -> None:
    with app.app_context():
        db.session.get(Registration, registration_id).attendance = value
        db.session.commit()


def _count(app) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count(Certificate.id)))


def test_admin_issues_for_chosen_attendees_once(app, client, auth, taker, setting):
    lena, marc, nora, olaf = setting["people"]
    _attendance(app, setting["ids"][lena.id], None)  # recorded only after she completed the course
    auth.login(lena.email)
    taker.take(right=True)  # so she is due a blended certificate too
    auth.logout()
    _attendance(app, setting["ids"][lena.id], ATTENDED)
    assert _held(app, lena.id) == ["course"]
    auth.login(setting["admin"].email)
    assert "/admin/certificates/workshops" in client.get("/admin/certificates/issue").get_data(as_text=True)
    page = client.get(f"{PAGE}?workshop={setting['workshop']}").get_data(as_text=True)
    for person in (lena, marc, nora):
        assert f'name="registration" value="{setting["ids"][person.id]}"' in page
    assert olaf.email not in page and setting["other"].email not in page  # a no-show, another workshop's
    chosen = [setting["ids"][lena.id], setting["ids"][marc.id]]
    response = client.post(f"{PAGE}/{setting['workshop']}", data={"registration": chosen})
    assert response.status_code == 302
    assert _held(app, lena.id) == ["attendance", "blended", "course"]
    assert _held(app, marc.id) == ["attendance"] and _held(app, nora.id) == []
    page = client.get(response.location).get_data(as_text=True)
    assert "3 certificates were issued." in page
    with app.app_context():
        events = db.session.scalars(select(AuditEvent).where(AuditEvent.kind == CERTIFICATE_ISSUED)).all()
        manual = [e for e in events if e.details.get("source", "").endswith("_manual")]
        assert len(manual) == 3 and {e.actor_id for e in manual} == {setting["admin"].id}
        assert {e.details["holder"] for e in manual} == {f"user:{lena.id}", f"user:{marc.id}"}
    # The same form sent again (a double click, the back button): nothing new, and a clear word.
    before = _count(app)
    response = client.post(f"{PAGE}/{setting['workshop']}", data={"registration": chosen})
    assert _count(app) == before
    page = client.get(response.location).get_data(as_text=True)
    assert "Lena already holds the certificates of this workshop." in page
    assert (
        f'name="registration" value="{setting["ids"][lena.id]}"' not in page
        and f'name="registration" value="{setting["ids"][nora.id]}"' in page
    )


@pytest.mark.parametrize(
    "junk",
    [
        pytest.param(lambda s: [s["ids"][s["other"].id]], id="another-workshops-registrant"),
        pytest.param(lambda s: [s["ids"][s["people"][3].id]], id="no-show"),
        pytest.param(lambda s: [s["ids"][s["people"][0].id], "abc"], id="text"),
        pytest.param(lambda s: ["99999999999999999999"], id="huge-number"),
        pytest.param(lambda s: ["2147483647"], id="unknown-id"),
    ],
)
def test_junk_choices_issue_nothing(app, client, auth, setting, junk):
    auth.login(setting["admin"].email)
    before = _count(app)
    response = client.post(f"{PAGE}/{setting['workshop']}", data={"registration": junk(setting)})
    assert response.status_code == 302
    assert _count(app) == before
    page = client.get(response.location).get_data(as_text=True)
    assert "Some of the chosen people are not attendees of this workshop. Nothing was issued." in page


def test_nothing_chosen_unknown_workshop_and_no_csrf(app, client, auth, setting):
    auth.login(setting["admin"].email)
    response = client.post(f"{PAGE}/{setting['workshop']}", data={})
    assert "Please choose at least one attendee." in client.get(response.location).get_data(as_text=True)
    assert client.post(f"{PAGE}/2147483647", data={"registration": ["1"]}).status_code == 404
    assert client.get(f"{PAGE}?workshop=%00junk").status_code < 500
    page = client.get(f"{PAGE}?workshop=junk").get_data(as_text=True)
    assert "Please choose one of the workshops in the list." in page
    lena = setting["people"][0]
    response = client.post(
        f"{PAGE}/{setting['workshop']}", data={"registration": [setting["ids"][lena.id]]}, csrf=False
    )
    assert response.status_code in (302, 400) and _held(app, lena.id) == []


def test_cancelled_registration_is_no_attendee(app, client, auth, setting):
    marc = setting["people"][1]
    with app.app_context():
        registration = db.session.get(Registration, setting["ids"][marc.id])
        registration.status = "cancelled"
        db.session.commit()
    auth.login(setting["admin"].email)
    client.post(f"{PAGE}/{setting['workshop']}", data={"registration": [setting["ids"][marc.id]]})
    assert _held(app, marc.id) == []


def test_who_may_issue(app, client, auth, create_user, setting):
    participant = create_user(email="someone@example.org", name="Some One")
    outsider = create_user(email="other-trainer@example.org", name="Otto", role=Role.TRAINER, locale="en")
    lena = setting["people"][0]
    data = {"registration": [setting["ids"][lena.id]]}
    assert client.get(PAGE).status_code == 302  # to the sign-in page
    auth.login(participant.email)
    assert client.get(PAGE).status_code == 403
    assert client.post(f"{PAGE}/{setting['workshop']}", data=data).status_code == 403
    auth.logout()
    auth.login(outsider.email)  # a trainer who manages no course of this workshop
    page = client.get(f"{PAGE}?workshop={setting['workshop']}").get_data(as_text=True)
    assert "Please choose one of the workshops in the list." in page and lena.email not in page
    assert client.post(f"{PAGE}/{setting['workshop']}", data=data).status_code == 403
    assert _held(app, lena.id) == []


def test_a_trainer_of_the_course_issues(app, client, auth, setting):
    with app.app_context():
        from app.courses.models import Course, CourseTrainer

        course = db.session.scalar(select(Course).where(Course.slug == "sample"))
        db.session.add(CourseTrainer(course_id=course.id, user_id=setting["trainer"].id))
        db.session.commit()
    nora = setting["people"][2]
    auth.login(setting["trainer"].email)
    page = client.get(f"{PAGE}?workshop={setting['workshop']}").get_data(as_text=True)
    assert (
        re.search(r"<h1>[^<]+</h1>", page)
        and f'name="registration" value="{setting["ids"][nora.id]}"' in page
    )
    client.post(f"{PAGE}/{setting['workshop']}", data={"registration": [setting["ids"][nora.id]]})
    assert _held(app, nora.id) == ["attendance"]
