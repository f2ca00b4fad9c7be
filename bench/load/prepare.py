"""Everything the load test needs before the server starts: a fresh database with the demo, the
participants' accounts and the answer key the simulated participants study from.

The accounts are created here, confirmed, because e-mail confirmation cannot be clicked by a load
generator for every user in time; a share of the simulated users still registers through the form and
confirms with the link from the outbox (see locustfile.py).
"""

from __future__ import annotations

import functools
import json
import logging
import os
from pathlib import Path
from typing import Any

import psycopg
from psycopg import sql

#: Domain of every account the load test creates or registers (special-use names are refused).
DOMAIN = "load.chinvalue.example"
PASSWORD = "load-participant-2026"
LOCALES = ("de", "en", "zh")


def admin_url(server: str) -> str:
    """The maintenance database on ``server`` (host:port), as user postgres without a password."""
    return f"postgresql://postgres@{server}/postgres"


def create_database(server: str, name: str) -> str:
    """Create an empty database ``name``; returns its SQLAlchemy URL."""
    with psycopg.connect(admin_url(server), autocommit=True) as conn:
        conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    return f"postgresql+psycopg://postgres@{server}/{name}"


def drop_database(server: str, name: str) -> None:
    with psycopg.connect(admin_url(server), autocommit=True) as conn:
        conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))


def account_email(number: int) -> str:
    return f"participant-{number:04d}@{DOMAIN}"


def participant_name(number: int) -> str:
    """ "Load Participant Bc": a certificate prints names of letters only, so the number is spelt in letters."""
    letters = ""
    while number:
        number, digit = divmod(number, 26)
        letters = "abcdefghijklmnopqrstuvwxyz"[digit] + letters
    return f"Load Participant {letters.capitalize()}"


def _label(html: str) -> str:
    """What the quiz page shows for an item: the HTML with tags stripped, as Jinja's striptags does."""
    from markupsafe import Markup

    return " ".join(Markup(html).striptags().split())  # noqa: S704 (only stripped, never output)


def answer_key(quiz: dict[str, Any]) -> dict[str, Any]:
    """The right answer to every question of a stored quiz, in terms of what its page shows."""
    key: dict[str, Any] = {}
    for q in quiz["questions"]:
        kind = q["type"]
        if kind in ("single", "truefalse", "multiple"):
            key[q["id"]] = {"type": kind, "right": [o["id"] for o in q["options"] if o["correct"]]}
        elif kind == "text":
            key[q["id"]] = {"type": kind, "right": q["text_answers"][0]["text"]}
        elif kind == "numeric":
            answer = q["numeric_answers"][0]
            value = answer["low"] if answer["kind"] == "range" else answer["value"]
            key[q["id"]] = {"type": kind, "right": str(value).replace(".", ",")}
        elif kind == "matching":
            right = {p["id"]: _label(p["right_html"]) for p in q["pairs"]}
            key[q["id"]] = {
                "type": kind,
                "right": {p["id"]: right[p["id"]] for p in q["pairs"] if p["left_md"]},
            }
        elif kind == "ordering":
            labels = {o["id"]: _label(o["text_html"]) for o in q["options"]}
            key[q["id"]] = {"type": kind, "right": {labels[i]: n for n, i in enumerate(q["order"], start=1)}}
    return key


def _app(database_url: str, instance: Path, secret: str):  # type: ignore[no-untyped-def]
    """A development app on ``database_url`` (`flask demo load` refuses production; the servers run it)."""
    os.environ.update(INSTANCE_PATH=str(instance), SECRET_KEY=secret, DATABASE_URL=database_url)
    from app import create_app

    app = create_app("development")
    logging.getLogger().setLevel(logging.WARNING)  # not one line per account
    return app


