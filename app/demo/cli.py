"""`flask demo load`: demo accounts and the courses in courses/, for a local try-out."""

from __future__ import annotations

from pathlib import Path

import click
from flask import current_app
from flask.cli import AppGroup
from sqlalchemy import select

from app.auth import services
from app.auth.models import Role
from app.courses.importer import import_course, load_for_import
from app.courses.models import Course, CourseTrainer
from app.demo.attempts import demo_people, simulate_cohort
from app.demo.partial import start_demo_course
from app.extensions import db
from app.urls import external_url

COURSES = Path(__file__).resolve().parents[2] / "courses"

#: Development-only accounts; `flask demo load` refuses to run in production.
DEMO_ACCOUNTS = [
    ("admin@chinvalue.example", "demo-admin-2026", "Anna Admin", None, "de", Role.ADMIN),
    ("trainer@chinvalue.example", "demo-trainer-2026", "Li Wei", "李伟", "zh", Role.TRAINER),
    (
        "participant@chinvalue.example",
        "demo-participant-2026",
        "Jonas Becker",
        None,
        "de",
        Role.PARTICIPANT,
    ),
    ("manager@chinvalue.example", "demo-manager-2026", "Katrin Schulz", None, "de", Role.PARTICIPANT),
    (
        "teilnehmerin@chinvalue.example",
        "demo-participant-2026",
        "Wang Fang",
        "王芳",
        "zh",
        Role.PARTICIPANT,
    ),
]


@click.group("demo", cls=AppGroup)
def demo_cli() -> None:
    """Demo data for local development."""


@demo_cli.command("load")
def load() -> None:
    """Create the demo accounts, import the courses in courses/ (both idempotent), print the logins.

    Then the demo data (each idempotent): a simulated cohort, a completed course with its certificate for
    the demo participant, the Chinese demo participant halfway through the Chinese-source course, a company,
    and workshops (three upcoming, one past with attendance and blended certificates).
    """
    if current_app.config["ENV_NAME"] == "production":
        raise click.ClickException("demo data is for development only")
    for email, password, name, name_zh, locale, role in DEMO_ACCOUNTS:
        services.register(email, password, name, name_zh, locale, role, confirmed=True)
    db.session.commit()
    courses, problems, assets = load_for_import(COURSES)
    for problem in problems:
        if problem.severity == "error":
            click.echo(str(problem), err=True)
    for loaded in courses:
        report = import_course(loaded, assets)
        db.session.commit()
        click.echo(f"Course {loaded.spec.slug}: {report.status}")
    _assign_demo_trainer()
    click.echo("Demo accounts (e-mail / password / role):")
    for email, password, _name, _zh, _locale, role in DEMO_ACCOUNTS:
        click.echo(f"  {email:<36} {password:<24} {_role_label(email, role)}")
    cohort = simulate_cohort()
    db.session.commit()
    click.echo(
        f"Demo cohort: {cohort.participants} new participants, {cohort.attempts} quiz attempts created"
    )
    from app.demo.certificate import complete_demo_course  # the demo participant holds a certificate

    certificate = complete_demo_course()
    db.session.commit()
    if certificate is not None:
        click.echo(f"Demo certificate: {certificate.public_id} ({certificate.user.email})")
    started = start_demo_course()  # the Chinese demo participant, halfway through the Chinese course
    db.session.commit()
    if started is not None:
        click.echo(
            f"Demo progress: {started.email} passed {started.passed} of {started.modules} modules of "
            f"{started.course}, reading {started.opened}"
        )
    _demo_company()
    _demo_workshops()


def _demo_workshops() -> None:
    """Upcoming workshops (Düsseldorf, online from Suzhou, Shanghai) and a past one with certificates."""
    from app.workshops.demo import demo_workshops

    for workshop in demo_workshops():
        db.session.commit()
        click.echo(f"Demo workshop {workshop.id}: {workshop.title_in('en')} ({workshop.timezone})")


def _demo_company() -> None:
    """The demo company, its manager, an invitation for the demo participant and an API token (printed once)."""
    from app.demo.company import demo_company

    company = demo_company([person.email for person in demo_people(36)])
    db.session.commit()
    if company is None or company.invitation is None:
        return
    click.echo(f"Demo company: {company.org.name} (manager@chinvalue.example manages it)")
    with current_app.test_request_context():  # url_for outside a request; the host is SERVER_BASE_URL
        link = external_url("orgs.join_link", code=company.invitation.code)
    click.echo(f"  invitation link: {link}")
    click.echo(f"  HR API token:    {company.token}")


def _role_label(email: str, role: Role) -> str:
    """The role as the printout names it: the demo company's manager is "manager of <company>"."""
    from app.demo.company import COMPANY, MANAGER

    return f"manager of {COMPANY}" if email == MANAGER else role.value


def _assign_demo_trainer() -> None:
    """The demo trainer edits and analyses every course (admins assign trainers; here the demo does)."""
    trainer = services.find_by_email(DEMO_ACCOUNTS[1][0])
    for course in db.session.scalars(select(Course)):
        known = db.session.scalar(
            select(CourseTrainer.id).where(
                CourseTrainer.course_id == course.id, CourseTrainer.user_id == trainer.id
            )
        )
        if known is None:
            db.session.add(CourseTrainer(course_id=course.id, user_id=trainer.id))
    db.session.commit()
