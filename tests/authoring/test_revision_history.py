"""Revision history and diffs of a course file, and the notice of translations a source change left stale."""

from __future__ import annotations

import html
import re
import shutil

import pytest

from app.content.revision import source_rev
from tests.fixtures.authoring import OTHER_TRAINER, PARTICIPANT, TRAINER, file_url, read, visible_text
from tests.fixtures.learning import import_folder

#: A line the trainer adds below the German module's first heading; it holds Markdown and HTML that must
#: come back as text, never as markup.
ADDED = "Neu: <script>alert(1)</script> **fett** & <b>mehr</b>"


def diff_url(lang: str = "de", kind: str = "module", module: str = "basics", **query: object) -> str:
    args = "&".join(f"{k}={v}" for k, v in query.items())
    return file_url(kind, lang, module) + "/diff" + (f"?{args}" if args else "")


def with_added_line(text: str) -> str:
    heading = next(line for line in text.split("\n") if line.startswith("# "))
    return text.replace(heading + "\n", f"{heading}\n\n{ADDED}\n", 1)


def cells(page: str, tag: str) -> list[str]:
    """The text inside every <ins> or <del> of the diff, without the marks of changed words, unescaped."""
    found = re.findall(rf"<{tag}>(.*?)</{tag}>", page, re.S)
    return [html.unescape(re.sub(r"</?mark[^>]*>", "", line)) for line in found]


def publish(editor, text: str, kind: str = "module", lang: str = "de"):  # type: ignore[no-untyped-def]
    response = editor.send("publish", text, kind=kind, lang=lang)
    assert response.status_code == 302, visible_text(response.get_data(as_text=True))[:800]
    return response


def test_diff_of_two_revisions_shows_the_inserted_line_as_escaped_text(editor, sample):
    old = read(sample, "module.de.md")
    publish(editor, with_added_line(old))
    response = editor.client.get(diff_url(a=1, b=2))
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert sorted(cells(page, "ins")) == ["", ADDED]  # the line and an empty line beside it
    assert cells(page, "del") == []
    assert "<script>alert(1)" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "2 lines added · 0 lines removed" in visible_text(page)
    heading_line = old.split("\n").index(next(line for line in old.split("\n") if line.startswith("# "))) + 1
    row = next(r for r in re.findall(r'<tr class="diff-ins">(.*?)</tr>', page, re.S) if "alert(1)" in r)
    assert re.findall(r'<td class="diff-num">(\d*)</td>', row) == ["", str(heading_line + 2)]
    assert ">added<" in row  # the change is named in words, not only by colour


def test_diff_the_other_way_round_shows_removed_lines_and_the_whole_file_on_request(editor, sample):
    old = read(sample, "module.de.md")
    publish(editor, with_added_line(old))
    page = editor.client.get(diff_url(a=2, b=1)).get_data(as_text=True)
    assert sorted(cells(page, "del")) == ["", ADDED] and cells(page, "ins") == []
    assert "unchanged lines" in page  # the file's far end is folded away
    full = editor.client.get(diff_url(a=2, b=1, full=1)).get_data(as_text=True)
    assert "unchanged lines" not in full
    assert full.count('class="diff-num"') == 2 * (len(old.rstrip("\n").split("\n")) + 2)


def test_same_revision_and_draft_against_published(editor, sample):
    page = editor.client.get(diff_url(a=1, b=1)).get_data(as_text=True)
    assert "The texts of revision 1 and revision 1 are the same in this language" in page
    changed = read(sample, "quiz.en.md").replace("Who, as a rule,", "Who, in general,")
    editor.send("save", changed, lang="en")
    page = editor.client.get(diff_url("en", "quiz", a=1, b="draft")).get_data(as_text=True)
    assert "From revision 1 to the current draft" in visible_text(page)
    assert any("Who, in general," in line for line in cells(page, "ins"))
    assert any("Who, as a rule," in line for line in cells(page, "del"))


def test_history_lists_author_time_status_and_the_source_each_translation_follows(editor, sample, app):
    publish(editor, with_added_line(read(sample, "module.de.md")))
    page = editor.client.get(file_url("module", "en") + "/revisions").get_data(as_text=True)
    text = visible_text(page)
    assert "Tina Trainer" in text and "import from files" in text
    assert re.search(r"\b\d{1,2}/\d{1,2}/20\d\d, \d{1,2}:\d\d", text), "dates with four-digit years"
    assert re.search(r"UTC\+[12]\b", text)  # Berlin: the zone of an English interface without a chosen zone
    # Both revisions hold the English translation of German revision 1; revision 2 changed only the source.
    source_link = f'href="{file_url("module", "de")}/revisions/1"'
    assert page.count(source_link) == 2
    assert f'href="{diff_url(a=1, b=2)}"' in page.replace("&amp;", "&")  # the source changes since
    assert "stale translation" in text and "published" in text and "earlier" in text
    source_page = editor.client.get(file_url("module", "de") + "/revisions").get_data(as_text=True)
    assert "Translated from" not in source_page


def test_the_viewer_time_zone_is_used(editor, sample, app):
    from app.auth.models import User
    from app.extensions import db

    with app.app_context():
        user = db.session.scalar(db.select(User).where(User.email == TRAINER))
        user.timezone = "Asia/Shanghai"
        db.session.commit()
    text = visible_text(editor.client.get(file_url("module", "de") + "/revisions").get_data(as_text=True))
    assert "UTC+8" in text and not re.search(r"UTC\+[12]\b", text)


