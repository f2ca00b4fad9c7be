"""Creating, editing and calling off workshops in the browser: who may, every refusal next to its field in
the user's language with nothing changed, a new SEQUENCE and the notices for registrants."""

from __future__ import annotations

from datetime import datetime

import pytest
from icalendar import Calendar
from sqlalchemy import func, select

from app.auth.models import Role, User
from app.courses.models import Course, CourseTrainer
from app.extensions import db
from app.timeutil import in_zone
from app.workshops import services
from app.workshops.models import CERTIFICATE_PATH, Workshop
from tests.certificates.app_helpers import t

VALID = {
    "title_de": "Verhandeln in China", "title_en": "Negotiating in China", "title_zh": "在中国谈判",
    "description_de": "Ein Tag mit Fallstudien.", "format": "on_site",
    "venue": "BIO.NRW, Merowingerplatz 1a, 40225 Düsseldorf", "starts": "2030-03-31T09:00",
    "ends": "2030-03-31T17:00", "timezone": "Europe/Berlin", "capacity": "20", "cpd_hours": "7.5",
}  # fmt: skip


@pytest.fixture
def staff(app, create_user, sample):
    """The sample course's trainer (assigned), a trainer of nothing, and the course id."""
    trainer = create_user(email="trainer@example.org", name="Jana Schmitz", role=Role.TRAINER)
    other = create_user(email="other@example.org", name="Max Weber", role=Role.TRAINER)
    with app.app_context():
        course_id = db.session.scalar(select(Course.id).where(Course.slug == "sample"))
        db.session.add(CourseTrainer(course_id=course_id, user_id=trainer.id))
        db.session.commit()
    return trainer, other, course_id


def _snapshot(app, workshop_id: int) -> dict:
    with app.app_context():
        row = db.session.get(Workshop, workshop_id)
        return {column.name: getattr(row, column.key) for column in Workshop.__table__.columns} | {
            "courses": [(c.course_id, c.role) for c in row.courses],
            "trainers": [x.user_id for x in row.trainers],
        }


def test_a_trainer_creates_a_workshop_for_their_course(app, client, auth, staff):
    trainer, _other, course_id = staff
    auth.login(trainer.email)
    assert client.get("/workshops/new").status_code == 200
    response = client.post("/workshops/new", data={**VALID, "certificate_course": str(course_id)})
    assert response.status_code == 302, response.get_data(as_text=True)
    with app.app_context():
        workshop = db.session.scalar(select(Workshop))
        assert workshop.title["zh"] == "在中国谈判" and workshop.capacity == 20 and workshop.cpd_hours == 7.5
        # 31 March 2030 is the day summer time begins: 09:00 in Berlin is 07:00 UTC.
        assert workshop.starts_at == datetime(2030, 3, 31, 7, 0)
        assert [c.course_id for c in workshop.courses if c.role == CERTIFICATE_PATH] == [course_id]
        assert [x.user_id for x in workshop.trainers] == [trainer.id]  # no one chosen: the author
        workshop_id = workshop.id
    page = client.get(f"/workshops/{workshop_id}").get_data(as_text=True)
    assert f"/workshops/{workshop_id}/edit" in page
    edit = client.get(f"/workshops/{workshop_id}/edit").get_data(as_text=True)
    assert 'value="2030-03-31T09:00"' in edit and "Verhandeln in China" in edit


def test_other_trainers_and_participants_may_not(app, client, auth, staff, create_user, make_workshop):
    trainer, other, course_id = staff
    workshop_id = make_workshop(course="sample", trainers=(trainer.id,))
    auth.login(other.email)
    assert client.get(f"/workshops/{workshop_id}/edit").status_code == 403
    assert client.post(f"/workshops/{workshop_id}/edit", data=VALID).status_code == 403
    assert (
        client.post(f"/workshops/{workshop_id}/call-off", data={"off-confirm": str(workshop_id)}).status_code
        == 403
    )
    # Not their course: refused as a choice, nothing created.
    response = client.post("/workshops/new", data={**VALID, "certificate_course": str(course_id)})
    assert response.status_code == 400
    auth.logout()
    create_user(email="p@example.org")
    auth.login("p@example.org")
    assert client.get("/workshops/new").status_code == 403
    with app.app_context():
        assert db.session.scalar(select(func.count(Workshop.id))) == 1
        assert db.session.get(Workshop, workshop_id).cancelled_at is None


JUNK = [
    ({"ends": "2030-03-31T08:00"}, "ends", "The workshop must end after it starts.", {}),
    ({"timezone": "Mars/Olympus_Mons"}, "timezone",
     "“%(zone)s” is not a time zone we know. Choose one from the list, e.g. Europe/Berlin.", {"zone": "Mars/Olympus_Mons"}),
    ({"starts": "gestern"}, "starts", "Please give a date and time, e.g. 2027-03-10 09:00.", {}),
    ({"starts": "99999-01-01T00:00"}, "starts", "Please give a date and time, e.g. 2027-03-10 09:00.", {}),
    ({"deadline": "2030-04-01T09:00"}, "deadline", "The registration deadline must not be after the start.", {}),
    ({"capacity": "0"}, "capacity", "The capacity must be between 1 and 10,000 seats.", {}),
    ({"capacity": "1"}, "capacity",
     "%(count)s people hold a seat already, so the capacity cannot be lower. Cancel registrations first.", {"count": 2}),
    ({"cpd_hours": "-3"}, "cpd_hours", "CPD hours must be between 0 and 200.", {}),
    ({"online_url": "javascript:alert(1)"}, "online_url", "The online link must be a web address starting with https://.", {}),
    ({"format": "online", "online_url": ""}, "online_url", "An online or hybrid workshop needs an online link.", {}),
    ({"venue": ""}, "venue", "A workshop on site needs a venue.", {}),
    ({"title_de": "", "title_en": "", "title_zh": ""}, "title_en",
     "Please give the workshop a title in at least one language.", {}),
    ({"title_de": "x" * 5000}, "title_de", "At most %(max)d characters, please.", {"max": 200}),
]  # fmt: skip


