"""What a participant sees: times in their zone, titles not slugs, honest review colours, the way on."""

from __future__ import annotations

import re
from datetime import datetime
from pathlib import Path

import pytest
from sqlalchemy import select, update

from app.auth.models import User
from app.courses.models import Module
from app.extensions import db
from app.progress.models import CourseProgress
from app.quizzes.models import QuizAttempt
from tests.fixtures.learning import import_folder

COURSES = Path(__file__).resolve().parents[2] / "courses"


@pytest.fixture
def ip_china(app):
    """A real course with four modules, three attempts and a 30-minute wait after a failed attempt."""
    import_folder(app, COURSES / "ip-china")


def text(response) -> str:  # type: ignore[no-untyped-def]
    assert response.status_code == 200, response.status_code
    return response.get_data(as_text=True)


def set_submitted(app, attempt_id: int, moment: datetime) -> None:
    with app.app_context():
        db.session.execute(
            update(QuizAttempt).where(QuizAttempt.id == attempt_id).values(submitted_at=moment)
        )
        db.session.commit()


def test_result_time_in_shanghai_for_a_chinese_participant(app, client, auth, create_user, sample, taker):
    create_user(email="wang@example.org", locale="zh")
    auth.login("wang@example.org")
    attempt_id, _ = taker.take(right=False)
    set_submitted(app, attempt_id, datetime(2026, 12, 5, 23, 59))  # UTC
    page = text(client.get(f"/attempts/{attempt_id}"))
    assert "2026/12/6 07:59 UTC+8" in page
    assert "00:59" not in page


def test_result_time_in_berlin_with_four_digit_year_and_zone(app, client, auth, create_user, sample, taker):
    create_user(email="anna@example.org", locale="de")
    auth.login("anna@example.org")
    attempt_id, _ = taker.take(right=False)
    set_submitted(app, attempt_id, datetime(2026, 12, 5, 23, 59))
    page = text(client.get(f"/attempts/{attempt_id}"))
    assert "6.12.2026, 00:59 MEZ" in page
    assert "06.12.26" not in page
    learning = text(client.get("/learning"))
    assert "6.12.2026, 00:59 MEZ" in learning


def test_the_profile_time_zone_wins_over_the_language(app, client, auth, create_user, sample, taker):
    user = create_user(email="anna@example.org", locale="de")
    with app.app_context():
        db.session.execute(update(User).where(User.id == user.id).values(timezone="America/New_York"))
        db.session.commit()
    auth.login("anna@example.org")
    attempt_id, _ = taker.take(right=False)
    set_submitted(app, attempt_id, datetime(2026, 12, 5, 23, 59))
    assert "5.12.2026, 18:59 UTC-5" in text(client.get(f"/attempts/{attempt_id}"))


def test_percentages_and_durations_per_locale(client, auth, create_user, sample, taker):
    create_user(email="anna@example.org", locale="de")
    auth.login("anna@example.org")
    course = text(client.get("/courses/sample"))
    assert "70\xa0% pro Quiz" in course and "0\xa0% erledigt" in course
    assert " h 0 min" not in course and "Min." in course
    client.post("/language", data={"lang": "zh"})
    course = text(client.get("/courses/sample"))
    assert "已完成 0%" in course and "% done" not in course and "分钟" in course


def test_my_learning_names_modules_by_title(client, auth, create_user, ip_china, taker):
    create_user(email="anna@example.org", locale="en")
    auth.login("anna@example.org")
    taker.take(right=False, course="ip-china", module="trademarks")
    page = text(client.get("/learning"))
    recent = page[page.index("recent-heading") :]
    assert "Trademarks" in recent or "trademark" in recent.lower()
    assert "<td>trademarks</td>" not in recent


def review_items(page: str) -> dict[str, str]:
    """The article of each question on the result page, by question number."""
    return dict(
        re.findall(
            r'<article class="panel review-item[^"]*">\s*<h2 class="review-heading">[^<]*?(\d+)(.*?)</article>',
            page,
            re.S,
        )
    )


def test_a_chosen_right_answer_is_green_never_red(client, auth, create_user, sample, taker):
    create_user(email="anna@example.org", locale="de")
    auth.login("anna@example.org")
    attempt_id, _ = taker.take(right=True)
    page = text(client.get(f"/attempts/{attempt_id}"))
    chosen = re.findall(r'<li class="opt-chosen([^"]*)"', page)
    assert chosen and all("opt-right" in c for c in chosen), chosen
    assert "opt-wrong" not in page
    assert "1 von 1 Punkt<" in page or "1 von 1 Punkt\n" in page or "1 von 1 Punkt " in page
    assert "1 von 1 Punkten" not in page
    assert "2 von 2 Punkten" in page


