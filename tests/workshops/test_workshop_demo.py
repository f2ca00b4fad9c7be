"""The demo workshops: three upcoming (Düsseldorf, online from Suzhou, Shanghai) and a past one with
attendance and blended certificates; made once (idempotent), shown on /workshops."""

from __future__ import annotations

import dataclasses

from markupsafe import escape
from sqlalchemy import select

from app.auth.models import Role
from app.certificates.models import Certificate
from app.extensions import db
from app.workshops import demo
from app.workshops.models import ATTENDED, NO_SHOW, Registration, Workshop


def test_demo_workshops(app, client, auth, create_user, sample, taker, monkeypatch):
    # The shipped courses are the demo's; the sample course stands in for each of them here.
    monkeypatch.setattr(
        demo, "SPECS", tuple(dataclasses.replace(spec, course="sample") for spec in demo.SPECS)
    )
    create_user(email=demo.TRAINER, name="Li Wei", role=Role.TRAINER)
    jonas = create_user(email=demo.PARTICIPANT, name="Jonas Becker")
    other = create_user(email="cohort@example.org", name="Cohort Member")
    for person in (jonas, other):
        auth.login(person.email)
        taker.take(right=True)
        auth.logout()
    with app.app_context():
        created = demo.demo_workshops()
        db.session.commit()
        assert [w.timezone for w in created] == [
            "Europe/Berlin",
            "Asia/Shanghai",
            "Asia/Shanghai",
            "Europe/Berlin",
        ]
        assert [w.format for w in created] == ["on_site", "online", "on_site", "on_site"]
        assert "Düsseldorf" in created[0].venue and created[1].online_url.startswith("https://")
        past = created[3]
        rows = db.session.scalars(select(Registration).where(Registration.workshop_id == past.id)).all()
        assert sorted(r.attendance for r in rows) == [ATTENDED, NO_SHOW]
        attended = next(r.user_id for r in rows if r.attendance == ATTENDED)
        kinds = {
            c.workshop_facts["kind"]
            for c in db.session.scalars(select(Certificate).where(Certificate.workshop_id == past.id))
        }
        assert attended == jonas.id and kinds == {"attendance", "blended"}
        assert demo.demo_workshops() == []  # idempotent
        assert len(db.session.scalars(select(Workshop)).all()) == 4
    page = client.get("/workshops", headers={"Accept-Language": "en"}).get_data(as_text=True)
    upcoming, past_part = page.split("<h2>Past</h2>") if "<h2>Past</h2>" in page else (page, "")
    for spec in demo.SPECS[:3]:
        assert str(escape(spec.title["en"])) in upcoming
    assert str(escape(demo.SPECS[3].title["en"])) in past_part
