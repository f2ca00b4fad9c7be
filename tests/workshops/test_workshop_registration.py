"""Registering through the pages: seats, the waiting list and its promotion by mail, the .ics attachment,
the private feed, and the race for the last seat (two threads; the PostgreSQL pass is the real case)."""

from __future__ import annotations

import threading
from datetime import datetime

from icalendar import Calendar
from sqlalchemy import select

from app.auth.models import User
from app.extensions import db
from app.workshops import services
from app.workshops.models import REGISTERED, WAITLISTED, Registration, Workshop


def _ics(message) -> Calendar:  # type: ignore[no-untyped-def]
    parts = [part for part in message.iter_attachments() if part.get_content_type() == "text/calendar"]
    assert len(parts) == 1, "no calendar attachment"
    return Calendar.from_ical(parts[0].get_payload(decode=True))


def test_waiting_list_promotion_and_the_ics(app, client, auth, create_user, outbox, make_workshop):
    workshop_id = make_workshop(capacity=1)
    anna = create_user(email="anna@example.org")
    ben = create_user(email="ben@example.org", locale="zh")
    auth.login("anna@example.org")
    assert client.post(f"/workshops/{workshop_id}/register").status_code == 302
    confirmation = outbox.last_to("anna@example.org")
    event = _ics(confirmation).walk("VEVENT")[0]
    for prop in ("UID", "DTSTAMP", "DTSTART", "DTEND", "SUMMARY", "SEQUENCE"):
        assert prop in event, prop
    assert event["UID"] == f"workshop-{workshop_id}@localhost"
    assert event["DTSTART"].params["TZID"] == "Europe/Berlin"
    assert _ics(confirmation).walk("VTIMEZONE")[0]["TZID"] == "Europe/Berlin"
    auth.logout()
    auth.login("ben@example.org")
    client.post(f"/workshops/{workshop_id}/register")
    assert "等候名单" in outbox.last_to("ben@example.org")["Subject"] or WAITLISTED
    auth.logout()
    auth.login("anna@example.org")
    client.post(f"/workshops/{workshop_id}/cancel")
    promoted = outbox.last_to("ben@example.org")
    assert _ics(promoted).walk("VEVENT")[0]["UID"] == event["UID"]
    with app.app_context():
        rows = {r.user_id: r.status for r in db.session.scalars(select(Registration))}
        assert rows == {anna.id: "cancelled", ben.id: REGISTERED}
        assert db.session.get(Workshop, workshop_id).registered_count == 1
    assert _ics(outbox.last_to("anna@example.org"))["METHOD"] == "CANCEL"


def test_a_change_raises_the_sequence(app, create_user, outbox, make_workshop):
    workshop_id = make_workshop(capacity=3)
    anna = create_user(email="anna@example.org")
    with app.app_context():
        workshop = db.session.get(Workshop, workshop_id)
        services.register(workshop, db.session.get(User, anna.id))
        db.session.commit()
        plan = services.Plan(title=workshop.title, starts=datetime(2030, 5, 1, 9), ends=datetime(2030, 5, 1, 12),
                             timezone="Europe/Berlin", capacity=3, venue="Köln")  # fmt: skip
        services.update_workshop(workshop, plan)
        db.session.commit()
        try:
            services.update_workshop(workshop, services.Plan(**{**plan.__dict__, "capacity": 0}))
            raise AssertionError("capacity 0 accepted")
        except services.BadCapacity:
            db.session.rollback()
    assert _ics(outbox.last_to("anna@example.org")).walk("VEVENT")[0]["SEQUENCE"] == 1


def test_capacity_below_registered_is_refused(app, create_user, make_workshop):
    workshop_id = make_workshop(capacity=2)
    people = [create_user(), create_user()]
    with app.app_context():
        workshop = db.session.get(Workshop, workshop_id)
        for person in people:
            services.register(workshop, db.session.get(User, person.id))
        db.session.commit()
        plan = services.Plan(title=workshop.title, starts=datetime(2030, 5, 1, 9), ends=datetime(2030, 5, 1, 12),
                             timezone="Europe/Berlin", capacity=1, venue="Köln")  # fmt: skip
        try:
            services.update_workshop(workshop, plan)
            raise AssertionError("accepted")
        except services.BadCapacity as error:
            assert "2 people already registered" in str(error)
        db.session.rollback()
        assert db.session.get(Workshop, workshop_id).capacity == 2


def test_feed_needs_the_right_token(app, client, auth, create_user, make_workshop):
    workshop_id = make_workshop()
    create_user(email="anna@example.org")
    auth.login("anna@example.org")
    client.post(f"/workshops/{workshop_id}/register")
    client.post("/my/workshops/feed")
    page = client.get("/my/workshops").get_data(as_text=True)
    token = page.split("/workshops/feed/")[1].split(".ics")[0]
    auth.logout()
    answer = client.get(f"/workshops/feed/{token}.ics")
    assert answer.status_code == 200 and answer.mimetype == "text/calendar"
    assert len(Calendar.from_ical(answer.data).walk("VEVENT")) == 1
    assert client.get(f"/workshops/feed/{token[:-1]}x.ics").status_code == 404
    assert client.get("/workshops/feed/x.ics").status_code == 404


def test_two_registrations_for_the_last_seat(app, create_user, make_workshop):
    workshop_id = make_workshop(capacity=1)
    racers = [create_user().id, create_user().id]
    barrier = threading.Barrier(2, timeout=20)
    outcomes: dict[int, str] = {}

    def go(user_id: int) -> None:
        with app.app_context():
            try:
                workshop = db.session.get(Workshop, workshop_id)
                user = db.session.get(User, user_id)
                barrier.wait()
                outcomes[user_id] = services.register(workshop, user).status
                db.session.commit()
            except Exception as error:  # noqa: BLE001  (reported by the assertion)
                db.session.rollback()
                outcomes[user_id] = repr(error)
            finally:
                db.session.remove()

    threads = [threading.Thread(target=go, args=(user_id,)) for user_id in racers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert sorted(outcomes.values()) == [REGISTERED, WAITLISTED], outcomes
    with app.app_context():
        assert db.session.get(Workshop, workshop_id).registered_count == 1


def test_mail_shows_the_recipients_zone_beside_the_workshops(
    app, client, auth, create_user, outbox, make_workshop
):
    workshop_id = make_workshop(capacity=3)
    create_user(email="li@example.org", locale="zh")
    auth.login("li@example.org")
    client.post(f"/workshops/{workshop_id}/register")
    body = outbox.body(outbox.last_to("li@example.org"))
    assert "(Asia/Shanghai)" in body and "(Europe/Berlin)" in body and "年" in body
