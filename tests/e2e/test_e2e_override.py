"""A participant uses up the attempts at a quiz; the course's trainer opens the participant's quiz situation
from the cohort, grants one extra attempt and lifts the waiting time that still runs, each with a reason;
the participant takes the quiz again at once, and the trainer sees the grant used.

The course is the suite's small sample course, imported with one attempt per quiz and half an hour's wait
after a failed one (the demo courses allow three attempts, which a browser test would spend minutes on)."""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable

from playwright.sync_api import Page, expect

from tests.e2e.quiz import answer_key, fill_in, fill_in_wrong
from tests.e2e.server import ROOT
from tests.e2e.site import ADMIN, TRAINER, Account, Visitor

SAMPLE = ROOT / "tests" / "data" / "sample-course" / "sample"
COURSE, MODULE = "sample", "basics"
LEARNER = Account("ausnahme@example.org", "e2e-override-2026", "Olga Override")


def take_quiz(learner: Visitor, answer: Callable[[Page], None]) -> None:
    """From the module page: open the quiz, answer it, submit, and come back to the module page."""
    learner.follow(learner.page.locator(f"a.button[href='/courses/{COURSE}/{MODULE}/quiz']"))
    answer(learner.page)
    learner.follow(learner.page.locator("main form button[type=submit]"))
    expect(learner.page.locator(".result-summary")).to_be_visible()
    learner.goto(f"/courses/{COURSE}/{MODULE}")


def test_trainer_grants_an_extra_attempt_and_the_participant_retakes(visitor, live_server, tmp_path):
    folder = tmp_path / "courses"
    shutil.copytree(SAMPLE, folder / COURSE)
    settings = folder / COURSE / "course.yaml"
    text = re.sub(r"(?m)^attempts: \d+", "attempts: 1", settings.read_text(encoding="utf-8"))
    settings.write_text(
        re.sub(r"(?m)^retake_wait_minutes: \d+", "retake_wait_minutes: 30", text), encoding="utf-8"
    )
    live_server.cli(
        ("courses", "import", str(folder)),
        ("users", "create", "--email", LEARNER.email, "--password", LEARNER.password, "--name", LEARNER.name,
         "--lang", "en"),
    )  # fmt: skip
    quiz = answer_key(COURSE, MODULE, "en", courses=folder)

    admin = visitor()  # an admin assigns the trainer to the new course
    admin.login(ADMIN)
    admin.set_language("en")
    admin.goto(f"/admin/courses/{COURSE}/trainers")
    choice = admin.page.locator("#user option", has_text=TRAINER.email)
    admin.page.locator("#user").select_option(choice.get_attribute("value"))
    admin.follow(admin.page.locator("main form.inline-form button[type=submit]").last)
    expect(admin.page.locator("main .trainer-list")).to_contain_text(TRAINER.name)

    learner = visitor(locale="en-GB")
    learner.login(LEARNER)
    learner.set_language("en")
    learner.goto(f"/courses/{COURSE}/{MODULE}")
    take_quiz(learner, lambda page: fill_in_wrong(page, quiz))
    expect(learner.page.locator(".module-side")).to_contain_text("You have used all attempts for this quiz.")
    expect(learner.page.locator(f".module-side a[href='/courses/{COURSE}/{MODULE}/quiz']")).to_have_count(0)

    trainer = visitor()
    trainer.login(TRAINER)
    trainer.set_language("en")
    trainer.goto(f"/trainer/courses/{COURSE}/cohort")
    trainer.follow(trainer.page.locator("main .participant a", has_text=LEARNER.name))
    page = trainer.page
    situation = page.locator(f"#quiz-{MODULE}")
    expect(situation.locator(".quiz-now")).to_have_text("All attempts used.")
    trainer.screenshot("en", "quiz-situation")
    situation.locator("textarea[id$='extra-attempt-reason']").fill(
        "The connection dropped during the attempt"
    )
    trainer.follow(page.locator(f"#{MODULE}-extra-attempt"))
    expect(page.locator(".flashes")).to_contain_text("Olga Override may take the quiz once more.")
    expect(situation.locator(".quiz-now")).to_contain_text(
        "Waiting until"
    )  # the course's half hour still runs
    situation.locator("textarea[id$='lift-wait-reason']").fill("Same: the connection dropped")
    trainer.follow(page.locator(f"#{MODULE}-lift-wait"))
    expect(page.locator(".flashes")).to_contain_text("The waiting time for Olga Override is lifted.")
    expect(situation.locator(".quiz-now")).to_have_text("May take the quiz.")
    expect(situation.locator("table")).to_contain_text("The connection dropped during the attempt")

    learner.goto(f"/courses/{COURSE}")
    expect(learner.page.locator(".module-list")).to_contain_text("Your trainer let you take the quiz again")
    learner.goto(f"/courses/{COURSE}/{MODULE}")
    expect(learner.page.locator(".module-side")).to_contain_text("1 attempt left")
    take_quiz(learner, lambda page: fill_in(page, quiz))
    expect(learner.page.locator(".module-side .badge-done")).to_have_text("Quiz passed")

    trainer.goto(page.url)
    expect(situation.locator(".quiz-now")).to_have_text("Quiz passed")
    expect(situation.locator("table tbody tr")).to_have_count(2)
    expect(situation.locator("table")).not_to_contain_text("not yet")  # both used by the second attempt

    admin.goto("/admin/audit")
    expect(admin.page.locator("main")).to_contain_text("Extra quiz attempt granted")
    expect(admin.page.locator("main")).to_contain_text("The connection dropped during the attempt")
