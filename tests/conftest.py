"""Shared fixtures: one app per session, a clean database per test, builders and an auth helper.

The database is SQLite (a file in a temporary folder) unless TEST_DATABASE_URL points at PostgreSQL.
"""

from __future__ import annotations

import email
import os
import re
from email.message import Message
from pathlib import Path

import pytest
from flask.testing import FlaskClient
from sqlalchemy import text

from app import create_app
from app.auth import services
from app.auth.models import Role, User
from app.courses.queries import clear_text_cache
from app.extensions import db, limiter

PASSWORD = "correct-horse-battery"


@pytest.fixture(scope="session")
def instance_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("instance")
    os.environ["INSTANCE_PATH"] = str(path)
    return path


CSRF_FIELD = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"|name="csrf_token" value="([^"]+)"')


class CsrfClient(FlaskClient):
    """A test client that sends a valid CSRF token with every form POST, as a browser would, and reads
    every answer to the end.

    Pass ``csrf=False`` to send the form without one.
    """

    def csrf_token(self) -> str:
        page = self.get("/").get_data(as_text=True)
        found = CSRF_FIELD.search(page)
        assert found, "no CSRF token on the home page"
        return found.group(1) or found.group(2)

    def open(self, *args, **kwargs):  # type: ignore[no-untyped-def, override]
        """Read the whole answer, then close it, as a server does: work registered to run after the
        response (app/unit_of_work.py: mail and jobs after the commit) has run when this returns."""
        kwargs.setdefault("buffered", True)
        return super().open(*args, **kwargs)

    def post(self, *args, csrf: bool = True, **kwargs):  # type: ignore[no-untyped-def, override]
        data = kwargs.setdefault("data", {})
        if csrf and isinstance(data, dict) and "csrf_token" not in data:
            kwargs["data"] = {**data, "csrf_token": self.csrf_token()}
        return super().post(*args, **kwargs)


@pytest.fixture(scope="session")
def app(instance_dir: Path):
    app = create_app("testing")
    app.test_client_class = CsrfClient
    with app.app_context():
        db.drop_all()
        db.create_all()
    yield app
    with app.app_context():
        db.session.remove()
        db.drop_all()
        db.engine.dispose()


@pytest.fixture(autouse=True)
def _clean_state(request: pytest.FixtureRequest):
    """Empty every table, the outbox and the rate-limit counts after each test that used the app."""
    yield
    if "app" not in request.fixturenames:
        return
    app = request.getfixturevalue("app")
    with app.app_context():
        db.session.remove()
        tables = list(reversed(db.metadata.sorted_tables))
        with db.engine.begin() as conn:
            if conn.dialect.name == "postgresql":
                names = ", ".join(f'"{t.name}"' for t in tables)
                conn.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
            else:
                conn.execute(text("PRAGMA defer_foreign_keys=ON"))  # tables that refer to each other
                for table in tables:
                    conn.execute(table.delete())
    clear_text_cache()
    with app.app_context():
        limiter.reset()  # the limiter's memory storage lives as long as the session's app
    outbox = Path(app.instance_path) / "outbox"
    for message in outbox.glob("*.eml"):
        message.unlink()


@pytest.fixture
def app_ctx(app):
    with app.app_context():
        yield


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


@pytest.fixture
def create_user(app):
    """Builder: ``create_user(role=Role.ADMIN, email=..., locale=...)`` returns a confirmed user's id."""
    counter = iter(range(1, 10_000))

    def build(
        role: Role = Role.PARTICIPANT,
        email: str | None = None,
        name: str = "Anna Müller",
        name_zh: str | None = None,
        locale: str = "de",
        password: str = PASSWORD,
        confirmed: bool = True,
    ) -> User:
        with app.app_context():
            email = email or f"user{next(counter)}@example.org"
            user = services.register(email, password, name, name_zh, locale, role, confirmed=confirmed).user
            db.session.commit()
            db.session.refresh(user)
            db.session.expunge(user)
            return user

    return build


class Outbox:
    """The mail written by the app, read back as parsed messages (oldest first)."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def messages(self) -> list[Message]:
        files = sorted(self.folder.glob("*.eml")) if self.folder.exists() else []
        return [email.message_from_bytes(f.read_bytes(), policy=email.policy.default) for f in files]

    def last_to(self, address: str) -> Message:
        matching = [m for m in self.messages() if m["To"] == address]
        assert matching, f"no mail to {address}"
        return matching[-1]

    @staticmethod
    def body(message: Message) -> str:
        return message.get_body(preferencelist=("plain",)).get_content()

    def link(self, address: str) -> str:
        """The first link in the newest message to ``address``, as a path on the test server."""
        found = re.search(r"https?://[^/\s]+(/\S+)", self.body(self.last_to(address)))
        assert found, "no link in the mail"
        return found.group(1)


@pytest.fixture
def outbox(app) -> Outbox:
    return Outbox(Path(app.instance_path) / "outbox")


class Auth:
    def __init__(self, client) -> None:  # type: ignore[no-untyped-def]
        self.client = client

    def login(self, email: str, password: str = PASSWORD, **extra):  # type: ignore[no-untyped-def]
        data = {"email": email, "password": password, **extra}
        return self.client.post("/login", data=data)

    def logout(self):  # type: ignore[no-untyped-def]
        return self.client.post("/logout")


@pytest.fixture
def auth(client) -> Auth:
    return Auth(client)


def without_tokens(page: str, *emails: str) -> str:
    """A page with CSRF token values and the given addresses blanked, for comparing two answers."""
    page = re.sub(r'(name="csrf_token"[^>]*value=")[^"]+', r"\1", page)
    page = re.sub(r'(value=")[^"]+("[^>]*name="csrf_token")', r"\1\2", page)
    for address in emails:
        page = page.replace(address, "EMAIL")
    return page
