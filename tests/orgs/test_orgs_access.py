"""Every company route as anonymous, participant, trainer, member, member and manager of another company,
manager and admin, including other companies' objects and guessed or sequential ids."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import select

from app.auth.models import Role
from app.extensions import db
from app.orgs.models import Assignment, Membership
from tests.orgs.org_helpers import complete, invitation_id, make_invitation

ROLES = ["anonymous", "participant", "trainer", "member", "other_member", "other_manager", "manager", "admin"]
MANAGER_ONLY = {"anonymous": 302, "participant": 403, "trainer": 403, "member": 403, "other_member": 403,
                "other_manager": 200, "manager": 200, "admin": 403}  # fmt: skip


def _only(ok: int, owner: str = "manager", other: int = 404) -> dict[str, int]:
    """Manager routes on one company's object: ``ok`` for its manager, 404 for the other company's."""
    expected = dict(MANAGER_ONLY)
    expected["other_manager" if owner == "manager" else "manager"] = other
    expected[owner] = ok
    return expected


def _admin_only(ok: int) -> dict[str, int]:
    return {role: (302 if role == "anonymous" else ok if role == "admin" else 403) for role in ROLES}


def _signed_in(ok: int, anonymous: int = 302, **overrides: int) -> dict[str, int]:
    return {role: (anonymous if role == "anonymous" else overrides.get(role, ok)) for role in ROLES}


@pytest.fixture
def objects(app, world, create_user):
    trainer = create_user(role=Role.TRAINER, email="trainer@example.org", name="Tom Trainer")
    acme_cert = complete(app, world.member.id, world.course_id)
    beta_cert = complete(app, world.other_member.id, world.course_id)
    acme_code = make_invitation(app, world.acme, world.manager)
    beta_code = make_invitation(app, world.beta, world.other_manager)
    with app.app_context():
        acme_member = db.session.scalar(select(Membership.id).where(Membership.user_id == world.member.id))
        beta_member = db.session.scalar(
            select(Membership.id).where(Membership.user_id == world.other_member.id)
        )
        assignments = {}
        for key, org, person, boss in (
            ("acme_assignment", world.acme, world.member, world.manager),
            ("beta_assignment", world.beta, world.other_member, world.other_manager),
        ):
            row = Assignment(
                org_id=org,
                user_id=person.id,
                course_id=world.course_id,
                due_on=date.today() - timedelta(days=3),
                assigned_by_id=boss.id,
            )
            db.session.add(row)
            db.session.flush()
            assignments[key] = row.id
        db.session.commit()
    return {
        **assignments,
        "trainer": trainer, "acme_cert": acme_cert, "beta_cert": beta_cert, "acme_code": acme_code,
        "acme_inv": invitation_id(app, acme_code), "beta_inv": invitation_id(app, beta_code),
        "acme_member": acme_member, "beta_member": beta_member,
    }  # fmt: skip


def cases(world, o) -> list[tuple[str, str, dict, dict[str, int]]]:  # type: ignore[no-untyped-def]
    """(method, path, form data, expected status per role); state-changing cases come last."""
    return [
        ("GET", "/company", {}, _signed_in(200)),
        ("POST", "/company/join", {"code": ""}, _signed_in(400)),
        # A visitor without an account sees the invitation and the registration form.
        (
            "GET",
            f"/join/{o['acme_code']}",
            {},
            _signed_in(400, anonymous=200, participant=200, trainer=200, admin=200),
        ),
        ("GET", "/join/guessed-code-123", {}, _signed_in(400, anonymous=400)),
        ("POST", f"/join/{o['acme_code']}/register", {"email": ""}, _signed_in(302, anonymous=400)),
        ("GET", "/company/members", {}, MANAGER_ONLY),
        ("POST", "/company/assignments", {"course": ""}, _only(400, owner="manager", other=400)),
        (
            "POST",
            f"/company/assignments/{o['beta_assignment']}/remove",
            {},
            _only(302, owner="other_manager"),
        ),
        ("POST", "/company/assignments/999999/remove", {}, _only(404, other=404)),
        ("POST", "/company/invitations/bulk", {"emails": ""}, _only(400, owner="manager", other=400)),
        ("GET", "/company/dashboard", {}, MANAGER_ONLY),
        ("GET", "/company/dashboard?course=1&status=completed&team=x", {}, MANAGER_ONLY),
        ("GET", "/company/report.csv", {}, MANAGER_ONLY),
        ("GET", "/company/report.xlsx", {}, MANAGER_ONLY),
        ("GET", "/company/certificates.zip", {}, MANAGER_ONLY),
        ("GET", "/company/invitations", {}, MANAGER_ONLY),
        ("GET", f"/company/certificates/{o['acme_cert']}.pdf", {}, _only(200)),
        ("GET", f"/company/certificates/{o['beta_cert']}.pdf", {}, _only(200, owner="other_manager")),
        ("GET", "/company/certificates/AAAA-BBBB-CCCC.pdf", {}, _only(404, other=404)),
        ("POST", f"/company/invitations/{o['beta_inv'] + 1000}/revoke", {}, _only(404, other=404)),
        ("POST", "/company/members/999999/team", {"team": "x"}, _only(404, other=404)),
        (
            "POST",
            f"/company/members/{o['beta_member']}/team",
            {"team": "x"},
            _only(302, owner="other_manager"),
        ),
        ("POST", f"/company/members/{o['acme_member']}/team", {"team": "x"}, _only(302)),
        ("POST", f"/company/invitations/{o['beta_inv']}/revoke", {}, _only(302, owner="other_manager")),
        ("POST", f"/company/invitations/{o['acme_inv']}/revoke", {}, _only(302)),
        ("POST", f"/company/assignments/{o['acme_assignment']}/remove", {}, _only(302)),
        ("POST", "/company/assignments/remind", {}, MANAGER_ONLY | {"manager": 302, "other_manager": 302}),
        ("POST", "/company/invitations", {"email": ""}, MANAGER_ONLY),
        ("GET", "/admin/companies", {}, _admin_only(200)),
        ("POST", "/admin/companies", {"name": ""}, _admin_only(400)),
        ("POST", f"/admin/companies/{world.acme}/managers", {"email": ""}, _admin_only(400)),
        ("POST", "/admin/companies/999999/managers", {"email": "a@b.example"}, _admin_only(404)),
        ("POST", "/admin/companies/move", {"email": ""}, _admin_only(400)),
        ("POST", "/company/privacy", {}, _signed_in(302, participant=404, trainer=404, admin=404)),
        ("POST", "/company/leave", {}, _signed_in(302)),
    ]


@pytest.mark.parametrize("role", ROLES)
def test_access_matrix(app, client, auth, world, objects, role):
    users = {"trainer": objects["trainer"], **{k: getattr(world, k) for k in ROLES if hasattr(world, k)}}
    if role != "anonymous":
        assert auth.login(users[role].email).status_code == 302
    problems = []
    for method, path, data, expected in cases(world, objects):
        if method == "GET":
            response = client.get(path)
        else:
            response = client.post(path, data=data)
        if response.status_code != expected[role]:
            problems.append(f"{method} {path}: {response.status_code}, expected {expected[role]}")
    assert not problems, problems


def test_forms_need_csrf(app, client, auth, world, objects):
    auth.login(world.manager.email)
    for path in ("/company/join", "/company/privacy", "/company/leave", "/company/invitations",
                 f"/company/members/{objects['acme_member']}/team", f"/join/{objects['acme_code']}",
                 "/company/assignments", "/company/assignments/remind", "/company/invitations/bulk",
                 f"/company/assignments/{objects['acme_assignment']}/remove"):  # fmt: skip
        assert client.post(path, data={"code": "x"}, csrf=False).status_code == 400, path
    auth.logout()
    auth.login(world.admin.email)
    for path in ("/admin/companies", f"/admin/companies/{world.acme}/managers", "/admin/companies/move"):
        assert client.post(path, data={"name": "X", "email": "a@b.example"}, csrf=False).status_code == 400, (
            path
        )


def test_manager_never_sees_another_company(app, client, auth, world, objects):
    auth.login(world.other_manager.email)
    for path in ("/company/dashboard", "/company/report.csv", "/company/invitations", "/company/members"):
        text = client.get(path).get_data(as_text=True)
        assert (
            "Max Müller" not in text and "max@acme.example" not in text and objects["acme_cert"] not in text
        )
        assert objects["acme_code"] not in text
