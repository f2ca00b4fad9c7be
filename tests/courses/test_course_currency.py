"""Currency: `flask courses check` warns when review_by has passed or a watched date has arrived, and the
import stores both dates on the module revision."""

from datetime import date
from pathlib import Path

from sqlalchemy import select

from app.courses.checker import check_path
from app.courses.currency import review_reasons
from app.courses.models import ModuleRevision
from app.extensions import db
from tests.courses.course_files import MODULE_DE

CURRENT = MODULE_DE.replace(
    "current_as_of: 2026-10-01\n",
    "current_as_of: 2026-10-01\nreview_by: 2027-06-30\nwatch:\n"
    "  - what: PRC Trademark Law, revision of 26 June 2026\n    date: 2027-01-01\n"
    "  - what: Customs recordal notice\n    date: 2027-03-01\n",
)
# line 5 is review_by, line 7 the first watch entry, line 9 the second


def currency_warnings(folder: Path, today: date) -> list[str]:
    return [str(p).removeprefix(f"{folder}/") for p in check_path(folder, today=today)]


def test_nothing_before_the_dates(make_course):
    folder = make_course({"basics/module.de.md": CURRENT})
    found = currency_warnings(folder, date(2026, 12, 31))
    assert [p for p in found if "stale" not in p] == []


def test_a_watched_date_warns_on_the_line_of_its_entry_from_that_day(make_course):
    folder = make_course({"basics/module.de.md": CURRENT})
    found = [p for p in currency_warnings(folder, date(2027, 1, 1)) if "stale" not in p]
    assert found == [
        "basics/module.de.md:7: warning: watched date 2027-01-01 has arrived (PRC Trademark Law, revision of "
        "26 June 2026): check the module against the rule as it now applies, then update or remove this "
        "watch entry"
    ]


def test_review_by_warns_on_its_line_once_it_has_passed(make_course):
    folder = make_course({"basics/module.de.md": CURRENT})
    assert not any("review_by" in p for p in currency_warnings(folder, date(2027, 6, 30)))
    found = [p for p in currency_warnings(folder, date(2027, 7, 1)) if "stale" not in p]
    assert found == [
        "basics/module.de.md:5: warning: review_by 2027-06-30 has passed: check the module against its "
        "sources, then set current_as_of and a new review_by",
        "basics/module.de.md:7: warning: watched date 2027-01-01 has arrived (PRC Trademark Law, revision of "
        "26 June 2026): check the module against the rule as it now applies, then update or remove this "
        "watch entry",
        "basics/module.de.md:9: warning: watched date 2027-03-01 has arrived (Customs recordal notice): "
        "check the module against the rule as it now applies, then update or remove this watch entry",
    ]


def test_a_single_file_is_checked_with_the_same_day(make_course):
    folder = make_course({"basics/module.de.md": CURRENT})
    found = [str(p) for p in check_path(folder / "basics" / "module.de.md", today=date(2027, 7, 1))]
    assert [p.split(": warning: ")[0] for p in found if "has " in p] == [
        f"{folder}/basics/module.de.md:5",
        f"{folder}/basics/module.de.md:7",
        f"{folder}/basics/module.de.md:9",
    ]


def test_cli_takes_the_day_to_compare_with(runner, make_course):
    folder = make_course({"basics/module.de.md": CURRENT})
    later = runner.invoke(args=["courses", "check", str(folder), "--today", "2027-07-01"])
    assert later.exit_code == 0, later.output
    assert f"{folder}/basics/module.de.md:5: warning: review_by 2027-06-30 has passed" in later.output
    earlier = runner.invoke(args=["courses", "check", str(folder), "--today", "2026-12-06"])
    assert "has passed" not in earlier.output and "has arrived" not in earlier.output
    wrong = runner.invoke(args=["courses", "check", str(folder), "--today", "1.7.2027"])
    assert wrong.exit_code == 2 and "--today" in wrong.output


def test_import_stores_review_by_and_watch_on_the_revision(app, runner, make_course):
    folder = make_course({"basics/module.de.md": CURRENT})
    result = runner.invoke(args=["courses", "import", str(folder)])
    assert result.exit_code == 0, result.output
    with app.app_context():
        rows = {
            r.module.slug: (r.review_by, r.watch) for r in db.session.scalars(select(ModuleRevision)).all()
        }
    assert rows["basics"] == (
        date(2027, 6, 30),
        [
            {"what": "PRC Trademark Law, revision of 26 June 2026", "date": "2027-01-01"},
            {"what": "Customs recordal notice", "date": "2027-03-01"},
        ],
    )
    assert rows["advanced"] == (None, [])


def test_review_reasons_horizon():
    watch = [{"what": "Law", "date": "2027-01-31"}]
    assert review_reasons(date(2027, 6, 30), watch, date(2026, 12, 31)) == []
    assert [r.what for r in review_reasons(None, watch, date(2027, 1, 1))] == ["Law"]  # 30 days ahead
    reasons = review_reasons(date(2027, 1, 5), watch, date(2027, 2, 1))
    assert [(r.date, r.is_review_by) for r in reasons] == [
        (date(2027, 1, 5), True),
        (date(2027, 1, 31), False),
    ]
