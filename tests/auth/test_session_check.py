"""The session check of every signed-in request reads the session and its account as plain columns (one Core
statement) and puts them into the request's database session as loaded objects: everything that uses
``current_user`` or ``current_session()`` gets what an ORM query would have given it."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager

from flask import g
from flask_login import current_user
from sqlalchemy import event, inspect, select

from app.auth.login import current_session
from app.auth.models import User
from app.extensions import db
from app.sessions.models import UserSession
from tests.auth.test_session_records import sign_in
from tests.fixtures.web import counted_statements
from tests.learning.test_statements_per_page import BUDGETS


def checked(app, browser):  # type: ignore[no-untyped-def]
    """A request context of ``browser`` (its cookies) in which the session check has run."""
    cookie = browser.get_cookie("session").value
    context = app.test_request_context("/learning", headers={"Cookie": f"session={cookie}"})
    context.push()
    current_user._get_current_object()
    return context


def test_the_check_loads_no_orm_entity_and_sends_one_statement(app, create_user):
    anna = create_user(email="anna@example.org")
    browser = sign_in(app, anna.email)
    browser.get("/learning")  # the first page after signing in may save its session
    loaded = []

    def note(target, _context) -> None:  # type: ignore[no-untyped-def]
        loaded.append(type(target).__name__)

    for model in (User, UserSession):
        event.listen(model, "load", note)
    try:
        with counted_statements(app) as statements:
            context = checked(app, browser)
            context.pop()
    finally:
        for model in (User, UserSession):
            event.remove(model, "load", note)
    assert loaded == []
    assert len(statements) == 1 and "user_sessions" in statements[0], statements


def test_the_account_and_session_are_persistent_objects_as_if_loaded(app, create_user):
    anna = create_user(email="anna@example.org", name="Anna Müller", locale="en")
    browser = sign_in(app, anna.email)
    context = checked(app, browser)
    try:
        user, record = current_user._get_current_object(), current_session()
        assert isinstance(user, User) and inspect(user).persistent and user in db.session
        assert inspect(record).persistent and record.user is user and g.user_session is record
        assert not db.session.dirty and not db.session.new
        with counted_statements(app) as statements:  # from the identity map, no query
            assert db.session.get(User, anna.id) is user
            assert db.session.get(UserSession, record.id) is record
        assert statements == []
        fresh = db.session.execute(select(User.__table__).where(User.id == anna.id)).one()
        assert {column: getattr(user, column) for column in fresh._fields} == fresh._asdict()
        user.name = "Anna Schmidt"  # a change is flushed as a loaded object's
        db.session.commit()
    finally:
        context.pop()
    with app.app_context():
        assert db.session.get(User, anna.id).name == "Anna Schmidt"


@contextmanager
def refreshes() -> Iterator[list[tuple[str, frozenset[str]]]]:
    """Each object of the two models whose expired columns are read inside the block, and which columns."""
    refreshed: list[tuple[str, frozenset[str]]] = []

    def note(target, _context, names) -> None:  # type: ignore[no-untyped-def]
        refreshed.append((type(target).__name__, frozenset(names or ())))

    for model in (User, UserSession):
        event.listen(model, "refresh", note)
    try:
        yield refreshed
    finally:
        for model in (User, UserSession):
            event.remove(model, "refresh", note)


def test_the_signed_in_pages_use_no_column_the_check_leaves_unread(app, client, sample, create_user, auth):
    """The check reads only the columns that pages use on every request; the others are expired, and a page
    that used one would pay a statement more (the sessions page and the profile may)."""
    user = create_user(email="paula@example.org")
    assert auth.login(user.email).status_code == 302
    with refreshes() as refreshed:
        for path in BUDGETS:
            assert client.get(path).status_code == 200
        assert refreshed == []
        assert client.get("/profile").status_code == 200  # shows when the account was made: read then
    assert [names for model, names in refreshed if model == "User" and "created_at" in names], refreshed


def test_an_unread_column_is_read_on_access_and_a_change_to_it_is_saved(app, create_user):
    anna = create_user(email="anna@example.org")
    browser = sign_in(app, anna.email)
    context = checked(app, browser)
    try:
        user, record = current_user._get_current_object(), current_session()
        assert {"password_hash", "created_at"} <= inspect(user).unloaded
        assert record.token_hash and record.ended_at is None and "user_agent" in inspect(record).unloaded
        with counted_statements(app) as statements:
            assert record.user_agent == "Werkzeug/" + record.user_agent.split("/", 1)[1]
            created = user.created_at
        assert len(statements) == 2, statements
        assert created == db.session.execute(select(User.created_at).where(User.id == anna.id)).scalar()
        user.last_login_at = created
        db.session.commit()
    finally:
        context.pop()
    with app.app_context():
        assert db.session.get(User, anna.id).last_login_at == created


def test_an_account_the_session_holds_already_is_kept(app, create_user):
    anna = create_user(email="anna@example.org")
    browser = sign_in(app, anna.email)
    with app.app_context():
        held = db.session.get(User, anna.id)
        held.name = "Not saved yet"
        context = checked(app, browser)
        try:
            assert current_user._get_current_object() is held
            assert current_user.name == "Not saved yet"
        finally:
            context.pop()


FIRST_REQUEST = """
import sys
from app import create_app
app = create_app("testing")
client = app.test_client()
client.set_cookie("session", sys.argv[1])
response = client.get("/profile")
print(response.status_code)
"""


def test_a_signed_in_request_may_be_a_process_s_first_use_of_the_orm(app, create_user):
    """The check makes its objects without a query, so it configures the mappers itself (a new worker's first
    request failed with an AttributeError)."""
    create_user(email="anna@example.org")
    browser = sign_in(app, "anna@example.org")
    result = subprocess.run(
        [sys.executable, "-c", FIRST_REQUEST, browser.get_cookie("session").value],
        capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    assert result.stdout.split()[-1:] == ["200"], result.stderr[-2000:]


def test_a_change_to_the_account_writes_only_what_changed_and_commit_expires_it(app, create_user):
    """The objects are built without the ORM's loading: their committed state must be what a load leaves, so
    that a flush writes only real changes and expiring them reads them again (the app's sessions keep objects
    at commit, expire_on_commit=False; an explicit expire is what a refresh does)."""
    anna = create_user(email="anna@example.org", name="Anna Müller")
    browser = sign_in(app, anna.email)
    context = checked(app, browser)
    try:
        user = current_user._get_current_object()
        user.name = "Anna Müller"  # the same value: nothing to write
        with counted_statements(app) as statements:
            db.session.flush()
        assert not [s for s in statements if s.lstrip().upper().startswith("UPDATE")], statements
        user.name = "Anna Schmidt"
        with counted_statements(app) as statements:
            db.session.flush()
        updates = [s for s in statements if s.lstrip().upper().startswith("UPDATE")]
        assert (
            len(updates) == 1 and "SET name=" in updates[0].replace(" = ", "=") and "email" not in updates[0]
        )
        db.session.commit()
        db.session.expire(user)
        assert "name" in inspect(user).expired_attributes
        assert user.name == "Anna Schmidt" and user.email == "anna@example.org"  # read again
    finally:
        context.pop()


def test_nothing_on_the_two_models_expects_the_orm_s_loading(app):
    """``app/sessions/rows.py`` fires no load events and fills every column: a load listener, a reconstructor
    or a deferred column on User or UserSession would be skipped silently, so none may exist."""
    for model in (User, UserSession):
        mapper = inspect(model)
        assert not mapper.class_manager.dispatch.load, model
        assert not any(prop.deferred for prop in mapper.column_attrs), model