def test_publishing_the_source_names_the_stale_translations_with_links(editor, sample, client):
    page = editor.client.get("/trainer").get_data(as_text=True)
    assert "stale translation" not in page
    response = publish(editor, with_added_line(read(sample, "module.de.md")))
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    text = visible_text(page)
    assert "These translations now follow an older source text: English, 中文." in text
    assert "Translations to review" in text
    notice = page[
        page.index('id="stale-heading"') : page.index("</section>", page.index('id="stale-heading"'))
    ]
    assert f'href="{file_url("module", "en")}"' in notice and f'href="{file_url("module", "zh")}"' in notice
    assert notice.replace("&amp;", "&").count(f'href="{diff_url(a=1, b=2)}"') == 2
    new_rev = source_rev(with_added_line(read(sample, "module.de.md")).encode("utf-8"))
    assert f"set its source_rev to {new_rev}" in visible_text(notice)
    diff = client.get(diff_url(a=1, b=2)).get_data(as_text=True)
    assert ADDED in cells(diff, "ins")

    home = visible_text(client.get("/trainer").get_data(as_text=True))
    assert home.count("1 stale translation") == 2  # English and Chinese module texts, not German
    files = visible_text(client.get("/trainer/courses/sample").get_data(as_text=True))
    assert files.count("stale translation") == 2


def test_publishing_the_source_quiz_names_its_stale_translations(editor, sample, client):
    changed = read(sample, "quiz.de.md").replace("grundsätzlich", "in der Regel", 1)
    page = client.get(publish(editor, changed, kind="quiz").headers["Location"]).get_data(as_text=True)
    assert "now follow an older source text: English, 中文." in visible_text(page)
    links = page.replace("&amp;", "&")
    assert links.count(f'href="{diff_url(kind="quiz", a=1, b=2)}"') == 2
    assert f'href="{file_url("quiz", "zh")}"' in links
    diff = client.get(diff_url(kind="quiz", a=1, b=2)).get_data(as_text=True)
    assert any("in der Regel" in line for line in cells(diff, "ins"))
    assert '<mark class="diff-word"> in der Regel</mark>' in diff  # the changed words within the line
    assert '<mark class="diff-word"> grundsätzlich</mark>' in diff
    revision = client.get(file_url("quiz", "de") + "/revisions/2").get_data(as_text=True)
    assert f'href="{diff_url(kind="quiz", b=2)}"' in revision  # "Compare with another revision"
    assert any(
        "grundsätzlich" in line
        for line in cells(client.get(diff_url(kind="quiz", b=2)).get_data(as_text=True), "del")
    )


def test_publishing_a_translation_names_no_stale_languages(editor, sample, client):
    response = publish(
        editor, read(sample, "module.en.md").replace("the basics", "the fundamentals"), lang="en"
    )
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Published as revision 2." in page
    assert "older source text" not in page and "Translations to review" not in page


@pytest.mark.parametrize("email", [PARTICIPANT, OTHER_TRAINER])
def test_diff_is_refused_to_participants_and_other_courses_trainers(client, auth, assigned, email):
    auth.login(email)
    assert client.get(diff_url(a=1, b=1)).status_code == 403
    assert client.get(diff_url("zh", "quiz")).status_code == 403


@pytest.mark.parametrize(
    ("query", "status", "message"),
    [
        ({"a": "abc", "b": 1}, 400, "“abc” is not a revision number."),
        ({"a": 1, "b": "-1"}, 400, "“-1” is not a revision number."),
        ({"a": "1e3", "b": 1}, 400, "not a revision number"),
        ({"a": "99999999999", "b": 1}, 400, "not a revision number"),
        ({"a": "%00", "b": 1}, 400, "Bad request"),  # the request guard refuses NUL everywhere
        ({"a": "", "b": 1}, 200, "The texts of revision 1 and revision 1 are the same"),  # empty: the default
        ({"a": 1, "b": 99}, 404, "Revision 99 has no text of this file in this language."),
        ({"a": 1, "b": 999999999}, 404, "Revision 999999999 has no text"),
        ({"a": "draft", "b": 1}, 404, "This file has no saved draft."),
    ],
)
def test_junk_revision_choices_get_a_clear_message(editor, sample, query, status, message):
    response = editor.client.get(diff_url(**query))
    assert response.status_code == status
    assert message in visible_text(response.get_data(as_text=True))


def test_unknown_files_are_not_found(editor, sample):
    assert editor.client.get(diff_url("fr")).status_code == 404
    assert editor.client.get(diff_url(kind="handout")).status_code == 404
    assert editor.client.get(diff_url(module="nowhere")).status_code == 404
    assert editor.client.get(diff_url().replace("/sample/", "/unknown/")).status_code == 404


def test_revision_numbers_of_another_module_are_not_found(app, client, auth, sample_dir, users):
    """Revision 2 exists for one module, not for its sibling: asking the sibling for it is a 404."""
    shutil.copytree(sample_dir / "basics", sample_dir / "advanced")
    course_yaml = sample_dir / "course.yaml"
    course_yaml.write_text(
        course_yaml.read_text().replace("modules: [basics]", "modules: [basics, advanced]")
    )
    import_folder(app, sample_dir)
    from app.courses.models import Course, CourseTrainer
    from app.extensions import db

    with app.app_context():
        course = db.session.scalar(db.select(Course).where(Course.slug == "sample"))
        db.session.add(CourseTrainer(course_id=course.id, user_id=users["trainer"]))
        db.session.commit()
    auth.login(TRAINER)
    fixed = read(sample_dir, "module.de.md").replace("# ", "# Neu: ", 1)
    assert (
        client.post(file_url("module", "de"), data={"source": fixed, "publish": "Publish"}).status_code == 302
    )
    assert client.get(diff_url(a=1, b=2)).status_code == 200
    response = client.get(diff_url(module="advanced", a=1, b=2))
    assert response.status_code == 404
    assert "Revision 2 has no text of this file" in visible_text(response.get_data(as_text=True))
