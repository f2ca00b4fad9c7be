"""The dashboard as a people × courses matrix with people and enrolments counted apart, the chart on a
count axis with month names per language, and course assignments with a due day, overdue list and reminders."""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta

from flask_babel import force_locale
from sqlalchemy import select

from app.extensions import db
from app.orgs.charts import completions_chart, nice_ticks
from app.orgs.models import Assignment, Membership
from tests.orgs.org_helpers import complete


def _number(page: str, key: str) -> int:
    return int(re.search(rf'id="{key}">(\d+)<', page).group(1))


def test_totals_count_people_and_enrolments_apart(app, client, auth, world):
    complete(app, world.member.id, world.course_id)
    auth.login(world.manager.email)
    page = client.get("/company/dashboard").get_data(as_text=True)
    assert "People" in page and "Course enrolments" in page
    assert _number(page, "total-members") == 2
    assert _number(page, "people-completed") == 1 and _number(page, "people-certified") == 1
    assert _number(page, "total-completed") == 1 and _number(page, "total-not_started") == 1


def test_report_is_one_line_per_person_with_a_column_per_course(app, client, auth, world):
    complete(app, world.member.id, world.course_id)
    auth.login(world.manager.email)
    page = client.get("/company/dashboard").get_data(as_text=True)
    matrix = page[page.index('class="orgs-table orgs-matrix"') :]
    matrix = matrix[: matrix.index("</table>")]
    people = [name.strip() for name in re.findall(r'<th scope="row" class="orgs-person">([^<]+)', matrix)]
    assert people == ["Maria Manager", "Max Müller"]
    assert matrix.count('class="orgs-course-col"') == 1  # the one course of the sample
    assert 'id="team-' not in page  # teams are edited on the members page


def test_chart_counts_only_the_months_with_data_named_per_language(app, client, auth, world):
    with app.app_context():  # both share their history: completions from before joining count
        db.session.execute(db.update(Membership).values(share_history=True))
        db.session.commit()
    complete(app, world.member.id, world.course_id, when=datetime(2026, 3, 10, 12))
    complete(app, world.manager.id, world.course_id, when=datetime(2026, 5, 2, 12), certificate=False)
    auth.login(world.manager.email)
    page = client.get("/company/dashboard").get_data(as_text=True)
    svg = page[page.index("<svg") : page.index("</svg>")]
    assert "Mar 2026" in svg and "Apr 2026" in svg and "May 2026" in svg
    assert "Feb 2026" not in svg and "Jun 2026" not in svg and "%" not in svg
    with app.test_request_context(), force_locale("de"):
        german = completions_chart([(date(2026, 3, 1), 1)], title="t", desc="d")
    with app.test_request_context(), force_locale("zh"):
        chinese = completions_chart([(date(2026, 3, 1), 1)], title="t", desc="d")
    assert "März 2026" in german and "2026年3月" in chinese


def test_chart_is_an_empty_state_without_completions(app, client, auth, world):
    auth.login(world.manager.email)
    page = client.get("/company/dashboard").get_data(as_text=True)
    assert "<svg" not in page and "No member has completed a course yet." in page


def test_nice_ticks():
    assert nice_ticks(0) == [0, 1]
    assert nice_ticks(3) == [0, 1, 2, 3]
    assert nice_ticks(7) == [0, 2, 4, 6, 8]
    assert nice_ticks(123) == [0, 50, 100, 150]


def test_team_is_edited_on_the_members_page(app, client, auth, world):
    auth.login(world.manager.email)
    with app.app_context():
        member_id = db.session.scalar(select(Membership.id).where(Membership.user_id == world.member.id))
    page = client.get("/company/members").get_data(as_text=True)
    assert f'id="team-{member_id}"' in page and "max@acme.example" in page and "Eva Beta" not in page
    assert client.post(f"/company/members/{member_id}/team", data={"team": "Einkauf 采购"}).status_code == 302
    assert 'value="Einkauf 采购"' in client.get("/company/members").get_data(as_text=True)
    bad = client.post(f"/company/members/{member_id}/team", data={"team": "x" * 61}, follow_redirects=True)
    assert "At most 60 characters" in bad.get_data(as_text=True)


def _assignments(app) -> list[tuple[int, date]]:
    with app.app_context():
        return sorted(tuple(row) for row in db.session.execute(select(Assignment.user_id, Assignment.due_on)))


