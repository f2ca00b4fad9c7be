"""Links to a module of another course, `course:<course>/<module>`: checked with file and line, rendered
as the module's page, and used by the shipped courses."""

from collections.abc import Callable
from pathlib import Path

import pytest
from sqlalchemy import select

from app.courses.crosslinks import courses_beside, parse_course_link
from app.courses.importer import module_link
from app.courses.loader import load_course
from app.courses.markdown import render_markdown
from app.courses.models import Module, ModuleText
from app.extensions import db
from tests.fixtures.learning import import_folder

MakeCourse = Callable[..., Path]
REPO = Path(__file__).resolve().parents[2]
OTHER = "slug: other\nsource_lang: de\nlanguages: [de]\nmodules: [intro, deep-dive]\n"


def messages(folder: Path) -> list[str]:
    """The problems as printed, without the stale-translation warning that editing the source causes."""
    problems = load_course(folder)[1]
    return [str(p).removeprefix(f"{folder}/") for p in problems if "stale translation" not in p.message]


def with_link(make_course: MakeCourse, target: str) -> Path:
    """The demo course with a course beside it ('other') and a link to `target` on line 11 of basics."""
    folder = make_course()
    (folder.parent / "other").mkdir()
    (folder.parent / "other" / "course.yaml").write_text(OTHER, encoding="utf-8")
    path = folder / "basics/module.de.md"
    text = path.read_text(encoding="utf-8").replace("../advanced/module.de.md", target)
    path.write_text(text, encoding="utf-8")
    return folder


@pytest.mark.parametrize(
    "target",
    ["course:other/intro", "course:other/deep-dive#abschnitt", "course:other/intro/", "course:demo/advanced"],
)
def test_a_link_to_a_module_of_a_course_beside_is_fine(make_course: MakeCourse, target: str) -> None:
    assert messages(with_link(make_course, target)) == []


@pytest.mark.parametrize(
    ("target", "expected"),
    [
        (
            "course:other/outro",
            "broken link: course 'other' has no module 'outro' (its modules: intro, deep-dive)",
        ),
        ("course:nowhere/intro", "broken link: there is no course 'nowhere' (courses known: demo, other)"),
        ("course:demo/basic", "broken link: course 'demo' has no module 'basic'"),
        ("course:other", "link 'course:other' is not of the form course:<course>/<module>"),
        ("course:Other/Intro", "link 'course:Other/Intro' is not of the form course:<course>/<module>"),
        ("course:other/intro/module.de.md", "link 'course:other/intro/module.de.md' is not of the form"),
    ],
)
def test_a_link_that_leads_nowhere_is_an_error_on_its_line(
    make_course: MakeCourse, target: str, expected: str
) -> None:
    found = messages(with_link(make_course, target))
    assert any(m.startswith(f"basics/module.de.md:11: {expected}") for m in found), found


def test_a_course_link_in_a_quiz_is_checked_too(make_course: MakeCourse) -> None:
    folder = with_link(make_course, "course:other/intro")
    quiz = "---\ntitle: Quiz\n---\n\n## {#q1 type=single}\nSiehe [dort](course:other/nix).\n\n- [x] a) Ja\n- [ ] b) Nein\n"
    (folder / "advanced/quiz.de.md").write_text(quiz, encoding="utf-8")
    assert "advanced/quiz.de.md:6: broken link: course 'other' has no module 'nix'" in " ".join(
        messages(folder)
    )


def test_courses_beside_skips_broken_course_files(tmp_path: Path) -> None:
    for name, text in {"a": "modules: [x, y]\n", "b": "modules: [\n", "c": "title: no modules\n"}.items():
        (tmp_path / name).mkdir()
        (tmp_path / name / "course.yaml").write_text(text, encoding="utf-8")
    (tmp_path / "notes").mkdir()
    assert courses_beside(tmp_path / "a") == {"a": ("x", "y")}


def test_rendered_as_the_module_page_with_its_fragment() -> None:
    html = render_markdown(
        "[Marken](course:ip-china/trademarks#fristen) [kaputt](course:ip-china) [hier](../patents/module.de.md)",
        image_base="enforcement",
        link_resolver=lambda target: module_link("ip-china", target),
    )
    assert '<a href="/courses/ip-china/trademarks#fristen" rel="noopener noreferrer">Marken</a>' in html
    assert '<a rel="noopener noreferrer">kaputt</a>' in html  # no href: the sanitiser drops "course:"
    assert 'href="/courses/ip-china/patents"' in html


def test_parse_course_link() -> None:
    link, suffix = parse_course_link("course:sino-german-culture/mixed-teams-and-germany#teil-2")
    assert (link.course, link.module, suffix) == ("sino-german-culture", "mixed-teams-and-germany", "#teil-2")
    assert parse_course_link("course:a/b/c")[0] is None


#: Every module of the Chinese-source course links to a related module of another course, in every language.
LINKS = {
    "eu-market-access": {"course:market-entry-china/data-and-genetic-resources"},
    "setting-up-in-germany": {"course:sino-german-culture/mixed-teams-and-germany"},
    "ip-germany-eu": {
        "course:ip-china/patents-and-designs",
        "course:market-entry-china/export-control-and-sanctions",
    },
    "data-compliance-investment": {
        "course:market-entry-china/data-and-genetic-resources",
        "course:market-entry-china/export-control-and-sanctions",
    },
    "market-access-reimbursement": {"course:sino-german-culture/negotiation-meetings-banquets"},
    "employing-in-germany": {"course:sino-german-culture/mixed-teams-and-germany"},
}


def test_the_chinese_source_course_links_its_related_modules_in_every_language(app) -> None:
    import_folder(app, REPO / "courses")
    with app.app_context():
        for slug, targets in LINKS.items():
            module = db.session.scalar(select(Module).where(Module.slug == slug))
            texts = db.session.scalars(
                select(ModuleText).where(ModuleText.revision_id == module.current_revision_id)
            )
            for text in texts:
                hrefs = {f'href="/courses/{t.removeprefix("course:")}"' for t in targets}
                assert all(href in text.html for href in hrefs), (slug, text.lang)
                assert "course:" not in text.html, (slug, text.lang)
                assert all(t in text.source for t in targets), (slug, text.lang)
