"""The command line: create prints the id last, list, attendance as CSV, check-in; bad input changes nothing."""

from __future__ import annotations

import csv
import io

from sqlalchemy import func, select

from app.extensions import db
from app.workshops.models import Workshop

BASE = ["workshops", "create", "--title-de", "Patente", "--title-en", "Patents", "--title-zh", "专利",
        "--starts", "2030-03-10T09:00", "--ends", "2030-03-10T17:00", "--tz", "Europe/Berlin",
        "--capacity", "20", "--venue", "Düsseldorf", "--hours", "8"]  # fmt: skip


def _count(app) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(Workshop))


def test_create_prints_the_id_and_stores_utc(app, runner):
    result = runner.invoke(args=BASE)
    assert result.exit_code == 0, result.output
    workshop_id = int(result.output.strip().splitlines()[-1])
    with app.app_context():
        workshop = db.session.get(Workshop, workshop_id)
        assert (
            workshop.starts_at.isoformat() == "2030-03-10T08:00:00"
        )  # CET is UTC+1 in March before the 31st
        assert workshop.timezone == "Europe/Berlin" and workshop.cpd_hours == 8
    listed = runner.invoke(args=["workshops", "list"])
    assert f"{workshop_id}\t2030-03-10 09:00 Europe/Berlin\t0/20\tPatents" in listed.output


def _replace(args: list[str], option: str, value: str) -> list[str]:
    args = list(args)
    args[args.index(option) + 1] = value
    return args


def test_bad_input_is_refused_clearly_and_changes_nothing(app, runner):
    cases = {
        ("--ends", "2030-03-10T08:00"): "must end after it starts",
        ("--tz", "Europe/Düsseldorf"): "Unknown time zone 'Europe/Düsseldorf'",
        ("--capacity", "0"): "capacity must be between",
        ("--starts", "tomorrow"): "--starts: 'tomorrow' is not a date and time",
    }
    for (option, value), message in cases.items():
        result = runner.invoke(args=_replace(BASE, option, value))
        assert result.exit_code == 1, (option, result.output)
        assert message in result.output and "Traceback" not in result.output
    assert runner.invoke(args=BASE + ["--course", "no-such"]).exit_code == 1
    assert _count(app) == 0


def test_attendance_csv_and_check_in(app, runner, create_user, make_workshop):
    from app.auth.models import User
    from app.workshops import services

    early = make_workshop(capacity=1, days=2)
    workshop_id = make_workshop(capacity=1, days=0.02)  # check-in opens an hour before the start
    first = create_user(email="first@example.org", name="Erste Person")
    second = create_user(email="second@example.org", name="Zweite Person")
    with app.app_context():
        workshop = db.session.get(Workshop, workshop_id)
        for person in (first, second):
            services.register(workshop, db.session.get(User, person.id))
        db.session.commit()
    refused = runner.invoke(args=["workshops", "check-in", str(workshop_id), "--email", "second@example.org"])
    assert refused.exit_code == 1 and "holds no seat" in refused.output
    with app.app_context():
        services.register(db.session.get(Workshop, early), db.session.get(User, first.id))
        db.session.commit()
    too_early = runner.invoke(args=["workshops", "check-in", str(early), "--email", "first@example.org"])
    assert too_early.exit_code == 1 and "check-in opens an hour before the start" in too_early.output
    done = runner.invoke(args=["workshops", "check-in", str(workshop_id), "--email", "first@example.org"])
    assert done.exit_code == 0, done.output
    rows = list(
        csv.DictReader(io.StringIO(runner.invoke(args=["workshops", "attendance", str(workshop_id)]).output))
    )
    assert [(r["email"], r["status"], r["attendance"]) for r in rows] == [
        ("first@example.org", "registered", "attended"),
        ("second@example.org", "waitlisted", ""),
    ]
    assert runner.invoke(args=["workshops", "attendance", "999"]).exit_code == 1
