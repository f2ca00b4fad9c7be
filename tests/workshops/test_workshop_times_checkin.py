"""Times around the daylight-saving change and across zones; self check-in codes; pages and refusals."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from app.extensions import db
from app.timeutil import to_utc, viewer_zone
from app.workshops import attendance, checkin
from app.workshops.errors import CheckInRefused
from app.workshops.models import Workshop
from app.workshops.present import when


def test_daylight_saving_change_in_berlin():
    # 2027-03-28 is the last Sunday of March: 02:00 CET becomes 03:00 CEST.
    assert to_utc(datetime(2027, 3, 27, 9), "Europe/Berlin") == datetime(2027, 3, 27, 8)
    assert to_utc(datetime(2027, 3, 29, 9), "Europe/Berlin") == datetime(2027, 3, 29, 7)
    assert when(datetime(2027, 3, 29, 7), "Europe/Berlin", "de") == "Mo., 29.03.2027, 09:00"


def test_a_shanghai_viewer_of_a_berlin_workshop():
    starts = to_utc(datetime(2027, 3, 29, 9), "Europe/Berlin")
    assert when(starts, "Asia/Shanghai", "zh") == "2027年3月29日 周一, 15:00"
    assert (
        when(to_utc(datetime(2027, 3, 26, 9), "Europe/Berlin"), "Asia/Shanghai", "en")
        == "Fri, 26 Mar 2027, 16:00"
    )
    assert viewer_zone(None, "zh") == "Asia/Shanghai" and viewer_zone("Nowhere/City", "de") == "Europe/Berlin"


def test_check_in_codes(app, create_user, make_workshop):
    from app.auth.models import User
    from app.workshops import services

    workshop_id = make_workshop(capacity=5, days=1)
    member, stranger = create_user(), create_user()
    with app.app_context():
        workshop = db.session.get(Workshop, workshop_id)
        services.register(workshop, db.session.get(User, member.id))
        db.session.commit()
        secret = app.config["SECRET_KEY"]
        during = workshop.starts_at + timedelta(minutes=30)
        code = checkin.current_code(secret, workshop_id, during.replace(tzinfo=UTC))
        later = during + timedelta(seconds=checkin.WINDOW * 3)
        for user, moment, reason in (
            (member, later, "expired"),
            (stranger, during, "not_registered"),
            (member, workshop.starts_at - timedelta(days=1), "not_now"),
        ):
            try:
                attendance.self_check_in(workshop, db.session.get(User, user.id), code, moment)
                raise AssertionError("accepted")
            except CheckInRefused as refusal:
                assert refusal.reason == reason
        row = attendance.self_check_in(workshop, db.session.get(User, member.id), code, during)
        assert row.attendance == "attended" and row.checked_in_at == during
        assert attendance.record_no_shows(workshop, workshop.ends_at + timedelta(hours=1)) == 0


def test_pages_in_three_languages_and_staff_only_check_in(app, client, auth, create_user, make_workshop):
    from app.auth.models import Role

    workshop_id = make_workshop()
    for lang, word in (("de", "Workshops"), ("en", "Upcoming"), ("zh", "中国专利")):
        page = client.get("/workshops", headers={"Accept-Language": lang}).get_data(as_text=True)
        assert word in page
    assert client.get(f"/workshops/{workshop_id}").status_code == 200
    assert client.get("/workshops/99999").status_code == 404
    create_user(email="p@example.org")
    auth.login("p@example.org")
    assert client.get(f"/workshops/{workshop_id}/attendance").status_code == 403
    assert client.post(f"/workshops/{workshop_id}/attendance/1").status_code == 403
    answer = client.post(f"/workshops/{workshop_id}/check-in", data={"code": "<script>" * 20})
    assert answer.status_code == 400 and "<script><script>" not in answer.get_data(as_text=True)
    assert client.post(f"/workshops/{workshop_id}/register", csrf=False).status_code == 400
    auth.logout()
    create_user(email="admin@example.org", role=Role.ADMIN)
    auth.login("admin@example.org")
    assert client.get(f"/workshops/{workshop_id}/attendance?q=%25").status_code == 200


def test_profile_time_zone_is_used_and_junk_refused(app, client, auth, create_user, make_workshop):
    make_workshop()
    create_user(email="p@example.org")
    auth.login("p@example.org")
    base = {"name": "Anna Müller", "name_zh": "", "locale": "en"}
    answer = client.post("/profile", data={**base, "time_zone": "Mars/Olympus"})
    assert answer.status_code == 200 and "field-invalid" in answer.get_data(as_text=True)
    assert client.post("/profile", data={**base, "time_zone": "Asia/Shanghai"}).status_code == 302
    assert "(Asia/Shanghai)" in client.get("/workshops").get_data(as_text=True)
