"""A trainer reaches every trainer page by links from the trainer home (issue 19: the statistics, cohort and
analytics pages were linked from nowhere)."""

from __future__ import annotations

import re
from collections import deque
from datetime import datetime, timedelta

from sqlalchemy import select

from app.courses.models import Course
from app.extensions import db
from app.workshops import services as workshops
from app.workshops.models import PREPARE
from tests.fixtures.authoring import TRAINER

HREF = re.compile(r'href="(/[^"#?]*)')


def crawl(client, start: str, limit: int = 80) -> set[str]:
    """Every trainer and workshop page reachable from ``start`` by plain links (GET only)."""
    seen, queue = {start}, deque([start])
    while queue and len(seen) < limit:
        page = client.get(queue.popleft())
        if page.status_code != 200 or not page.mimetype == "text/html":
            continue
        for path in HREF.findall(page.get_data(as_text=True)):
            if path.startswith(("/trainer", "/workshops/")) and path not in seen:
                seen.add(path)
                queue.append(path)
    return seen


def test_the_trainer_home_leads_to_files_cohort_statistics_and_analytics(client, auth, assigned):
    auth.login(TRAINER)
    reached = crawl(client, "/trainer")
    assert "/trainer/courses/sample" in reached
    assert "/trainer/courses/sample/cohort" in reached
    assert "/trainer/analytics" in reached
    assert "/trainer/courses/sample/basics/stats" in reached


def test_the_header_links_the_trainer_home(client, auth, assigned):
    auth.login(TRAINER)
    assert 'href="/trainer"' in client.get("/").get_data(as_text=True)


def test_the_trainer_home_lists_the_next_workshops_of_each_course(app, client, auth, assigned):
    starts = (datetime.now() + timedelta(days=20)).replace(microsecond=0, second=0)
    with app.app_context():
        course = db.session.scalar(select(Course).where(Course.slug == "sample"))
        plan = workshops.Plan(
            title={"de": "Patente in China", "en": "Patents in China", "zh": "中国专利"},
            starts=starts, ends=starts + timedelta(hours=8), timezone="Europe/Berlin", capacity=10,
            venue="Düsseldorf", cpd_hours=8, courses={PREPARE: [course]},
        )  # fmt: skip
        upcoming = workshops.create_workshop(plan)
        past = workshops.create_workshop(
            workshops.Plan(**{**plan.__dict__, "title": {"de": "Alt", "en": "Old one", "zh": "旧"},
                              "starts": starts - timedelta(days=60), "ends": starts - timedelta(days=59)})
        )  # fmt: skip
        db.session.commit()
        ids = upcoming.id, past.id
    auth.login(TRAINER)
    home = client.get("/trainer").get_data(as_text=True)
    assert f'href="/workshops/{ids[0]}">Patents in China</a>' in home
    assert f"/workshops/{ids[1]}" not in home
