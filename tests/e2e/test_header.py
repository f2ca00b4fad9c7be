"""The header: one row of one height for every role and language; the menu button only on a phone.

At 1280 px every role (the admin has the most links) sees the whole navigation in one row in German, English
and Chinese; at 390 px the links fold behind the "Menu" button, which opens them. The height is the same
everywhere, so pages do not jump when the role or the language changes.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.e2e.site import ADMIN, LANGUAGES, MANAGER, PARTICIPANT, TRAINER

ROLES = {"visitor": None, "participant": PARTICIPANT, "manager": MANAGER, "trainer": TRAINER, "admin": ADMIN}
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}

#: What a person sees of the header: its height, whether the menu button shows, and the links' rows.
HEADER_JS = """() => {
  const header = document.querySelector('.site-header');
  const toggle = header.querySelector('.menu-toggle');
  const links = [...header.querySelectorAll('.main-nav li')].filter(li => li.offsetParent !== null);
  const boxes = links.map(li => li.getBoundingClientRect());
  // One row: every link's box overlaps every other's vertically.
  const oneRow = boxes.every(a => boxes.every(b => a.top < b.bottom && b.top < a.bottom));
  const inner = header.querySelector('.header-inner');
  const folded = header.classList.contains('has-menu-toggle');
  header.classList.remove('has-menu-toggle');
  const needed = inner.scrollWidth;
  if (folded) header.classList.add('has-menu-toggle');
  return {needed, room: inner.clientWidth, height: header.getBoundingClientRect().height,
          toggle: toggle.offsetParent !== null,
          visibleLinks: links.length, allLinks: header.querySelectorAll('.main-nav li').length,
          oneRow};
}"""


def _headers(visitor, account, viewport) -> dict[str, dict]:
    person = visitor(viewport=viewport)
    person.goto("/")
    if account is not None:
        person.login(account)
    found = {}
    for lang in LANGUAGES:
        person.set_language(lang)
        person.goto("/courses")
        found[lang] = person.page.evaluate(HEADER_JS)
    return found


@pytest.mark.parametrize("role", list(ROLES))
def test_full_navigation_in_one_row_at_1280(visitor, role):
    found = _headers(visitor, ROLES[role], DESKTOP)
    for lang, header in found.items():
        assert not header["toggle"], f"{role} {lang}: the menu button shows at 1280 px: {header}"
        assert header["visibleLinks"] == header["allLinks"], f"{role} {lang}: links hidden: {header}"
        assert header["oneRow"], f"{role} {lang}: the links take more than one row: {header}"
        assert header["height"] == pytest.approx(64, abs=0.5), (
            f"{role} {lang}: header is {header['height']} px"
        )


@pytest.mark.parametrize("role", ["visitor", "admin"])
def test_phone_menu_at_390(visitor, role):
    found = _headers(visitor, ROLES[role], PHONE)
    for lang, header in found.items():
        assert header["toggle"], f"{role} {lang}: no menu button at 390 px: {header}"
        assert header["visibleLinks"] == 0, f"{role} {lang}: links show beside the button: {header}"
        assert header["height"] == pytest.approx(64, abs=0.5), (
            f"{role} {lang}: header is {header['height']} px"
        )


def test_phone_menu_opens(visitor):
    person = visitor("en-GB", viewport=PHONE)
    person.goto("/")
    person.login(ADMIN)
    toggle = person.page.locator(".menu-toggle")
    expect(person.page.locator(".main-nav a[href='/admin/users']")).to_be_hidden()
    toggle.click()
    expect(toggle).to_have_attribute("aria-expanded", "true")
    person.follow(person.page.locator(".main-nav a[href='/admin/users']"))
    assert person.path().startswith("/admin/users")
