"""Learners are told when a module is past its review date; the course page keeps its "content as of"."""

import html
import re

import pytest

from tests.fixtures.learning import import_folder


def with_review_by(folder, review_by: str) -> None:
    path = folder / "basics" / "module.de.md"
    text = path.read_text(encoding="utf-8")
    path.write_text(
        text.replace("current_as_of: 2026-11-01\n", f"current_as_of: 2026-11-01\nreview_by: {review_by}\n"),
        "utf-8",
    )


def text_of(page: str) -> str:
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", "", page)))


@pytest.mark.parametrize(
    ("lang", "notice", "as_of"),
    [
        (
            "de",
            "Dieses Modul steht zur Überprüfung an; der Inhalt hat den Stand vom 1. November 2026.",
            "Inhaltlicher Stand",
        ),
        ("zh", "本模块有待复核，内容截至2026年11月1日。", "内容更新至"),
    ],
)
def test_a_module_past_its_review_date_carries_a_notice(
    app, client, auth, create_user, sample_dir, lang, notice, as_of
):
    with_review_by(sample_dir, "2020-01-31")
    import_folder(app, sample_dir)
    create_user(email="reader@example.org", locale=lang)
    auth.login("reader@example.org")
    page = text_of(client.get("/courses/sample/basics").get_data(as_text=True))
    assert notice in page
    course_page = text_of(client.get("/courses/sample").get_data(as_text=True))
    assert as_of in course_page


def test_no_notice_before_the_review_date(app, client, auth, create_user, sample_dir):
    with_review_by(sample_dir, "2099-12-31")
    import_folder(app, sample_dir)
    create_user(email="reader@example.org", locale="de")
    auth.login("reader@example.org")
    page = text_of(client.get("/courses/sample/basics").get_data(as_text=True))
    assert "Inhaltlicher Stand: 1. November 2026" in page
    assert "Überprüfung" not in page
