"""The cohort and statistics pages: who may see them, filters, exports, query counts, hostile input."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import pytest
from sqlalchemy import select, update

from app.analytics import queries
from app.auth.models import User
from app.courses.models import Course, CourseTrainer
from app.extensions import db
from app.progress import services as progress
from app.quizzes import services as quizzes
from tests.analytics.cohorts import (
    ADMIN,
    COHORT,
    OTHER_TRAINER,
    PARTICIPANT,
    STATS,
    TRAINER,
    _form,
    add_participants,
)
from tests.fixtures.learning import import_folder
from tests.fixtures.web import counted_statements

PAGES = [COHORT, STATS, COHORT + "?format=csv", STATS + "?format=csv", STATS + "?format=csv&table=options"]


def csv_rows(response) -> list[list[str]]:  # type: ignore[no-untyped-def]
    assert response.data.startswith(b"\xef\xbb\xbf")
    return list(csv.reader(io.StringIO(response.data.decode("utf-8-sig"))))


# --- access ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("path", PAGES)
def test_anonymous_visitors_are_sent_to_the_login(client, assigned, path):
    response = client.get(path)
    assert response.status_code == 302 and "/login" in response.headers["Location"]


@pytest.mark.parametrize("path", PAGES)
@pytest.mark.parametrize(
    ("email", "status"), [(PARTICIPANT, 403), (OTHER_TRAINER, 403), (TRAINER, 200), (ADMIN, 200)]
)
def test_only_assigned_trainers_and_admins(client, auth, assigned, path, email, status):
    auth.login(email)
    assert client.get(path).status_code == status


def test_overview_lists_only_managed_courses(app, client, auth, assigned):
    auth.login(PARTICIPANT)
    assert client.get("/trainer/analytics").status_code == 403
    auth.logout()
    auth.login(OTHER_TRAINER)
    page = client.get("/trainer/analytics").get_data(as_text=True)
    assert COHORT not in page
    auth.logout()
    auth.login(TRAINER)
    page = client.get("/trainer/analytics").get_data(as_text=True)
    assert COHORT in page and STATS in page


def test_unknown_course_module_or_revision_is_404(client, auth, assigned):
    auth.login(ADMIN)
    assert client.get("/trainer/courses/nope/cohort").status_code == 404
    assert client.get("/trainer/courses/sample/nope/stats").status_code == 404
    assert client.get(STATS + "?revision=99").status_code == 404


def test_trainer_of_another_course_is_refused(app, client, auth, assigned, users):
    import_folder(app, Path(__file__).resolve().parents[2] / "courses" / "ip-china")
    with app.app_context():
        other = db.session.scalar(select(Course).where(Course.slug == "ip-china"))
        db.session.add(CourseTrainer(course_id=other.id, user_id=users["other"]))
        db.session.commit()
    auth.login(OTHER_TRAINER)
    assert client.get("/trainer/courses/ip-china/cohort").status_code == 200
    assert client.get(COHORT).status_code == 403
    assert client.get(STATS).status_code == 403


# --- hostile input -----------------------------------------------------------------------------------

JUNK = [
    "?status=<script>alert(1)</script>",
    "?page=-1",
    "?page=abc",
    "?page=99999999999999999999999",
    "?sort=name;DROP TABLE users",
    "?lang=xx&completed=maybe&module=../../etc",
    "?q=%25%5F%5C",
    "?q=" + "x" * 5000,
    "?format=xml",
    "?status=passed&module=basics&format=csv",
    "?status=&module=&lang=&q=&page=",
]


@pytest.mark.parametrize("query", JUNK)
def test_junk_cohort_parameters_never_fail(client, auth, assigned, query):
    add_participants(client.application, 2)
    auth.login(TRAINER)
    response = client.get(COHORT + query)
    assert response.status_code == 200
    assert b"<script>alert" not in response.data


@pytest.mark.parametrize(
    "query",
    ["?revision=abc", "?revision=-1", "?revision=", "?attempts=<b>", "?format=csv&table=<x>", "?revision=1.5",
     "?revision=99999999999999999999999"],
)  # fmt: skip
def test_junk_stats_parameters_never_fail(client, auth, assigned, query):
    add_participants(client.application, 2)
    auth.login(TRAINER)
    assert client.get(STATS + query).status_code in (200, 404)


# --- cohort ------------------------------------------------------------------------------------------


def test_cohort_shows_status_scores_and_completion(app, client, auth, assigned):
    add_participants(app, 4, prefix="c")  # c1, c3 all right (passed, completed); c2, c4 all wrong
    auth.login(TRAINER)
    page = client.get(COHORT).get_data(as_text=True)
    assert page.count('class="badge badge-done"') == 2
    assert page.count('class="badge badge-progress"') == 2
    assert "C Person 001" in page and "c1@example.org" in page
    assert page.count("Best: 100 %") == 2 and page.count("1 attempt<") == 4


def test_cohort_filters(app, client, auth, assigned):
    emails = add_participants(app, 6, prefix="f")  # locales de, en, zh, de, en, zh; even index right
    auth.login(TRAINER)

    def names(query: str) -> set[str]:
        rows = csv_rows(client.get(COHORT + "?format=csv&" + query))
        return {row[2] for row in rows[1:]}

    assert names("") == set(emails)
    passed = {emails[0], emails[2], emails[4]}
    assert names("completed=yes") == passed
    assert names("completed=no") == set(emails) - passed
    assert names("status=passed&module=basics") == passed
    assert names("status=in_progress&module=basics") == set(emails) - passed
    assert names("status=not_started&module=basics") == set()
    assert names("status=passed") == passed  # the course as a whole
    assert names("lang=zh") == {emails[2], emails[5]}
    assert names("lang=zh&completed=yes") == {emails[2]}
    assert names("q=" + emails[3].split("@")[0].upper()) == {emails[3]}
    assert names("q=%25") == set()  # a literal %, not a wildcard


def test_cohort_search_by_name_and_sorting(app, client, auth, assigned):
    add_participants(app, 3, prefix="s")
    with app.app_context():
        db.session.execute(update(User).where(User.email.like("s%")).values(name="Zhang Wei", name_zh="张伟"))
        db.session.execute(update(User).where(User.email == PARTICIPANT).values(name="Anna Schmitz"))
        db.session.commit()
    add_participants(app, 1, prefix="b")
    auth.login(TRAINER)
    rows = csv_rows(client.get(COHORT + "?format=csv&q=张伟"))
    assert len(rows) == 4 and rows[1][1] == "张伟"
    by_name = [r[0] for r in csv_rows(client.get(COHORT + "?format=csv&sort=name"))[1:]]
    assert by_name == sorted(by_name, key=str.lower)
    assert [r[0] for r in csv_rows(client.get(COHORT + "?format=csv&sort=-name"))[1:]] == by_name[::-1]
    progress_desc = [float(r[4]) for r in csv_rows(client.get(COHORT + "?format=csv&sort=-progress"))[1:]]
    assert progress_desc == sorted(progress_desc, reverse=True) and progress_desc[0] == 100
    for sort in ("completed", "-completed"):
        completed = [r[7] for r in csv_rows(client.get(COHORT + "?format=csv&sort=" + sort))[1:]]
        assert completed[0] and not completed[-1]  # completed first, the others last
    page = client.get(COHORT + "?sort=-progress").get_data(as_text=True)
    assert 'aria-sort="descending"' in page


def test_cohort_not_started_modules(app, client, auth, users):
    """In a course with several modules, participants who never opened a module have not started it."""
    import_folder(app, Path(__file__).resolve().parents[2] / "courses" / "ip-china")
    emails = {}
    with app.app_context():
        course = db.session.scalar(select(Course).where(Course.slug == "ip-china"))
        first, second = course.modules[0], course.modules[1]
        second_slug = second.slug
        for name in ("Opened Both", "Passed First", "Opened First"):
            user = User(
                email=name.replace(" ", ".").lower() + "@example.org",
                password_hash="x",
                name=name,
                locale="de",
            )
            db.session.add(user)
            db.session.flush()
            emails[name] = (user.id, user.email)
        attempt = quizzes.open_attempt(emails["Passed First"][0], first, course, "de")
        text = next(t for t in attempt.quiz_revision.texts if t.lang == attempt.lang)
        quizzes.submit_attempt(attempt, course, _form(text.data, attempt.layout, True))
        progress.record_visit(emails["Opened Both"][0], first)
        progress.record_visit(emails["Opened Both"][0], second)
        progress.record_visit(emails["Opened First"][0], first)
        db.session.commit()
    auth.login(ADMIN)
    url = "/trainer/courses/ip-china/cohort"
    rows = csv_rows(client.get(f"{url}?format=csv&status=not_started&module={second_slug}"))
    assert {r[2] for r in rows[1:]} == {emails["Passed First"][1], emails["Opened First"][1]}
    header = csv_rows(client.get(f"{url}?format=csv"))[0]
    assert len(header) == 9 + 4 * 4 and header[9].endswith(": status")
    page = client.get(url).get_data(as_text=True)
    assert page.count('class="badge badge-todo"') == 2 + 3 + 3  # modules not opened, per participant
    assert page.count('class="badge badge-done"') == 1


def test_cohort_pagination(app, client, auth, assigned, monkeypatch):
    monkeypatch.setattr(queries, "PER_PAGE", 2)
    add_participants(app, 5, prefix="g")
    auth.login(TRAINER)
    first = client.get(COHORT).get_data(as_text=True)
    assert "Page 1 of 3" in first and first.count('<th scope="row" class="participant">') == 2
    last = client.get(COHORT + "?page=3").get_data(as_text=True)
    assert last.count('<th scope="row" class="participant">') == 1
    beyond = client.get(COHORT + "?page=40").get_data(as_text=True)
    assert "Page 3 of 3" in beyond
    assert "page=2" in first  # the next link keeps working
    assert len(csv_rows(client.get(COHORT + "?format=csv"))) == 1 + 5  # the export is not paginated


def test_cohort_csv_is_excel_safe(app, client, auth, assigned):
    add_participants(app, 1, prefix="x")
    with app.app_context():
        db.session.execute(update(User).where(User.email.like("x%")).values(name='=HYPERLINK("http://evil")'))
        db.session.commit()
    auth.login(TRAINER)
    response = client.get(COHORT + "?format=csv")
    assert response.mimetype == "text/csv"
    assert "attachment" in response.headers["Content-Disposition"]
    assert "cohort-sample-" in response.headers["Content-Disposition"]
    rows = csv_rows(response)
    assert rows[1][0] == '\'=HYPERLINK("http://evil")'


# --- statistics --------------------------------------------------------------------------------------


def test_stats_page_shows_figures_charts_and_tables(app, client, auth, assigned):
    add_participants(app, 6)
    auth.login(TRAINER)
    response = client.get(STATS)
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert '<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img"' in page
    assert '<title id="facility-title">' in page and '<desc id="facility-desc">' in page
    # the charts are SVG and need no script: the only one is the site-wide header menu
    assert re.findall(r"<script[^>]*>", page) == ['<script src="/static/js/ui.js" defer>']
    assert "Facility per question" in page and "Item-rest correlation" in page
    assert "n = 6" in page
    assert 'id="q-1"' in page and "first-to-file" in page
    assert "Content-Security-Policy" in response.headers


def test_stats_csv_downloads(app, client, auth, assigned):
    add_participants(app, 4)
    auth.login(TRAINER)
    rows = csv_rows(client.get(STATS + "?format=csv"))
    header, body = rows[0], rows[1:]
    assert header[:6] == ["Question", "Question id", "Type", "Language", "Attempts", "Facility"]
    overall = [r for r in body if r[1] == "first-to-file" and r[3] == "all"]
    assert overall and overall[0][4] == "4" and float(overall[0][5]) == pytest.approx(0.5)
    options = csv_rows(client.get(STATS + "?format=csv&table=options"))
    chosen = {(r[1], r[3], r[4]): r for r in options[1:] if r[2] == "all"}
    assert chosen[("first-to-file", "", "b")][7] == "2" and chosen[("first-to-file", "", "b")][6] == "1"
    assert any(r[1] == "protection-terms" and r[3] for r in options[1:])  # matching rows


def test_stats_first_attempts_or_all(app, client, auth, assigned, taker):
    auth.login(PARTICIPANT)
    taker.take(right=False)
    taker.take(right=True)
    auth.logout()
    auth.login(TRAINER)
    first = csv_rows(client.get(STATS + "?format=csv"))
    everything = csv_rows(client.get(STATS + "?format=csv&attempts=all"))
    first_row = next(r for r in first[1:] if r[1] == "first-to-file" and r[3] == "all")
    all_row = next(r for r in everything[1:] if r[1] == "first-to-file" and r[3] == "all")
    assert (first_row[4], float(first_row[5])) == ("1", 0.0)
    assert (all_row[4], float(all_row[5])) == ("2", 0.5)


def test_stats_without_attempts(client, auth, assigned):
    auth.login(ADMIN)
    page = client.get(STATS).get_data(as_text=True)
    assert "Nobody has submitted this revision of the quiz yet." in page


# --- query counts ------------------------------------------------------------------------------------


@pytest.mark.parametrize("path", [COHORT, COHORT + "?format=csv", STATS, STATS + "?format=csv&table=options"])
def test_query_count_does_not_grow_with_the_cohort(app, client, auth, assigned, path):
    auth.login(TRAINER)
    add_participants(app, 5, prefix="a")
    client.get(path)
    with counted_statements(app) as few:
        assert client.get(path).status_code == 200
    add_participants(app, 45, prefix="b")
    with counted_statements(app) as many:
        assert client.get(path).status_code == 200
    assert len(few) == len(many), (len(few), len(many))
    assert len(many) <= 12