def test_assign_a_course_to_ticked_members_and_to_a_team(app, client, auth, world):
    auth.login(world.manager.email)
    due = date.today() + timedelta(days=30)
    response = client.post(
        "/company/assignments",
        data={"course": world.course_id, "due_on": due.isoformat(), "members": [world.member.id]},
    )
    assert response.status_code == 302
    assert _assignments(app) == [(world.member.id, due)]
    # A member of another company ticked by a forged form is ignored; the whole company by "All members".
    later = due + timedelta(days=1)
    response = client.post(
        "/company/assignments",
        data={
            "course": world.course_id,
            "due_on": later.isoformat(),
            "members": [world.other_member.id],
            "team": "*",
        },
    )
    assert response.status_code == 302
    assert _assignments(app) == sorted([(world.manager.id, later), (world.member.id, later)])
    page = client.get("/company/members").get_data(as_text=True)
    assert "due " in page


def test_assignment_junk_is_answered_next_to_the_field(app, client, auth, world):
    auth.login(world.manager.email)
    tomorrow = (date.today() + timedelta(days=1)).isoformat()
    cases = [
        ({"course": "", "due_on": tomorrow, "members": [world.member.id]}, "Please choose a course."),
        ({"course": "999999", "due_on": tomorrow, "members": [world.member.id]}, "Not a valid choice"),
        ({"course": "abc", "due_on": tomorrow, "members": [world.member.id]}, "Invalid Choice"),
        (
            {"course": world.course_id, "due_on": "31.02.2026", "members": [world.member.id]},
            "Not a valid date",
        ),
        (
            {"course": world.course_id, "due_on": "", "members": [world.member.id]},
            "Please enter a valid day.",
        ),
        (
            {"course": world.course_id, "due_on": "2020-01-01", "members": [world.member.id]},
            "must not be in the past",
        ),
        ({"course": world.course_id, "due_on": tomorrow}, "Please tick at least one member"),
        (
            {"course": world.course_id, "due_on": tomorrow, "members": [world.other_member.id]},
            "Please tick at least",
        ),
        ({"course": world.course_id, "due_on": tomorrow, "members": ["x"]}, "Invalid choice"),
        ({"course": world.course_id, "due_on": tomorrow, "team": "no such team"}, "Please tick at least"),
    ]
    for data, message in cases:
        response = client.post("/company/assignments", data=data)
        assert response.status_code == 400, data
        assert message in response.get_data(as_text=True), (data, message)
    assert _assignments(app) == []


def _overdue(app, world, days: int = 3) -> int:
    with app.app_context():
        row = Assignment(
            org_id=world.acme, user_id=world.member.id, course_id=world.course_id,
            due_on=date.today() - timedelta(days=days), assigned_by_id=world.manager.id,
        )  # fmt: skip
        db.session.add(row)
        db.session.commit()
        return row.id


def test_overdue_list_reminder_mail_once_a_day_and_not_after_completion(app, client, auth, world, outbox):
    _overdue(app, world)
    auth.login(world.manager.email)
    page = client.get("/company/dashboard").get_data(as_text=True)
    overdue = page[page.index('id="overdue"') :]
    assert "Max Müller" in overdue[: overdue.index("</section>")] and "3 days late" in overdue

    response = client.post("/company/assignments/remind", follow_redirects=True)
    assert "1 reminder was sent." in response.get_data(as_text=True)
    mail = outbox.last_to("max@acme.example")
    assert "Reminder" in mail["Subject"] and "/courses/sample" in outbox.body(mail)
    again = client.post("/company/assignments/remind", follow_redirects=True)
    assert "Nobody needed a reminder" in again.get_data(as_text=True)
    assert len([m for m in outbox.messages() if m["To"] == "max@acme.example"]) == 1

    with app.app_context():
        db.session.execute(db.update(Assignment).values(reminded_at=None))
        db.session.commit()
    complete(app, world.member.id, world.course_id)
    page = client.get("/company/dashboard").get_data(as_text=True)
    assert "Nothing is overdue." in page
    client.post("/company/assignments/remind")
    assert len([m for m in outbox.messages() if m["To"] == "max@acme.example"]) == 1


def test_member_sees_their_assignments_and_the_manager_removes_one(app, client, auth, world):
    assignment_id = _overdue(app, world)
    auth.login(world.member.email)
    page = client.get("/company").get_data(as_text=True)
    assert "Courses your company asked you to complete" in page and "Overdue" in page
    auth.logout()
    auth.login(world.other_manager.email)
    assert client.post(f"/company/assignments/{assignment_id}/remove").status_code == 404
    auth.logout()
    auth.login(world.manager.email)
    assert client.post(f"/company/assignments/{assignment_id}/remove").status_code == 302
    assert _assignments(app) == []
