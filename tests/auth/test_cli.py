"""`flask users create` and `flask users set-role`."""

from sqlalchemy import select

from app.auth.models import User
from app.extensions import db


def test_create_user(runner, app):
    result = runner.invoke(
        args=[
            "users",
            "create",
            "--email",
            "T@Example.org",
            "--password",
            "long-enough-pw",
            "--name",
            "Li Wei",
            "--name-zh",
            "李伟",
            "--lang",
            "zh",
            "--role",
            "trainer",
        ]
    )
    assert result.exit_code == 0, result.output
    with app.app_context():
        user = db.session.scalar(select(User))
        assert (user.email, user.role, user.name_zh, user.locale) == (
            "t@example.org",
            "trainer",
            "李伟",
            "zh",
        )
        assert user.email_confirmed_at is not None


def test_password_is_asked_for_when_missing(runner, app):
    result = runner.invoke(
        args=["users", "create", "--email", "a@example.org", "--name", "Anna"],
        input="long-enough-pw\nlong-enough-pw\n",
    )
    assert result.exit_code == 0, result.output
    assert "long-enough-pw" not in result.output


def test_bad_values_are_reported_per_option(runner, app):
    result = runner.invoke(
        args=[
            "users",
            "create",
            "--email",
            "not-an-email",
            "--password",
            "short",
            "--name",
            "王芳",
            "--name-zh",
            "Wang",
        ]
    )
    assert result.exit_code == 2
    for option in ("--email", "--password", "--name:", "--name-zh"):
        assert option in result.output
    assert "Traceback" not in result.output
    with app.app_context():
        assert db.session.scalar(select(User)) is None


def test_duplicate_is_refused(runner, create_user):
    create_user(email="anna@example.org")
    result = runner.invoke(
        args=["users", "create", "--email", "anna@example.org", "--password", "xxxxxxxxxx", "--name", "Anna"]
    )
    assert result.exit_code == 1 and "already exists" in result.output


def test_set_role(runner, create_user, app):
    create_user(email="anna@example.org")
    assert runner.invoke(args=["users", "set-role", "anna@example.org", "admin"]).exit_code == 0
    with app.app_context():
        assert db.session.scalar(select(User.role)) == "admin"