@pytest.mark.parametrize(
    ("change", "field", "message", "values"), JUNK, ids=[j[1] + str(i) for i, j in enumerate(JUNK)]
)
def test_junk_is_refused_next_to_its_field_and_nothing_changes(
    app, client, auth, staff, create_user, outbox, make_workshop, change, field, message, values
):
    trainer, _other, course_id = staff
    workshop_id = make_workshop(course="sample", capacity=5, trainers=(trainer.id,))
    people = [create_user(email=f"p{number}@example.org").id for number in range(2)]
    with app.app_context():
        workshop = db.session.get(Workshop, workshop_id)
        for person_id in people:
            services.register(workshop, db.session.get(User, person_id))
        db.session.commit()
    before, mails = _snapshot(app, workshop_id), len(outbox.messages())
    auth.login(trainer.email)
    response = client.post(
        f"/workshops/{workshop_id}/edit", data={**VALID, "certificate_course": str(course_id), **change}
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert f'id="{field}-error"' in page, page[:3000]
    assert t(app, message, "de", **values) in page
    assert _snapshot(app, workshop_id) == before
    assert len(outbox.messages()) == mails


@pytest.mark.parametrize(
    "junk",
    [{"capacity": "viele"}, {"cpd_hours": "acht"}, {"trainers": "999999"}, {"certificate_course": "abc"},
     {"format": "<script>"}, {"title_en": "Patents\x00in China"}, {"prepare_courses": "-1"}],
)  # fmt: skip
def test_malformed_values_never_break_the_page(app, client, auth, staff, junk):
    trainer, _other, course_id = staff
    auth.login(trainer.email)
    response = client.post("/workshops/new", data={**VALID, "certificate_course": str(course_id), **junk})
    assert response.status_code == 400
    assert 'class="error"' in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(func.count(Workshop.id))) == 0


def test_without_csrf_nothing_is_created(app, client, auth, staff):
    trainer, _other, course_id = staff
    auth.login(trainer.email)
    response = client.post("/workshops/new", data={**VALID, "certificate_course": str(course_id)}, csrf=False)
    assert response.status_code == 400
    with app.app_context():
        assert db.session.scalar(select(func.count(Workshop.id))) == 0


def _ics(message) -> Calendar:  # type: ignore[no-untyped-def]
    part = next(p for p in message.iter_attachments() if p.get_content_type() == "text/calendar")
    return Calendar.from_ical(part.get_payload(decode=True))


def test_a_change_tells_registrants_and_a_call_off_cancels(
    app, client, auth, staff, create_user, outbox, make_workshop
):
    trainer, _other, course_id = staff
    workshop_id = make_workshop(course="sample", capacity=1, trainers=(trainer.id,))
    anna, ben = create_user(email="anna@example.org"), create_user(email="ben@example.org", locale="zh")
    with app.app_context():
        workshop = db.session.get(Workshop, workshop_id)
        services.register(workshop, db.session.get(User, anna.id))
        services.register(workshop, db.session.get(User, ben.id))  # waiting list
        db.session.commit()
    auth.login(trainer.email)
    data = {**VALID, "certificate_course": str(course_id), "capacity": "2", "starts": "2030-10-27T09:00",
            "ends": "2030-10-27T17:00"}  # fmt: skip
    assert client.post(f"/workshops/{workshop_id}/edit", data=data).status_code == 302
    changed = _ics(outbox.last_to("anna@example.org")).walk("VEVENT")[0]
    assert int(changed["SEQUENCE"]) == 1
    # 27 October 2030 is the day summer time ends: 09:00 in Berlin is 08:00 UTC.
    assert changed["DTSTART"].dt.replace(tzinfo=None) == datetime(2030, 10, 27, 9, 0)
    promoted = t(app, "A seat is free for you: %(title)s", "zh", html=False, title="在中国谈判")
    assert outbox.last_to("ben@example.org")["Subject"] == promoted
    with app.app_context():
        workshop = db.session.get(Workshop, workshop_id)
        assert workshop.starts_at == datetime(2030, 10, 27, 8, 0)
        assert in_zone(workshop.starts_at, "Asia/Shanghai").hour == 16
        assert workshop.registered_count == 2  # the added seat went to Ben
    # A wrong confirmation changes nothing; the right one calls it off and mails a CANCEL.
    client.post(f"/workshops/{workshop_id}/call-off", data={"off-confirm": "nope"})
    with app.app_context():
        assert db.session.get(Workshop, workshop_id).cancelled_at is None
    assert (
        client.post(f"/workshops/{workshop_id}/call-off", data={"off-confirm": str(workshop_id)}).status_code
        == 302
    )
    with app.app_context():
        assert db.session.get(Workshop, workshop_id).cancelled_at is not None
    for email in ("anna@example.org", "ben@example.org"):
        cancelled = _ics(outbox.last_to(email))
        assert cancelled["METHOD"] == "CANCEL" and int(cancelled.walk("VEVENT")[0]["SEQUENCE"]) == 2
    assert client.post(f"/workshops/{workshop_id}/edit", data=data).status_code == 400  # called off: frozen
