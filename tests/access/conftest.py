"""The scene for the access walk: two companies with their people and objects on each side, trainers, and
a snapshot of the database to prove that a refused request changed nothing.

Placeholders of the expectations table (tests/access/expectations.py) come from ``Scene.ids``."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from app.auth.models import Role
from app.certificates.ids import new_certificate_id
from app.certificates.models import Certificate
from app.courses.models import CourseAsset, CourseTrainer
from app.extensions import db
from app.hrapi.models import ApiToken
from app.hrapi.tokens import revoke_token
from app.orgs.models import Membership
from app.quizzes.models import QuizAttempt
from tests.access.scene import (
    MAX_ID,
    Scene,
    one,
    signed_in_client,
)
from tests.fixtures.accounts import PASSWORD, Auth
from tests.fixtures.hrapi import new_token
from tests.fixtures.learning import QuizTaker
from tests.orgs.org_helpers import complete, invitation_id, make_invitation


@pytest.fixture
def scene(app, world, create_user) -> Scene:
    """Objects on both sides, created in the order A, B so that "own id + 1" is the other company's."""
    trainer = create_user(role=Role.TRAINER, email="tina@trainers.example", name="Tina Trainer", locale="en")
    other_trainer = create_user(
        role=Role.TRAINER, email="otto@trainers.example", name="Otto Other", locale="en"
    )
    with app.app_context():
        db.session.add(CourseTrainer(course_id=world.course_id, user_id=trainer.id))
        db.session.commit()

    # Certificates (completions written straight into the database) of A's and B's members and of the
    # participant in no company.
    certs = {
        key: complete(app, getattr(world, user).id, world.course_id)
        for key, user in (("a", "member"), ("b", "other_member"), ("p", "participant"))
    }
    cert_pk = {
        key: one(app, select(Certificate.id).where(Certificate.public_id == public_id))
        for key, public_id in certs.items()
    }

    # Quiz attempts: a submitted one of each member, and an open one of A's member.
    attempts = {}
    for key, user in (("a", world.member), ("b", world.other_member)):
        attempts[key], _response = QuizTaker(app, signed_in_client(app, user.email)).take(right=False)
    attempts["open"], _quiz, _layout = QuizTaker(app, signed_in_client(app, world.member.email)).open()

    codes = {
        "a": make_invitation(app, world.acme, world.manager),
        "b": make_invitation(app, world.beta, world.other_manager),
    }
    invitations = {key: invitation_id(app, code) for key, code in codes.items()}
    secrets = {
        "a": new_token(app, world.acme, "Acme HR sync"),
        "b": new_token(app, world.beta, "Beta HR sync"),
    }
    secrets["revoked"] = new_token(app, world.acme, "Acme old sync")
    with app.app_context():
        tokens = {t.label: t.id for t in db.session.scalars(select(ApiToken))}
        revoke_token(db.session.get(ApiToken, tokens["Acme old sync"]))
        db.session.commit()

    # A draft in the editor, saved by the assigned trainer.
    editor = signed_in_client(app, trainer.email)
    saved = editor.post(
        "/trainer/courses/sample/basics/module/en",
        data={"source": "---\ntitle: Draft by Tina\n---\n\nNot published yet.\n", "base": "1", "save": "1"},
    )
    assert saved.status_code == 200, saved.status_code

    with app.app_context():
        memberships = {
            key: db.session.scalar(select(Membership.id).where(Membership.user_id == user.id))
            for key, user in (
                ("a", world.member),
                ("b", world.other_member),
                ("manager_b", world.other_manager),
            )
        }
        teams = {"a": "Acme Labs", "b": "Beta Skunkworks"}
        for key, team in teams.items():
            db.session.get(Membership, memberships[key]).team = team
        db.session.commit()
        asset = db.session.execute(select(CourseAsset.sha256, CourseAsset.path).limit(1)).one()
        next_id = {
            model: (db.session.scalar(select(func.max(model.id))) or 0) + 1
            for model in (Membership, ApiToken, QuizAttempt)
        }
    # The sequential neighbour of A's object is B's: guessing "own id + 1" must hit a 404.
    assert invitations["b"] == invitations["a"] + 1 and memberships["b"] == memberships["a"] + 1
    assert tokens["Beta HR sync"] == tokens["Acme HR sync"] + 1 and attempts["b"] > attempts["a"]

    ids = {
        "max": MAX_ID,
        "acme": world.acme, "beta": world.beta, "org_next": world.beta + 1,
        "course": world.course_id,
        "cert_a": certs["a"], "cert_b": certs["b"], "cert_p": certs["p"],
        "cert_a_pk": cert_pk["a"], "cert_b_pk": cert_pk["b"],
        "cert_random": new_certificate_id(), "cert_lower": certs["b"].lower(),
        "inv_a": invitations["a"], "inv_b": invitations["b"], "inv_next": invitations["b"] + 1,
        "code_a": codes["a"], "code_b": codes["b"],
        "mem_a": memberships["a"], "mem_b": memberships["b"], "mem_manager_b": memberships["manager_b"],
        "mem_next": next_id[Membership],
        "tok_a": tokens["Acme HR sync"], "tok_b": tokens["Beta HR sync"],
        "tok_revoked": tokens["Acme old sync"],
        "tok_next": next_id[ApiToken],
        "att_a": attempts["a"], "att_b": attempts["b"], "att_open": attempts["open"],
        "att_next": next_id[QuizAttempt],
        "participant": world.participant.id,
        "trainer": trainer.id, "other_trainer": other_trainer.id, "user_next": other_trainer.id + 1,
        "email_participant": world.participant.email, "email_member_b": world.other_member.email,
        "asset_sha": asset.sha256, "asset_name": asset.path.rsplit("/", 1)[-1],
    }  # fmt: skip
    emails = {
        "participant": world.participant.email,
        "member_a": world.member.email,
        "member_b": world.other_member.email,
        "manager_a": world.manager.email,
        "manager_b": world.other_manager.email,
        "trainer": trainer.email,
        "other_trainer": other_trainer.email,
        "admin": world.admin.email,
    }
    private = {
        side: [member.email, member.name, manager.email, manager.name, teams[side]]
        for side, member, manager in (
            ("a", world.member, world.manager), ("b", world.other_member, world.other_manager)
        )
    }  # fmt: skip
    labels = {"a": "Acme HR sync", "b": "Beta HR sync"}
    marks = {
        side: [*private[side], certs[side], codes[side], secrets[side][:10], labels[side]] for side in "ab"
    }
    people = {
        "a": {world.member.id, world.manager.id},
        "b": {world.other_member.id, world.other_manager.id},
    }
    return Scene(emails=emails, ids=ids, secrets=secrets, private=private, marks=marks, people=people)


@pytest.fixture
def login(client):  # type: ignore[no-untyped-def]
    """Sign the test client in as ``email``."""

    def sign_in(email: str) -> None:
        response = Auth(client).login(email, PASSWORD)
        assert response.status_code == 302, f"cannot sign in as {email}"

    return sign_in