def test_wrong_choices_are_red_and_wrong_items_are_named(client, auth, create_user, sample, taker):
    create_user(email="anna@example.org", locale="de")
    auth.login("anna@example.org")
    attempt_id, _ = taker.take(right=False)
    page = text(client.get(f"/attempts/{attempt_id}"))
    assert 'class="opt-chosen opt-wrong"' in page  # the single choice: the score already says it is wrong
    assert "opt-right" not in page  # nothing chosen was right, and the key is not shown yet
    assert re.search(r'<tr class="item-wrong">.*?✗ falsch', page, re.S)  # matching, row by row
    assert re.search(r'<li class="item-wrong">.*?falsche Stelle', page, re.S)  # ordering, place by place


def test_a_passed_quiz_leads_to_the_next_module(client, auth, create_user, ip_china, taker):
    create_user(email="anna@example.org", locale="en")
    auth.login("anna@example.org")
    attempt_id, _ = taker.take(right=True, course="ip-china", module="trademarks")
    page = text(client.get(f"/attempts/{attempt_id}"))
    assert 'href="/courses/ip-china/patents-and-designs"' in page and "Next module:" in page
    attempt_id, _ = taker.take(right=True, course="ip-china", module="enforcement-and-customs")
    assert "Next module:" not in text(client.get(f"/attempts/{attempt_id}"))  # the last one


def test_during_the_wait_the_module_says_when_the_quiz_opens(app, client, auth, create_user, ip_china, taker):
    create_user(email="anna@example.org", locale="de")
    auth.login("anna@example.org")
    before = text(client.get("/courses/ip-china/trademarks"))
    assert 'href="/courses/ip-china/trademarks/quiz"' in before and "Noch 3 Versuche" in before
    attempt_id, _ = taker.take(right=False, course="ip-china", module="trademarks")
    page = text(client.get("/courses/ip-china/trademarks"))
    assert "Das Quiz ist wieder möglich ab" in page and "MEZ" in page
    assert 'href="/courses/ip-china/trademarks/quiz"' not in page
    assert f'href="/attempts/{attempt_id}"' in page
    set_submitted(app, attempt_id, datetime(2020, 1, 1))  # the wait is over
    assert 'href="/courses/ip-china/trademarks/quiz"' in text(client.get("/courses/ip-china/trademarks"))


def test_the_course_page_tells_what_why_who_and_the_rules(client, ip_china):
    page = text(client.get("/courses/ip-china", headers={"Accept-Language": "de"}))
    assert "Was Sie lernen" in page and "Marken in lateinischer und chinesischer Schrift" in page
    assert "Für wen der Kurs gedacht ist" in page and "Geschäftsführung" in page
    assert "ChInValue Academy Trainer Team" in page
    assert "3 Versuche pro Quiz" in page and "warten Sie 30 Min." in page
    page = text(client.get("/courses/ip-china", headers={"Accept-Language": "zh"}))
    assert "学习目标" in page and "及时在正确的类别中申请拉丁文和中文商标" in page


def test_a_completed_course_offers_the_certificate(client, auth, create_user, sample, taker):
    create_user(email="anna@example.org", locale="en")
    auth.login("anna@example.org")
    assert "View your certificate" not in text(client.get("/courses/sample"))
    taker.take(right=True)
    page = text(client.get("/courses/sample"))
    assert "View your certificate" in page and 'href="/certificates#course-sample"' in page
    assert "Continue where I left off" not in page


def test_cards_are_links_to_their_course(client, ip_china):
    catalogue = text(client.get("/courses"))
    assert re.search(
        r'<article class="card course-card card-linked">\s*(?:<img class="card-image" [^>]*>\s*)?'
        r'<h2[^>]*><a class="card-link" href="/courses/ip-china"',
        catalogue,
    )
    home = text(client.get("/"))
    assert '<a class="card-link" href="/courses/ip-china">' in home
    assert '<a class="card-link" href="/courses">' in home  # a course not published here: the catalogue


