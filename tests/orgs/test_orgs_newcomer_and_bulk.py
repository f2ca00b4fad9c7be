"""A newcomer joins from an invitation link (register, confirm, sign in, join with `next` kept), and
managers invite many people at once (pasted or uploaded lists), with junk input refused in words."""

from __future__ import annotations

import io
from urllib.parse import parse_qs, urlsplit

from sqlalchemy import func, select

from app.auth.models import User
from app.extensions import db
from app.orgs.bulk import parse_addresses
from app.orgs.models import Invitation
from tests.orgs.org_helpers import make_invitation, membership

NEWCOMER = {
    "email": "neu@acme.example",
    "name": "Nora Neu",
    "name_zh": "",
    "locale": "de",
    "password": "ein-langes-passwort",
    "confirm": "ein-langes-passwort",
}


#: A visitor without an account reads the page in the browser's language.
ENGLISH = {"Accept-Language": "en"}


def _user_id(app, email: str) -> int | None:
    with app.app_context():
        return db.session.scalar(select(User.id).where(User.email == email))


def test_newcomer_registers_confirms_signs_in_and_joins(app, client, world, outbox):
    with app.test_request_context():  # the invitation is mailed: links need the server's address
        code = make_invitation(app, world.acme, world.manager, email=NEWCOMER["email"])
    response = client.post(f"/join/{code}/register", data=NEWCOMER)
    assert response.status_code == 200
    assert "Acme GmbH" in response.get_data(as_text=True)  # "after confirming … you can join Acme GmbH"

    link = outbox.link(NEWCOMER["email"])
    assert parse_qs(urlsplit(link).query)["next"] == [f"/join/{code}"]
    confirmed = client.get(link)
    target = urlsplit(confirmed.headers["Location"])
    assert confirmed.status_code == 302 and target.path == "/login"
    # the address rides in the session, not in a URL that logs would keep
    assert parse_qs(target.query) == {"next": [f"/join/{code}"]}
    login_page = client.get(confirmed.headers["Location"]).get_data(as_text=True)
    assert f'value="{NEWCOMER["email"]}"' in login_page  # the address is filled in

    signed_in = client.post(
        confirmed.headers["Location"], data={"email": NEWCOMER["email"], "password": NEWCOMER["password"]}
    )
    assert signed_in.status_code == 302 and signed_in.headers["Location"] == f"/join/{code}"
    assert client.post(f"/join/{code}").status_code == 302
    joined = membership(app, _user_id(app, NEWCOMER["email"]))
    assert joined is not None and joined.org_id == world.acme


def test_personal_invitation_refuses_another_address(app, client, world, outbox):
    with app.test_request_context():  # the invitation is mailed: links need the server's address
        code = make_invitation(app, world.acme, world.manager, email=NEWCOMER["email"])
    response = client.post(
        f"/join/{code}/register", data={**NEWCOMER, "email": "someone@else.example"}, headers=ENGLISH
    )
    assert response.status_code == 400
    assert "different e-mail address" in response.get_data(as_text=True)
    assert _user_id(app, "someone@else.example") is None
    assert [m["To"] for m in outbox.messages()] == [NEWCOMER["email"]]  # only the invitation itself


def test_newcomer_form_junk_is_answered_in_words(app, client, world):
    code = make_invitation(app, world.acme, world.manager)
    for data in ({}, {**NEWCOMER, "email": "not-an-address"}, {**NEWCOMER, "confirm": "other"},
                 {**NEWCOMER, "name": "x" * 5000}, {**NEWCOMER, "email": "a\x00@b.example"}):  # fmt: skip
        response = client.post(f"/join/{code}/register", data=data)
        assert response.status_code == 400, data
        assert 'class="error"' in response.get_data(as_text=True)
    assert client.post("/join/no-such-code/register", data=NEWCOMER).status_code == 400
    with app.app_context():
        assert db.session.scalar(select(func.count(User.id)).where(User.email == NEWCOMER["email"])) == 0


def test_parse_addresses_takes_names_csv_and_reports_broken_entries():
    valid, invalid = parse_addresses('Name;E-Mail\n"Max Muster";<Max@Example.org>\nb@x.de, b@x.de\nfoo@\n')
    assert valid == ["max@example.org", "b@x.de"]
    assert invalid == ["foo@"]
    assert parse_addresses("") == ([], [])


def _invitations(app, org_id: int) -> list[str]:
    with app.app_context():
        return sorted(db.session.scalars(select(Invitation.email).where(Invitation.org_id == org_id)))


def test_bulk_invitation_pasted_and_uploaded(app, client, auth, world, outbox):
    auth.login(world.manager.email)
    response = client.post(
        "/company/invitations/bulk", data={"emails": "a@one.example\nB@Two.example; a@one.example"}
    )
    assert response.status_code == 200
    assert "2 invitations were sent" in response.get_data(as_text=True)
    upload = io.BytesIO("E-Mail\nc@three.example\nd@vier.example\n".encode("cp1252"))
    response = client.post(
        "/company/invitations/bulk",
        data={"upload": (upload, "liste.csv")},
        content_type="multipart/form-data",
    )
    assert response.status_code == 200
    assert _invitations(app, world.acme) == [
        "a@one.example",
        "b@two.example",
        "c@three.example",
        "d@vier.example",
    ]
    assert "/join/" in outbox.body(outbox.last_to("d@vier.example"))


def test_bulk_invitation_junk_keeps_the_text_and_sends_nothing(app, client, auth, world, outbox):
    auth.login(world.manager.email)
    for data, message in (
        ({"emails": ""}, "No e-mail address found"),
        ({"emails": "nobody here"}, "No e-mail address found"),
        ({"emails": "ok@fine.example, broken@"}, "not valid e-mail addresses: broken@"),
        ({"emails": "\n".join(f"p{n}@many.example" for n in range(201))}, "At most 200 addresses"),
        ({"upload": (io.BytesIO(b"\\xff\\xfe\\x00junk"), "x.csv")}, "No e-mail address found"),
        ({"upload": (io.BytesIO(b"a@b.example " * 7000), "big.csv")}, "too large"),
    ):
        response = client.post("/company/invitations/bulk", data=data, content_type="multipart/form-data")
        assert response.status_code == 400, data
        assert message in response.get_data(as_text=True), message
    assert "ok@fine.example" in client.post(
        "/company/invitations/bulk", data={"emails": "ok@fine.example, broken@"}
    ).get_data(as_text=True)  # the pasted text comes back to be corrected
    assert _invitations(app, world.acme) == [] and not outbox.messages()
