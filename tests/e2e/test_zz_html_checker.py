"""Valid HTML: the Nu HTML checker reports no error on any page the browser tests visited.

Named to run last in the folder, so it checks every page the other browser tests loaded as well; it walks
the main pages of each role itself first (at 390 px, in German, English and Chinese, with a screenshot of
each), so it also checks something when run alone.
"""

from __future__ import annotations

from tests.e2e import nu
from tests.e2e.site import LANGUAGES
from tests.e2e.test_pages_axe import TOURS

PHONE = {"width": 390, "height": 844}
#: The quiz tour starts attempts, which the course limits; the axe test already walks it.
WALKED = [who for who in TOURS if who != "quiz"]


def test_every_visited_page_is_valid_html(visitor):
    for who in WALKED:
        tour = TOURS[who]
        person = visitor(viewport=PHONE)
        person.goto("/")
        if tour.account:
            person.login(tour.account)
        for lang in LANGUAGES:
            person.set_language(lang)
            for name, step in tour.pages:
                if callable(step):
                    step(person, lang)
                else:
                    person.goto(step)
                person.screenshot(lang, f"390-{name}", full_page=False)
    pages = nu.kept()
    assert len(pages) >= 100, f"only {len(pages)} distinct pages were seen"
    errors = nu.check(pages)
    assert not errors, f"{len(errors)} HTML errors, by kind:\n" + nu.summary(errors)


def test_the_checker_finds_errors(e2e_enabled, tmp_path):
    """The checker is really run: a page with a <p> inside a <span> and a duplicate id fails."""
    page = tmp_path / "bad.html"
    page.write_text(
        '<!doctype html><html lang="en"><title>t</title><span><p>x</p></span><i id="a"></i><i id="a"></i>'
    )
    messages = [finding.message for finding in nu.check([page])]
    assert any("“p” not allowed" in m for m in messages), messages
    assert any("Duplicate ID" in m for m in messages), messages