def test_module_tables_scroll_instead_of_splitting_words(client, auth, create_user, ip_china, app):
    create_user(email="anna@example.org", locale="de")
    auth.login("anna@example.org")
    page = text(client.get("/courses/ip-china/enforcement-and-customs"))
    assert page.count('<div class="table-scroll" role="region" tabindex="0"') == page.count("<table>") > 0
    assert '<article class="panel module-text" lang="de">' in page  # hyphenation follows the language
    assert "css/learning.css" in page
    css = (Path(app.static_folder) / "css" / "learning.css").read_text("utf-8")
    rule = css[css.index(".prose th, .prose td {") :].split("}", 1)[0]
    assert "hyphens: auto" in rule and "overflow-wrap: normal" in rule
    assert "@media print" in css and ".module-side" in css[css.index("@media print") :]


def test_my_learning_lists_the_ten_latest_results_newest_first(app, client, auth, create_user, sample):
    """The latest results come with the courses started in one statement: each is listed whether the
    other exists or not; a course not started shows no title."""
    user = create_user(email="lena@example.org")
    with app.app_context():
        module = db.session.scalar(select(Module).where(Module.slug == "basics"))
        for number in range(1, 14):  # twelve submitted on twelve days, the thirteenth still open
            db.session.add(
                QuizAttempt(
                    user_id=user.id, module_id=module.id, quiz_revision_id=module.current_quiz_id,
                    number=number, lang="de", layout={}, responses={}, results={}, score=1.0, max_score=1.0,
                    submitted_at=datetime(2026, 11, number, 9, 0) if number < 13 else None,
                    percent=float(number), pass_mark=50.0, passed=number % 2 == 0,
                )
            )  # fmt: skip
        db.session.commit()
        course_id, ids = (
            module.course_id,
            dict(db.session.execute(select(QuizAttempt.number, QuizAttempt.id)).all()),
        )
    auth.login(user.email)

    def results() -> list[tuple[str, ...]]:
        page = text(client.get("/learning"))
        line = r'<tr><td>(.*?)</td>\s*<td>(.*?)</td>\s*<td>(.*?)</td>\s*<td>(\d+).*?</td>\s*<td><a href="/attempts/(\d+)">(.*?)</a>'
        return re.findall(line, page)

    expected = [
        (str(n), str(ids[n]), "Bestanden" if n % 2 == 0 else "Nicht bestanden") for n in range(12, 2, -1)
    ]
    shown = results()
    assert [(score, link, words) for _, _, _, score, link, words in shown] == expected
    assert shown[0][0] == "12.11.2026, 10:00 MEZ" and {course for _, course, *_ in shown} == {""}
    with app.app_context():
        db.session.add(CourseProgress(user_id=user.id, course_id=course_id, percent=0.0))
        db.session.commit()
    shown = results()
    assert [(score, link, words) for _, _, _, score, link, words in shown] == expected
    assert {course for _, course, *_ in shown} == {"Beispielkurs – Schutzrechte in China"}


def test_my_learning_results_show_titles_with_markup_characters_as_text(
    app, client, auth, create_user, sample_dir
):
    """The latest results' values are escaped as they are put into a line rendered once (a fragment's live
    values): a course or module title with markup characters is shown as text, never as markup."""
    course_file, module_file = sample_dir / "course.yaml", sample_dir / "basics" / "module.de.md"
    course_file.write_text(course_file.read_text().replace("de: Beispielkurs", "de: <b>Bei & spiel</b>"))
    module_file.write_text(module_file.read_text().replace("title: Schutzrechte", "title: <i>'Schutz'</i>"))
    import_folder(app, sample_dir)
    user = create_user(email="lena@example.org")
    with app.app_context():
        module = db.session.scalar(select(Module).where(Module.slug == "basics"))
        db.session.add_all(
            [
                CourseProgress(user_id=user.id, course_id=module.course_id, percent=0.0),
                QuizAttempt(
                    user_id=user.id, module_id=module.id, quiz_revision_id=module.current_quiz_id,
                    number=1, lang="de", layout={}, responses={}, results={}, score=1.0, max_score=1.0,
                    submitted_at=datetime(2026, 11, 3, 9, 0), percent=80.0, pass_mark=50.0, passed=True,
                ),
            ]
        )  # fmt: skip
        db.session.commit()
    auth.login(user.email)
    recent = text(client.get("/learning")).split("recent-heading", 1)[1]
    assert "<td>&lt;b&gt;Bei &amp; spiel&lt;/b&gt; – Schutzrechte in China</td>" in recent
    assert "<td>&lt;i&gt;&#39;Schutz&#39;&lt;/i&gt; in China – die Grundlagen</td>" in recent
    assert "<b>" not in recent and "<i>" not in recent
