"""Paging in SQL against building every row: the HR API's lists of a big company.

Setup (not timed): an empty SQLite file (or the given empty PostgreSQL database), one company of
``--members`` members and three courses, progress for about 70 % of the pairs and an active certificate
(with a stand-in PDF: nothing is signed) for each completion.

Measured, each as the median CPU time of ``--runs`` calls in process, with its ratio to the baseline:
- HR API progress / certificates / members: one page of 50 (orgs/pages.py) against the whole list
  built and sliced (what the API did before).

    .venv/bin/python bench/paging.py [--members 1000] [--runs 7] [--database-url URL]
"""

from __future__ import annotations

import argparse
import hashlib
import os
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))


def _populate(members: int) -> int:
    from app.auth.models import User
    from app.certificates.ids import new_certificate_id
    from app.certificates.models import Certificate, active_key
    from app.courses.models import Course
    from app.extensions import db
    from app.orgs.models import Membership, Organisation
    from app.progress.models import CourseProgress
    from app.timeutil import utcnow

    rnd, now = random.Random(7), utcnow()
    org = Organisation(name="Bench GmbH", slug="bench-gmbh")
    courses = [
        Course(slug=f"bench-{n}", source_lang="en", languages=["en"], title={"en": f"Course {n}"}, description={},
               current_as_of=date(2026, 1, 1), settings={}, yaml_source="", content_hash="-")
        for n in range(3)
    ]  # fmt: skip
    db.session.add_all([org, *courses])
    db.session.flush()
    for n in range(members):
        user = User(email=f"m{n}@bench.example", password_hash="-", name=f"Member {n:05d}", locale="en")  # noqa: S106
        db.session.add(user)
        db.session.flush()
        db.session.add(
            Membership(org_id=org.id, user_id=user.id, joined_at=now - timedelta(days=rnd.randint(1, 400)),
                       team=rnd.choice(["R&D", "Sales", None]), share_history=rnd.random() < 0.3,
                       share_scores=rnd.random() < 0.5)
        )  # fmt: skip
        for course in courses:
            roll = rnd.random()
            if roll < 0.3:
                continue
            when = now - timedelta(days=rnd.randint(1, 500))
            done = when if roll > 0.6 else None
            db.session.add(
                CourseProgress(user_id=user.id, course_id=course.id, started_at=when - timedelta(days=3),
                               last_visited_at=when, percent=100.0 if done else 40.0, completed_at=done,
                               score_percent=80.0 if done else None, modules_passed=1)
            )  # fmt: skip
            if done:
                pdf = f"%PDF-1.7 stand-in {n} {course.id}".encode()
                db.session.add(
                    Certificate(public_id=new_certificate_id(), user_id=user.id, course_id=course.id, lang="en",
                                name=user.name, issuer="Bench", course_title={"en": "Course"},
                                completed_on=done.date(), issued_at=done, active_key=active_key(user.id, course.id),
                                pdf=pdf, sha256=hashlib.sha256(pdf).hexdigest())
                )  # fmt: skip
    db.session.commit()
    return org.id


def _ms(call: Callable[[], object], runs: int) -> tuple[float, float]:
    """Median CPU time of this process and median wall-clock time (which includes the database server's
    work on PostgreSQL), in ms."""
    from app.extensions import db

    cpu, wall = [], []
    for _ in range(runs):
        started, clock = time.process_time(), time.perf_counter()
        call()
        cpu.append((time.process_time() - started) * 1000)
        wall.append((time.perf_counter() - clock) * 1000)
        db.session.expunge_all()
    return statistics.median(cpu), statistics.median(wall)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--members", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--database-url", default="", help="an EMPTY PostgreSQL database (default: SQLite)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["INSTANCE_PATH"] = tmp
        from app import create_app
        from app.extensions import db
        from app.orgs.pages import members_page, report_page
        from app.orgs.report import ReportFilter, all_courses, build_report, members_of

        url = args.database_url or f"sqlite:///{tmp}/bench.db"
        app = create_app({"SQLALCHEMY_DATABASE_URI": url})
        with app.app_context():
            if db.inspect(db.engine).get_table_names():
                sys.exit("The database is not empty; give an empty one.")
            db.create_all()
            try:
                org_id = _populate(args.members)
                courses, f, size = all_courses(), ReportFilter(), 50
                middle = args.members // size // 2 + 1

                def whole_page() -> None:
                    report = build_report(org_id, f, courses)
                    report.rows[(middle - 1) * size * 3 : middle * size * 3]

                cases = [
                    ("HR API: progress page", lambda: report_page(org_id, f, courses, middle, size), whole_page),
                    ("HR API: certificates page", lambda: report_page(org_id, f, courses, 2, size, certified=True), whole_page),
                    ("HR API: members page", lambda: members_page(org_id, None, middle, size), lambda: members_of(org_id)[(middle - 1) * size : middle * size]),
                ]  # fmt: skip
                dialect = db.engine.dialect.name
                print(
                    f"paging benchmark ({dialect}, {args.members:,} members, 3 courses; medians of {args.runs} calls)"
                )
                print(
                    f"  {'case':<28} | {'paged in SQL':>12} | {'whole, sliced':>13} | CPU ratio | wall ratio"
                )
                for name, ours, baseline in cases:
                    (a, a_wall), (b, b_wall) = _ms(ours, args.runs), _ms(baseline, args.runs)
                    print(
                        f"  {name:<28} | {a:9.1f} ms | {b:10.1f} ms | {a / b:9.2f} | {a_wall / b_wall:10.2f}"
                    )
            finally:
                db.session.remove()
                if args.database_url:
                    db.drop_all()


if __name__ == "__main__":
    main()
