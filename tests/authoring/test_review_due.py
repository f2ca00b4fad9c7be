"""The trainer's home page lists the modules due for review, only for the courses the trainer manages."""

from __future__ import annotations

from datetime import date, timedelta

from tests.fixtures.authoring import OTHER_TRAINER, TRAINER, visible_text
from tests.fixtures.learning import import_folder


def set_dates(folder, front: str) -> None:
    path = folder / "basics" / "module.de.md"
    text = path.read_text(encoding="utf-8")
    path.write_text(
        text.replace("current_as_of: 2026-11-01\n", f"current_as_of: 2026-11-01\n{front}"), "utf-8"
    )


def test_modules_due_for_review_are_listed_with_their_reasons(app, client, auth, assigned, sample):
    auth.login(TRAINER)
    assert "Due for review" not in client.get("/trainer").get_data(as_text=True)

    soon = date.today() + timedelta(days=10)
    set_dates(
        sample,
        "review_by: 2020-01-31\nwatch:\n"
        f"  - what: Rule that changes soon\n    date: {soon.isoformat()}\n"
        "  - what: Rule of the far future\n    date: 2099-01-01\n",
    )
    import_folder(app, sample)
    page = client.get("/trainer").get_data(as_text=True)
    text = visible_text(page)
    assert "Due for review" in text
    assert "IP rights in China – the basics basics" in text  # the title in the trainer's language, the slug
    assert "Review date January 31, 2020 has passed" in text
    assert "Watched: Rule that changes soon" in text
    assert "far future" not in text
    assert 'href="/trainer/courses/sample/basics/module/de"' in page
    auth.logout()

    auth.login(OTHER_TRAINER)  # not assigned to the course: sees nothing of it
    assert "Due for review" not in client.get("/trainer").get_data(as_text=True)


def test_a_watched_date_beyond_thirty_days_is_not_listed(app, client, auth, assigned, sample):
    later = date.today() + timedelta(days=31)
    set_dates(sample, f"review_by: 2099-01-01\nwatch:\n  - what: Rule\n    date: {later.isoformat()}\n")
    import_folder(app, sample)
    auth.login(TRAINER)
    assert "Due for review" not in client.get("/trainer").get_data(as_text=True)
