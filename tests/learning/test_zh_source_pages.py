"""The catalogue, course page, module pages and quiz of courses written in Chinese, in zh, de and en:
germany-eu-entry (offered in zh, de, en, in that order) and the fixture course zh-sample (zh and de only),
which an English reader sees in its source language, Chinese, with a notice."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from tests.fixtures.authoring import visible_text
from tests.fixtures.learning import QuizTaker, import_folder

REPO = Path(__file__).resolve().parents[2]
EU_ENTRY = REPO / "courses" / "germany-eu-entry"
ZH_SAMPLE = REPO / "tests" / "data" / "zh-source-course" / "zh-sample"
SPEC = yaml.safe_load((EU_ENTRY / "course.yaml").read_text(encoding="utf-8"))
LANGS = ("zh", "de", "en")


def module_title(module: str, lang: str, folder: Path = EU_ENTRY) -> str:
    text = (folder / module / f"module.{lang}.md").read_text(encoding="utf-8")
    return re.search(r"^title: (.*)$", text, re.M)[1].strip('"')


def t(app, message: str, lang: str, **values) -> str:
    from flask_babel import gettext

    with app.test_request_context(headers={"Accept-Language": lang}):
        return gettext(message, **values)


@pytest.fixture
def courses(app) -> None:
    import_folder(app, REPO / "courses")
    import_folder(app, ZH_SAMPLE)


@pytest.mark.parametrize("lang", LANGS)
def test_the_catalogue_in_each_language(client, courses, lang):
    client.post("/language", data={"lang": lang})
    page = client.get("/courses").get_data(as_text=True)
    card = page[page.index('href="/courses/germany-eu-entry"') - 200 :]
    card = card[: card.index("</article>")]
    assert SPEC["title"][lang] in card and SPEC["description"][lang] in card
    assert "<h2 lang=" not in card  # the course has a title in every language: nothing falls back
    names = re.findall(r'<span lang="[^"]+">([^<]+)</span>', card)
    assert names == ["中文", "Deutsch", "English"]  # the course's languages, source first


@pytest.mark.parametrize("lang", LANGS)
def test_the_course_page_in_each_language(app, client, courses, lang):
    client.post("/language", data={"lang": lang})
    page = client.get("/courses/germany-eu-entry").get_data(as_text=True)
    assert f"<h1>{SPEC['title'][lang]}</h1>" in page
    titles = [module_title(module, lang) for module in SPEC["modules"]]
    text = visible_text(page[page.index('id="modules-heading"') :])
    positions = [text.index(title) for title in titles]
    assert positions == sorted(positions)  # the modules in course order, each in the page's language
    notice = t(
        app,
        "This course is not available in your language; it is shown in %(language)s.",
        lang,
        language="中文",
    )
    assert notice not in page


@pytest.mark.parametrize("lang", LANGS)
def test_the_module_pages_in_each_language(client, auth, create_user, courses, lang):
    person = create_user(email=f"reader-{lang}@example.org", locale=lang)
    auth.login(person.email)
    for module in SPEC["modules"]:
        page = client.get(f"/courses/germany-eu-entry/{module}").get_data(as_text=True)
        html_lang = "zh-Hans" if lang == "zh" else lang
        assert f'<article class="panel module-text" lang="{html_lang}">' in page
        nav = page[page.index('class="module-nav"') :]
        nav = nav[: nav.index("</ol>")]
        shown = [visible_text(item).strip() for item in re.findall(r"<li>(.*?)</li>", nav, re.S)]
        assert shown == [module_title(m, lang) for m in SPEC["modules"]]
        assert 'href="/courses/' in page and 'href="course:' not in page
        assert 'lang="' not in nav  # nothing falls back to the source language


def test_an_english_reader_sees_the_chinese_only_course_in_its_source_language(
    app, client, auth, create_user, courses
):
    person = create_user(email="emily@example.org", name="Emily Price", locale="en")
    title_zh = yaml.safe_load((ZH_SAMPLE / "course.yaml").read_text(encoding="utf-8"))["title"]["zh"]
    catalogue = client.get("/courses").get_data(as_text=True)  # anonymous, German by default
    assert "Beispielkurs – eine GmbH in Deutschland gründen" in catalogue
    client.post("/language", data={"lang": "en"})
    catalogue = client.get("/courses").get_data(as_text=True)
    assert f'<h2 lang="zh-Hans"><a href="/courses/zh-sample">{title_zh}</a></h2>' in catalogue
    course = client.get("/courses/zh-sample").get_data(as_text=True)
    assert f'<h1 lang="zh-Hans">{title_zh}</h1>' in course
    notice = "This course is not available in your language; it is shown in 中文."
    assert notice in course
    auth.login(person.email)
    page = client.get("/courses/zh-sample/gmbh").get_data(as_text=True)
    assert "This module is not yet available in your language. It is shown in 中文." in page
    assert '<article class="panel module-text" lang="zh-Hans">' in page
    assert module_title("gmbh", "zh", ZH_SAMPLE) in page
    assert (
        f'<strong aria-current="page" lang="zh-Hans">{module_title("gmbh", "zh", ZH_SAMPLE)}</strong>' in page
    )
    _attempt, quiz, _layout = QuizTaker(app, client).open(course="zh-sample", module="gmbh")
    assert quiz["questions"][0]["text_html"].startswith("<p>设立GmbH时")  # the quiz in the source language


def test_a_german_reader_gets_the_german_translation_of_the_chinese_only_course(
    client, auth, create_user, courses
):
    person = create_user(email="jonas@example.org", locale="de")
    auth.login(person.email)
    page = client.get("/courses/zh-sample/gmbh").get_data(as_text=True)
    assert '<article class="panel module-text" lang="de">' in page and "Eine GmbH gründen" in page
