"""Company managers and workshops: they register members of their own company only, and see the members'
registrations and attendance under the consent rules of course progress (nothing of another company)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from app.auth.models import User
from app.extensions import db
from app.orgs import services as orgs
from app.orgs.models import MEMBER, Membership
from app.workshops import attendance, services
from app.workshops.models import REGISTERED, Registration, Workshop
from tests.certificates.app_helpers import t

#: Starts in half an hour: check-in is open (from an hour before the start).
SOON = 0.02


@pytest.fixture
def companies(app, create_user):
    """Company A (manager Mia, members Anna and Olaf, who joined after registering himself) and company B
    (manager Bert, member Bea). Returns the users by first name."""
    people = {
        name: create_user(email=f"{name.lower()}@example.org", name=f"{name} Example")
        for name in ("Mia", "Anna", "Olaf", "Bert", "Bea")
    }
    with app.app_context():
        a, b = orgs.create_org("Rhein-Bio GmbH"), orgs.create_org("Main-Pharma AG")
        orgs.add_manager(a, db.session.get(User, people["Mia"].id))
        orgs.add_manager(b, db.session.get(User, people["Bert"].id))
        for name, org in (("Anna", a), ("Olaf", a), ("Bea", b)):
            orgs.move(db.session.get(User, people[name].id), org, MEMBER)
        db.session.commit()
    return people


def _count(app) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count(Registration.id)))


def test_a_manager_registers_a_member_who_is_mailed(app, client, auth, companies, outbox, make_workshop):
    workshop_id = make_workshop(days=SOON, capacity=5)
    auth.login("mia@example.org")
    page = client.get("/company/workshops").get_data(as_text=True)
    assert "Anna Example" in page and "Bea Example" not in page  # only her own company to choose from
    response = client.post(
        "/company/workshops", data={"member": companies["Anna"].id, "workshop": workshop_id}
    )
    assert response.status_code == 302
    with app.app_context():
        row = db.session.scalar(select(Registration))
        assert (row.user_id, row.status, row.registered_by_id) == (
            companies["Anna"].id,
            REGISTERED,
            companies["Mia"].id,
        )
    assert outbox.last_to("anna@example.org").get_content_type() == "multipart/mixed"  # with the .ics
    page = client.get("/company/workshops").get_data(as_text=True)
    assert "Anna Example" in page and "Patente in China" in page
    # Twice: a clear message, no second registration.
    again = client.post("/company/workshops", data={"member": companies["Anna"].id, "workshop": workshop_id})
    assert again.status_code == 400 and _count(app) == 1


def test_no_one_outside_the_company(app, client, auth, companies, make_workshop):
    workshop_id = make_workshop(days=SOON, capacity=5)
    auth.login("mia@example.org")
    for stranger in (companies["Bea"].id, companies["Bert"].id, 999_999, "x"):
        response = client.post("/company/workshops", data={"member": stranger, "workshop": workshop_id})
        assert response.status_code in (400, 404), stranger
    assert (
        client.post(
            "/company/workshops", data={"member": companies["Anna"].id, "workshop": 2**31 - 1}
        ).status_code
        == 400
    )
    assert _count(app) == 0
    auth.logout()
    auth.login("anna@example.org")  # a member, not a manager
    assert client.get("/company/workshops").status_code == 403
    assert (
        client.post(
            "/company/workshops", data={"member": companies["Anna"].id, "workshop": workshop_id}
        ).status_code
        == 403
    )
    assert _count(app) == 0


def _seen(client) -> str:  # type: ignore[no-untyped-def]
    """The table of members' registrations (the form's member list names everyone in the company)."""
    return client.get("/company/workshops").get_data(as_text=True).split('id="seen-heading"')[1]


def test_what_a_manager_sees(app, client, auth, companies, make_workshop):
    workshop_id = make_workshop(days=SOON, capacity=5)
    with app.app_context():
        workshop = db.session.get(Workshop, workshop_id)
        olaf = db.session.get(User, companies["Olaf"].id)
        services.register(workshop, olaf)  # before he joined (backdated below)
        services.register(workshop, db.session.get(User, companies["Anna"].id))
        services.register(workshop, db.session.get(User, companies["Bea"].id))
        own = db.session.scalar(select(Registration).where(Registration.user_id == olaf.id))
        membership = db.session.scalar(select(Membership).where(Membership.user_id == olaf.id))
        own.created_at = membership.joined_at - timedelta(days=3)
        attendance.check_in(workshop, companies["Anna"].id, None)
        db.session.commit()
    auth.login("mia@example.org")
    page = _seen(client)
    assert "Anna Example" in page and "Bea Example" not in page and t(app, "Attended") in page
    assert "Olaf Example" not in page  # registered before joining, history not shared
    assert 'action="/company/workshops/registrations/' not in page  # members registered themselves: no cancel
    with app.app_context():
        membership = db.session.scalar(select(Membership).where(Membership.user_id == companies["Olaf"].id))
        orgs.set_privacy(membership, share_scores=False, share_history=True)
        db.session.commit()
    assert "Olaf Example" in _seen(client)
    auth.logout()
    auth.login("bert@example.org")
    page = _seen(client)
    assert "Bea Example" in page and "Anna Example" not in page and "Olaf Example" not in page


def test_a_manager_cancels_only_what_the_company_registered(app, client, auth, companies, make_workshop):
    workshop_id = make_workshop(days=SOON, capacity=5)
    with app.app_context():
        workshop = db.session.get(Workshop, workshop_id)
        bea = services.register(
            workshop, db.session.get(User, companies["Bea"].id), by=db.session.get(User, companies["Bert"].id)
        )
        anna_self = services.register(workshop, db.session.get(User, companies["Anna"].id))
        db.session.commit()
        bea_id, anna_id = bea.id, anna_self.id
    auth.login("mia@example.org")
    assert (
        client.post(f"/company/workshops/registrations/{bea_id}/cancel").status_code == 404
    )  # other company
    assert client.post(f"/company/workshops/registrations/{anna_id}/cancel").status_code == 404  # her own
    assert client.post(f"/company/workshops/registrations/{anna_id}/cancel", csrf=False).status_code == 400
    client.post("/company/workshops", data={"member": companies["Olaf"].id, "workshop": workshop_id})
    with app.app_context():
        olaf_id = db.session.scalar(
            select(Registration.id).where(Registration.user_id == companies["Olaf"].id)
        )
    assert client.post(f"/company/workshops/registrations/{olaf_id}/cancel").status_code == 302
    with app.app_context():
        statuses = dict(db.session.execute(select(Registration.user_id, Registration.status)).all())
    assert statuses == {
        companies["Bea"].id: REGISTERED,
        companies["Anna"].id: REGISTERED,
        companies["Olaf"].id: "cancelled",
    }


def test_the_company_report_keeps_the_course_certificate(
    app, client, auth, companies, sample, taker, make_workshop
):
    """Workshop certificates are filed under their course; the course report still shows the course's own."""
    from app.certificates.models import Certificate
    from app.orgs.report import ReportFilter, build_report

    workshop_id = make_workshop(days=SOON, capacity=5, course="sample")
    with app.app_context():
        services.register(db.session.get(Workshop, workshop_id), db.session.get(User, companies["Anna"].id))
        db.session.commit()
    auth.login("anna@example.org")
    taker.take(right=True)
    with app.app_context():
        attendance.check_in(db.session.get(Workshop, workshop_id), companies["Anna"].id, None)
        db.session.commit()
        held = db.session.scalars(
            select(Certificate).where(Certificate.user_id == companies["Anna"].id)
        ).all()
        assert len(held) == 3  # the course's, attendance, blended
        org_id = db.session.scalar(
            select(Membership.org_id).where(Membership.user_id == companies["Anna"].id)
        )
        rows = [r for r in build_report(org_id, ReportFilter()).rows if r.user.id == companies["Anna"].id]
        assert [r.certificate.workshop_id for r in rows if r.certificate] == [None]