def _courses_and_key() -> tuple[list[dict[str, Any]], dict[str, Any]]:
    """Every course with its quiz modules in order, and the answer key per course, module and language."""
    from app.courses.models import Course
    from app.courses.queries import active_modules
    from app.extensions import db

    courses, key = [], {}
    for course in db.session.scalars(db.select(Course).order_by(Course.id)):
        modules = []
        for module in active_modules(course):
            revision = module.published_quiz()
            if revision is None:
                continue
            modules.append(module.slug)
            for text in revision.texts:
                key[f"{course.slug}/{module.slug}/{text.lang}"] = answer_key(text.data)
        courses.append({"slug": course.slug, "modules": modules})
    return courses, key


def _run(app, *args: str) -> None:  # type: ignore[no-untyped-def]
    result = app.test_cli_runner().invoke(args=list(args))
    if result.exit_code != 0:
        raise RuntimeError(f"flask {' '.join(args)} failed:\n{result.output}")


def remember_cookie(email: str) -> str:
    """A "stay signed in" session of ``email``, started as a sign-in starts one (app.sessions), and the
    value of the remember-me cookie a browser keeps for it: a participant's earlier visit."""
    from flask_login.utils import encode_cookie

    from app.auth.services import find_by_email
    from app.sessions import services as sessions

    user = find_by_email(email)
    _record, token = sessions.start(
        user.id, remember=True, user_agent="Mozilla/5.0 (load test)", ip="127.0.0.1"
    )
    return encode_cookie(token)


def prepare(
    database_url: str, instance: Path, secret: str, accounts: int, out: Path, returning: float = 0.0
) -> dict[str, Any]:
    """Migrate, load the demo, create ``accounts`` confirmed participants; writes the plan to ``out``.

    The plan (JSON) lists the courses with their modules in order, the answer key per course, module and
    language, the accounts with their password, and for the share ``returning`` of them the remember-me
    cookie of a "stay signed in" session from an earlier visit.
    """
    from flask_migrate import upgrade

    from app.auth import services
    from app.extensions import db

    app = _app(database_url, instance, secret)
    with app.app_context():
        upgrade()
        _run(app, "demo", "load")
        # Every account has the same password: hash it once (a real scrypt hash, so every sign-in costs
        # what it costs in production) instead of 1,000 times while preparing.
        from app.auth.passwords import hash_password

        services.hash_password = functools.partial(lambda h, _password: h, hash_password(PASSWORD))
        emails = []
        for number in range(1, accounts + 1):
            email = account_email(number)
            locale = LOCALES[number % len(LOCALES)]
            services.register(email, PASSWORD, participant_name(number), None, locale, confirmed=True)
            emails.append(email)
        db.session.commit()
        remember = {}
        for number, email in enumerate(emails, start=1):
            if int(number * returning) != int((number - 1) * returning):
                remember[email] = remember_cookie(email)
        db.session.commit()
        courses, key = _courses_and_key()
        db.session.remove()
        db.engine.dispose()
    plan = {"courses": courses, "key": key, "accounts": emails, "password": PASSWORD, "domain": DOMAIN}
    plan["remember"] = remember
    out.write_text(json.dumps(plan, ensure_ascii=False))
    return plan


def prepare_course(database_url: str, instance: Path, secret: str, course: Path, out: Path) -> dict[str, Any]:
    """Migrate, import one course folder and create the development signing CA (as the demo does): the
    smaller setup of the two-server test. Writes the plan (courses and answer key, no accounts)."""
    from flask_migrate import upgrade

    from app.certificates.keys import dev_pki
    from app.extensions import db

    app = _app(database_url, instance, secret)
    with app.app_context():
        upgrade()
        _run(app, "courses", "import", str(course))
        dev_pki(app.instance_path, app.config["CERT_ISSUER"])
        courses, key = _courses_and_key()
        db.session.remove()
        db.engine.dispose()
    plan = {"courses": courses, "key": key, "accounts": [], "password": PASSWORD, "domain": DOMAIN}
    out.write_text(json.dumps(plan, ensure_ascii=False))
    return plan


if __name__ == "__main__":  # used by bench/cluster.py, in a process of its own (it sets the environment)
    import sys

    database_url, instance, secret, course, out = sys.argv[1:6]
    prepare_course(database_url, Path(instance), secret, Path(course), Path(out))
