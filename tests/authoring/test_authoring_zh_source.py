"""The editor with a course whose source language is Chinese (germany-eu-entry): the Chinese source and a
German translation edited, previewed and published; the revisions; the stale notices for trainers and
learners; links to other courses checked against the platform's courses."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from sqlalchemy import select

from app.auth.models import Role
from app.content.revision import source_rev
from app.courses.models import Course, CourseTrainer, Module, ModuleRevision, ModuleText
from app.extensions import db
from tests.fixtures.authoring import PARTICIPANT, TRAINER, textarea, visible_text
from tests.fixtures.learning import import_folder

REPO = Path(__file__).resolve().parents[2]
COURSE = REPO / "courses" / "germany-eu-entry"
SLUG = "germany-eu-entry"
MODULE = "employing-in-germany"
READER_ZH = "leser@example.org"
ADDED = "\n补充：2026年起，最低工资为每小时13.90欧元。\n"


def url(kind: str = "module", lang: str = "zh", module: str = MODULE, tail: str = "") -> str:
    return f"/trainer/courses/{SLUG}/{module}/{kind}/{lang}{tail}"


def original(kind: str = "module", lang: str = "zh", module: str = MODULE) -> str:
    return (COURSE / module / f"{kind}.{lang}.md").read_text(encoding="utf-8")


def rows_of(page: str, module: str = MODULE) -> dict[str, str]:
    """File name -> the text of its row on the trainer's course page, for one module's table."""
    table = page[page.index(f"<code>{module}</code>") :]
    table = table[: table.index("</table>")]
    rows = re.findall(r"<tr>(.*?)</tr>", table, re.S)
    found = {}
    for row in rows:
        name = re.search(r"<code>([a-z]+\.[a-z]{2}\.md)</code>", row)
        if name:
            found[name[1]] = visible_text(row)
    return found


def in_language(app, message: str, lang: str) -> str:
    """``message`` as the app shows it in ``lang``."""
    from flask_babel import gettext

    with app.test_request_context(headers={"Accept-Language": lang}):
        return gettext(message)


def stale_flags(app) -> dict[str, bool]:
    with app.app_context():
        module = db.session.scalar(select(Module).where(Module.slug == MODULE))
        texts = db.session.scalars(
            select(ModuleText).where(ModuleText.revision_id == module.current_revision_id)
        )
        return {t.lang: t.stale for t in texts}


def revision_numbers(app) -> list[int]:
    with app.app_context():
        module = db.session.scalar(select(Module).where(Module.slug == MODULE))
        return list(
            db.session.scalars(select(ModuleRevision.number).where(ModuleRevision.module_id == module.id))
        )


@pytest.fixture
def course(app, create_user):
    """Every course imported (this one links to the others); the trainer is assigned to this one."""
    import_folder(app, REPO / "courses")
    trainer = create_user(role=Role.TRAINER, email=TRAINER, name="Tina Trainer", locale="en")
    create_user(email=PARTICIPANT, name="Paula Participant", locale="de")
    create_user(email=READER_ZH, name="Wang Fang", name_zh="王芳", locale="zh")
    with app.app_context():
        course_id = db.session.scalar(select(Course.id).where(Course.slug == SLUG))
        db.session.add(CourseTrainer(course_id=course_id, user_id=trainer.id))
        db.session.commit()


@pytest.fixture
def trainer(client, auth, course):
    auth.login(TRAINER)
    return client


def publish(client, text: str, kind: str = "module", lang: str = "zh", base: str = "1"):  # type: ignore[no-untyped-def]
    return client.post(url(kind, lang), data={"source": text, "publish": "Publish", "base": base})


def test_the_course_page_names_chinese_as_the_source_and_lists_it_first(trainer):
    page = trainer.get(f"/trainer/courses/{SLUG}").get_data(as_text=True)
    assert "Source language: 中文" in page
    assert list(rows_of(page)) == [
        f"{kind}.{lang}.md" for kind in ("module", "quiz") for lang in ("zh", "de", "en")
    ]
    assert (
        '<span lang="zh-Hans">在德国雇用员工</span>' in page
    )  # module headings: the source title, marked Chinese
    assert not any("stale" in row for row in rows_of(page).values())


def test_the_editor_opens_the_chinese_source_and_previews_it(trainer):
    page = trainer.get(url()).get_data(as_text=True)
    assert textarea(page) == original()
    assert "(source language)" in visible_text(page) and 'lang="zh-Hans"' in page
    preview = trainer.post(url(), data={"source": original(), "preview": "Preview"}).get_data(as_text=True)
    assert "No problems found." in preview
    assert 'href="/courses/sino-german-culture/mixed-teams-and-germany"' in preview  # the course: link


def test_publishing_the_chinese_source_makes_german_and_english_stale(app, trainer, client, auth):
    changed = original() + ADDED
    preview = trainer.post(url(), data={"source": changed, "preview": "Preview"}).get_data(as_text=True)
    text = visible_text(preview)
    assert "Errors: 0 · Warnings: 2" in text  # what the edit does to the translations
    assert f"{MODULE}/module.de.md line 4: stale translation" in text and f"{MODULE}/module.en.md" in text
    response = publish(trainer, changed)
    assert response.status_code == 302
    assert "Published as revision 2." in trainer.get(response.headers["Location"]).get_data(as_text=True)
    assert revision_numbers(app) == [1, 2] and stale_flags(app) == {"zh": False, "de": True, "en": True}
    rows = rows_of(trainer.get(f"/trainer/courses/{SLUG}").get_data(as_text=True))
    assert "stale translation" in rows["module.de.md"] and "stale translation" in rows["module.en.md"]
    assert "stale translation" not in rows["module.zh.md"]
    notice = in_language(
        app,
        "The original of this module was updated recently; this translation may not include the latest changes yet.",
        "de",
    )
    auth.logout()
    auth.login(PARTICIPANT)  # reads German: the notice
    assert notice in client.get(f"/courses/{SLUG}/{MODULE}").get_data(as_text=True)
    auth.logout()
    auth.login(READER_ZH)  # reads the Chinese source: no notice, the new sentence
    page = client.get(f"/courses/{SLUG}/{MODULE}").get_data(as_text=True)
    assert "13.90欧元" in page and notice not in page


def test_the_german_translation_is_brought_up_to_date_in_the_editor(app, trainer):
    changed = original() + ADDED
    publish(trainer, changed)
    new = source_rev(changed.encode("utf-8"))
    page = trainer.get(url(lang="de")).get_data(as_text=True)
    assert "stale translation" in page and "(source language)" not in visible_text(page)
    german = original(lang="de")
    line = next(n for n, text in enumerate(german.split("\n"), 1) if text.startswith("source_rev:"))
    checked = visible_text(
        trainer.post(url(lang="de"), data={"source": german, "preview": "Preview"}).get_data(as_text=True)
    )
    assert f"line {line}: stale translation: source_rev is" in checked and f"source is now {new}" in checked
    updated = re.sub(r"^source_rev: .*$", f"source_rev: {new}", german, count=1, flags=re.M)
    updated += "\nErgänzung: Seit 2026 beträgt der Mindestlohn 13,90 Euro pro Stunde.\n"
    response = publish(trainer, updated, lang="de", base="2")
    assert response.status_code == 302, visible_text(response.get_data(as_text=True))
    assert revision_numbers(app) == [1, 2, 3]
    assert stale_flags(app) == {"zh": False, "de": False, "en": True}
    rows = rows_of(trainer.get(f"/trainer/courses/{SLUG}").get_data(as_text=True))
    assert "stale translation" not in rows["module.de.md"] and "stale translation" in rows["module.en.md"]


def test_the_revision_lists_of_source_and_translation(app, trainer):
    publish(trainer, original() + ADDED)
    zh = visible_text(trainer.get(url(tail="/revisions")).get_data(as_text=True))
    assert re.search(r"2 published .*? Tina Trainer changed .*? 1 .*? import from files changed", zh), zh
    de = visible_text(trainer.get(url(lang="de", tail="/revisions")).get_data(as_text=True))
    assert re.search(r"2 published .*? Tina Trainer unchanged stale translation .*? 1 .*? changed", de), de
    first = trainer.get(url(lang="de", tail="/revisions/1")).get_data(as_text=True)
    assert "Vertiefung: Kurs" in first


def test_a_german_quiz_that_departs_from_the_chinese_structure_is_refused(app, trainer):
    """The German translation marks another option correct than the Chinese source does."""
    lines = original("quiz", "de").split("\n")
    right = next(i for i, text in enumerate(lines) if text.startswith("- [x]"))
    wrong = next(i for i, text in enumerate(lines) if i > right and text.startswith("- [ ]"))
    lines[right] = lines[right].replace("- [x]", "- [ ]", 1)
    lines[wrong] = lines[wrong].replace("- [ ]", "- [x]", 1)
    response = publish(trainer, "\n".join(lines), kind="quiz", lang="de")
    assert response.status_code == 422
    text = visible_text(response.get_data(as_text=True))
    for index, mark in ((right, r"\[x\]"), (wrong, r"\[ \]")):
        option = re.match(r"- \[.\] ([a-z0-9-]+)\)", lines[index])[1]
        assert re.search(
            rf"line {index + 1}: option '{option}' of question '[a-z0-9-]+' must be marked {mark}", text
        )
    with app.app_context():
        module = db.session.scalar(select(Module).where(Module.slug == MODULE))
        assert module.published_quiz().number == 1


def test_a_link_to_a_module_the_platform_lacks_is_an_error_on_its_line(app, trainer):
    broken = original().replace(
        "course:sino-german-culture/mixed-teams-and-germany", "course:sino-german-culture/teams"
    )
    line = next(
        n for n, text in enumerate(broken.split("\n"), 1) if "course:sino-german-culture/teams" in text
    )
    response = publish(trainer, broken)
    assert response.status_code == 422
    text = visible_text(response.get_data(as_text=True))
    assert f"line {line}: broken link: course 'sino-german-culture' has no module 'teams'" in text
    assert revision_numbers(app) == [1]


def test_modules_due_for_review_come_from_the_chinese_source_with_titles_in_the_trainers_language(
    app, course
):
    from datetime import date

    from app.authoring.review_due import modules_due

    with app.app_context():
        chosen = db.session.scalar(select(Course).where(Course.slug == SLUG))
        for lang in ("en", "de", "zh"):
            due = modules_due([chosen], lang, date(2027, 7, 1))  # the day after every review_by (zh files)
            assert sorted(item.module.slug for item in due) == sorted(
                p.name
                for p in COURSE.iterdir()
                if p.is_dir() and p.name != "images"  # the pictures' folder
            )
            titles = {item.module.slug: item.title for item in due}
            assert titles[MODULE] == re.search(r"^title: (.*)$", original(lang=lang), re.M)[1].strip('"')
            reasons = {item.module.slug: item.reasons for item in due}
            assert date(2027, 1, 1) in [
                reason.date for reason in reasons[MODULE]
            ]  # a watch entry of the zh file
